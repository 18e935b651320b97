"""Dates and periods as the old site wrote them.

Milestone periods: "January - June 2006", "Start - June 2005", "(6/2005)",
"June 2005", "November 2005 - April 2006", and as typed in a hurry: the month
glued to its year ("June2005"), any dash with or without spaces, "Jan.-Dec. '05".
News dates: "9 October 2007", "on 9th October 2007", "13-15 June 2007",
"From 13 - 15 June", "November 13th", and the US style of event headings,
"May 10-11, 2006" or "May 30 - June 1, 2006".
A date written without its year keeps ``year=None``; whoever knows the context
(the order of a news list, a milestone's period) supplies it.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

# The project ran from 1 January 2005 to 31 December 2007; the old site wrote
# "Start" and "End" for those days. A period is stored as months (the first of
# each), so "End" is the month of the last day.
PROJECT_START = datetime.date(2005, 1, 1)
PROJECT_END = datetime.date(2007, 12, 31)

# Years outside this range are typing errors, not dates of this project's site.
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS.update(
    {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
)
_MONTH_NUMBERS["sept"] = 9

# "May" only capitalised: in lower case it is far more often the verb. A month
# may be glued to the year that follows it ("June2005"), not to more letters.
MONTH = (
    r"(?:(?i:january|february|march|april|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)|May)(?![^\W\d_])\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Every kind of dash the old site's editors typed, and spelled-out ranges.
_DASHES = re.compile(r"\s*(?:[\u2010-\u2015\u2212-]|\bto\b|\buntil\b|\btill\b)\s*", re.IGNORECASE)


class PeriodError(ValueError):
    """A period that cannot be read; the message says why."""


@dataclass(frozen=True)
class PartialDate:
    """A day that may lack its year ("November 13th")."""

    year: int | None
    month: int
    day: int

    def with_year(self, year):
        return PartialDate(year, self.month, self.day)

    def as_date(self):
        if self.year is None:
            return None
        return datetime.date(self.year, self.month, self.day)


@dataclass(frozen=True)
class DateMention:
    """A day or a range of days found in a text, and where it was found."""

    start: PartialDate
    end: PartialDate | None
    span: tuple[int, int]

    @property
    def year(self):
        return self.start.year

    def with_year(self, year):
        """The mention placed in ``year`` (a range keeps its own length)."""
        if self.end is None:
            return DateMention(self.start.with_year(year), None, self.span)
        shift = self.end.year - self.start.year if self.end.year and self.start.year else 0
        return DateMention(self.start.with_year(year), self.end.with_year(year + shift), self.span)


def month_number(name):
    return _MONTH_NUMBERS[name.lower().rstrip(".")]


def normalise_dashes(text):
    """Every dash (and "to", "until") as a plain hyphen with no space around it."""
    return _DASHES.sub("-", text)


# --- periods -------------------------------------------------------------------

_ENDPOINT = re.compile(
    r"""^(?:
        (?P<start>(?:the\s+)?(?:project\s+)?(?:start|beginning)(?:\s+of\s+the\s+project)?)
      | (?P<end>(?:the\s+)?(?:project\s+)?end(?:\s+of\s+the\s+project)?)
      | (?P<name>"""
    + MONTH
    + r""")(?:\s*,?\s*(?P<name_year>\d{4}|['\u2019]?\d{2}))?
      | (?P<num_month>\d{1,2})(?:\s*[/.]\s*(?P<num_year>\d{4}))?
      | (?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})
    )$""",
    re.VERBOSE | re.IGNORECASE,
)

_START = "start"
_END = "end"


def _endpoint(text):
    """(month, year or None), or one of the markers _START and _END."""
    match = _ENDPOINT.match(text.strip())
    if match is None:
        raise PeriodError(f"'{text.strip()}' is not a month")
    if match["start"]:
        return _START
    if match["end"]:
        return _END
    if match["name"]:
        month, year = month_number(match["name"]), match["name_year"]
        if year is not None and len(year.lstrip("'\u2019")) == 2:
            # "June '05": the site's years are all of this century.
            year = 2000 + int(year.lstrip("'\u2019"))
    elif match["num_month"]:
        month, year = int(match["num_month"]), match["num_year"]
    else:
        month, year = int(match["iso_month"]), match["iso_year"]
    if not 1 <= month <= 12:
        raise PeriodError(f"{month} is not a month's number")
    if year is not None:
        year = int(year)
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise PeriodError(f"{year} is not a plausible year")
    return month, year


def parse_period(text, project_start=PROJECT_START, project_end=PROJECT_END):
    """The first and last month of a period, as dates of the 1st.

    A single month ("June 2005", "6/2005") is a period of one month. In a range
    the first month takes the year of the last ("January - June 2006"), or the
    year before when it comes later in the calendar ("November - February 2006").
    """
    shown = " ".join(text.split()).strip().strip("().:").strip()
    cleaned = normalise_dashes(shown)
    if not cleaned:
        raise PeriodError("no period given")
    parts = cleaned.split("-")
    # "2006-03" is an ISO month, not a range.
    if len(parts) == 2 and re.fullmatch(r"\d{4}", parts[0]) and re.fullmatch(r"\d{1,2}", parts[1]):
        parts = [cleaned]
    if len(parts) > 2:
        raise PeriodError(f"'{shown}' has more than two ends")
    if len(parts) == 1:
        endpoint = _endpoint(parts[0])
        if endpoint in (_START, _END) or endpoint[1] is None:
            raise PeriodError(f"'{shown}' has no year")
        month, year = endpoint
        first = last = datetime.date(year, month, 1)
    else:
        left, right = (_endpoint(part) for part in parts)
        if right == _START:
            raise PeriodError(f"'{shown}' ends at the start of the project")
        if left == _END:
            raise PeriodError(f"'{shown}' starts at the end of the project")
        if right == _END:
            last = project_end.replace(day=1)
        elif right[1] is None:
            raise PeriodError(f"'{shown}' has no year")
        else:
            last = datetime.date(right[1], right[0], 1)
        if left == _START:
            first = project_start.replace(day=1)
        elif left[1] is not None:
            first = datetime.date(left[1], left[0], 1)
        else:
            year = last.year - 1 if left[0] > last.month else last.year
            first = datetime.date(year, left[0], 1)
    if last < first:
        raise PeriodError(f"'{shown}' ends before it starts")
    return first, last


# --- days ----------------------------------------------------------------------

_DATE_PATTERN = re.compile(
    r"""\b(?:
        # 13-15 June 2007, 30 June - 2 July 2007, 13 - 15 June
        (?P<r_d1>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?P<r_m1>"""
    + MONTH
    + r"""))?
            \s*-\s*(?P<r_d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<r_m2>"""
    + MONTH
    + r""")
            (?:\s*,?\s*(?P<r_y>\d{4}))?
      # May 30 - June 1, 2006
      | (?P<ux_m1>"""
    + MONTH
    + r""")\s+(?P<ux_d1>"""
    + _DAY
    + r""")\s*-\s*(?P<ux_m2>"""
    + MONTH
    + r""")\s+(?P<ux_d2>"""
    + _DAY
    + r""")\b(?:\s*,?\s*(?P<ux_y>\d{4}))?
      # June 13-15, 2007
      | (?P<mr_m>"""
    + MONTH
    + r""")\s+(?P<mr_d1>"""
    + _DAY
    + r""")\s*-\s*(?P<mr_d2>"""
    + _DAY
    + r""")\b(?:\s*,?\s*(?P<mr_y>\d{4}))?
      # 9 October 2007, 9th of October
      | (?P<d_d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<d_m>"""
    + MONTH
    + r""")
            (?:\s*,?\s*(?P<d_y>\d{4}))?
      # November 13th, November 13, 2007
      | (?P<m_m>"""
    + MONTH
    + r""")\s+(?P<m_d>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?!\s*-\s*\d)
            (?:\s*,\s*(?P<m_y>\d{4})|\s+(?P<m_y2>\d{4}))?
      # 13.11.2007
      | (?P<n_d>\d{1,2})\.(?P<n_m>\d{1,2})\.(?P<n_y>\d{4})
      # 2007-11-13
      | (?P<i_y>\d{4})-(?P<i_m>\d{2})-(?P<i_d>\d{2})
    )\b""",
    re.VERBOSE,
)


def _day(year, month, day):
    """A PartialDate, or None when no calendar has that day."""
    year = int(year) if year else None
    if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    if not 1 <= month <= 12:
        return None
    # A year-less 29 February is possible: leap years exist.
    days = calendar.monthrange(year if year else 2004, month)[1]
    if not 1 <= day <= days:
        return None
    return PartialDate(year, month, day)


def _strip_ordinal(text):
    return int(re.sub(r"\D", "", text))


def _mention(match):
    """The DateMention a match of _DATE_PATTERN stands for, and why not if it is impossible."""
    mention = _checked_mention(match)
    if isinstance(mention, str):
        return None, f"'{match.group(0)}' {mention}"
    return mention, None


def _checked_mention(match):
    if match["r_d1"]:
        end_month = month_number(match["r_m2"])
        start_month = month_number(match["r_m1"]) if match["r_m1"] else end_month
        end_year = int(match["r_y"]) if match["r_y"] else None
        end = _day(end_year, end_month, int(match["r_d2"]))
        start_year = end_year
        if end_year and start_month > end_month:
            start_year = end_year - 1
        start = _day(start_year, start_month, int(match["r_d1"]))
    elif match["ux_m1"]:
        year = int(match["ux_y"]) if match["ux_y"] else None
        start_month, end_month = month_number(match["ux_m1"]), month_number(match["ux_m2"])
        end = _day(year, end_month, _strip_ordinal(match["ux_d2"]))
        start_year = year - 1 if year and start_month > end_month else year
        start = _day(start_year, start_month, _strip_ordinal(match["ux_d1"]))
    elif match["mr_m"]:
        month = month_number(match["mr_m"])
        start = _day(match["mr_y"], month, _strip_ordinal(match["mr_d1"]))
        end = _day(match["mr_y"], month, _strip_ordinal(match["mr_d2"]))
    elif match["d_d"]:
        start = _day(match["d_y"], month_number(match["d_m"]), int(match["d_d"]))
        end = None
    elif match["m_m"]:
        year = match["m_y"] or match["m_y2"]
        start = _day(year, month_number(match["m_m"]), int(match["m_d"]))
        end = None
    elif match["n_d"]:
        start = _day(match["n_y"], int(match["n_m"]), int(match["n_d"]))
        end = None
    else:
        start = _day(match["i_y"], int(match["i_m"]), int(match["i_d"]))
        end = None
    is_range = match["r_d1"] or match["ux_m1"] or match["mr_m"]
    if start is None or (is_range and end is None):
        return "is not a day of the calendar"
    if is_range:
        if start.year is None and start.month > end.month:
            # "30 December - 2 January" without a year: known only relative to each other.
            return "crosses a new year but gives no year"
        if start.year is not None and start.as_date() >= end.as_date():
            return "ends before it starts"
        if start.year is None and (start.month, start.day) >= (end.month, end.day):
            return "ends before it starts"
    return DateMention(start, end, match.span())


def scan_dates(text):
    """The days and ranges of days ``text`` mentions, in order, and what looked like a
    date but cannot be one ("31 September 2006"), each with the reason."""
    normalised = _same_length_dashes(text)
    mentions, problems = [], []
    for match in _DATE_PATTERN.finditer(normalised):
        mention, problem = _mention(match)
        if mention is not None:
            mentions.append(mention)
        else:
            problems.append(problem)
    return mentions, problems


def find_dates(text):
    """Every day or range of days mentioned in ``text``, in order."""
    return scan_dates(text)[0]


def _same_length_dashes(text):
    # Spans must stay valid for the original text, so each dash becomes one hyphen.
    return re.sub(r"[\u2010-\u2015\u2212]", "-", text)


def infer_year(partial, newer=None, older=None):
    """The year of a day given without one, from the dated neighbours in a list.

    Lists are newest first: the day is no earlier than ``older`` and no later
    than ``newer`` (either may be None). Returns None when neither is known or
    no year fits between them.
    """
    if older is not None:
        for year in (older.year, older.year + 1):
            day = _day(year, partial.month, partial.day)
            if day is not None and day.as_date() >= older:
                return year if newer is None or day.as_date() <= newer else None
        return None
    if newer is not None:
        for year in (newer.year, newer.year - 1):
            day = _day(year, partial.month, partial.day)
            if day is not None and day.as_date() <= newer:
                return year
    return None


def month_within(month, start, end):
    """The first of ``month`` (a number) within [start, end], if exactly one fits."""
    fits = [
        datetime.date(year, month, 1)
        for year in range(start.year, end.year + 1)
        if start <= datetime.date(year, month, 1) <= end
    ]
    return fits[0] if len(fits) == 1 else None
