"""Reads a page exported from the old site into plain data.

The old site's pages were written by different people over three years, but
share a few shapes, whether saved as text or as HTML:

* a "latest news" list, repeated on every page: each item is a title, an
  optional summary, and a "Read more" link that ends it;
* on work-package pages, the work package's heading ("Work Package 2: City
  marketing", or its name alone, "Knowledge networks", or none at all), an
  introduction, then "Milestone N (period)" headings each followed by their
  description; a "Work Package N" heading may stand anywhere, even at the end;
* on news and event pages, the article: the section it belongs to ("News",
  "Events", "News & Events", alone on a line or as the last part of a
  breadcrumb "Home > News & Events"), then its title, then optional
  "Label: value" lines (Date, Time, Place, Venue, Published), then its
  paragraphs, up to a "Back" or "Print" link or the end of the page;
* or an event announcement without a section: one heading line with the kind
  of event, its quoted title, the city and the dates ("Workshop "Innovation in
  Capital Regions" Tallinn, May 10-11, 2006"), its paragraphs, "Read more".

HTML is reduced to the same sequence of blocks as text (one block per
paragraph, heading or line, each with the line it starts on), so one grammar
reads both. What cannot be read in one item (a period, a date, a title) is a
warning naming the line, and the item is left out; only a file that cannot be
read at all is refused. Nothing here touches the database: cities, partners
and existing pages are the importer's business.
"""

import codecs
import datetime
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import PurePath

import charset_normalizer

from cms.legacy.dates import (
    MONTH,
    PROJECT_END,
    PROJECT_START,
    PeriodError,
    find_dates,
    infer_year,
    month_number,
    month_within,
    parse_period,
    scan_dates,
)
from cms.legacy.normalise import fold, title_key, work_package_key
from cms.text import strip_control_characters

TITLE_MAX_LENGTH = 255


class LegacyParseError(ValueError):
    """A page that cannot be imported; ``reason`` says why, in words for the operator."""

    def __init__(self, name, reason):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


# --- the data read from a page ---------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something said about one line of a file: a warning (an item left out or
    not understood) or a note (a decision the operator may want to check)."""

    line: int | None
    text: str

    def __str__(self):
        return f"line {self.line}: {self.text}" if self.line else self.text


@dataclass(frozen=True)
class NewsItem:
    """A news item: from the "latest news" list, or a page's own article."""

    title: str
    summary: str = ""
    body: tuple[str, ...] = ()
    # The day (or first day) the text names, and the last day of a range.
    date: datetime.date | None = None
    end_date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    # Place names as written, the likeliest first; which is a city is for the importer to say.
    places: tuple[str, ...] = ()
    venue: str = ""
    published: datetime.date | None = None
    # For an undated item, the date of the list's nearest dated item (older first):
    # where it stood on the old site's list.
    listed_near: datetime.date | None = None
    work_package_numbers: tuple[int, ...] = ()
    is_article: bool = False
    is_event_page: bool = False
    notes: tuple[str, ...] = ()
    line: int | None = None
    # The heading as the page wrote it, when the title was taken out of it
    # ("Workshop "X" Tallinn, May 10-11, 2006" gives the title "Workshop "X"").
    heading: str = ""

    @property
    def title_key(self):
        return title_key(self.title)

    @property
    def title_keys(self):
        """Every title the item may have been listed under."""
        keys = {self.title_key}
        if self.heading:
            keys.add(title_key(self.heading))
        return keys

    @property
    def key(self):
        """Stable across pages and imports: the normalised title and the date."""
        return f"{self.date.isoformat() if self.date else 'undated'}:{self.title_key}"


@dataclass(frozen=True)
class Meeting:
    kind: str
    month: datetime.date
    place: str | None
    in_every_partner_city: bool = False
    organiser: str = "wp_coordinator"
    # "organised ... with the local partner": the partner in the meeting's city.
    with_local_partner: bool = False
    sentence: str = ""


@dataclass(frozen=True)
class Milestone:
    number: int
    period_start: datetime.date
    period_end: datetime.date
    description: str
    meetings: tuple[Meeting, ...] = ()
    notes: tuple[str, ...] = ()
    # Not part of what the milestone says: two pages may list it on different lines.
    line: int | None = field(default=None, compare=False)

    @property
    def content(self):
        """What the milestone says, for comparing two pages that list it."""
        return (self.number, self.period_start, self.period_end, self.description, self.meetings)


@dataclass(frozen=True)
class WorkPackage:
    # None when the page gives no number: the work package is known by its name.
    number: int | None
    title: str = ""
    intro: tuple[str, ...] = ()
    objective: str = ""
    milestones: tuple[Milestone, ...] = ()
    # How the page told its number and its name, for the report.
    number_source: str = ""
    title_source: str = ""
    # "divided into six milestones": how many the introduction announces.
    announced_milestones: int | None = None

    @property
    def name_key(self):
        return work_package_key(self.title) if self.title else ""

    @property
    def label(self):
        if self.number is None:
            return f"“{self.title}”"
        return f"WP {self.number}" + (f" “{self.title}”" if self.title else "")


@dataclass(frozen=True)
class LegacyPage:
    name: str
    news: tuple[NewsItem, ...] = ()
    work_package: WorkPackage | None = None
    article: NewsItem | None = None
    is_html: bool = False
    # The page's own title: its <title>, or the first line of a text export.
    title: str = ""
    encoding: str = ""
    warnings: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()
    # (number, name, line) for each "WP 3 "Cluster Development"" in the page's text:
    # where a page names a work package without its number, another may pair them.
    numbered_names: tuple[tuple[int, str, int | None], ...] = ()
    # Milestone headings on the page, read or not: the report's totals add up.
    milestone_headings: int = 0
    # Items of the "latest news" list that were left out (see the warnings).
    news_left_out: int = 0

    @property
    def news_items(self):
        """The list's items and the article, each once."""
        return (*self.news, self.article) if self.article else self.news


class _Findings:
    def __init__(self):
        self.warnings = []
        self.notes = []

    def warn(self, line, text):
        self.warnings.append(Finding(line, text))

    def note(self, line, text):
        self.notes.append(Finding(line, text))


# --- reading bytes ----------------------------------------------------------------

_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")
_HTML_CONTENT = re.compile(
    r"^\s*<(?:!doctype\s+html|html|head|body|div|p|h[1-6]|table)\b|</(?:p|div|body|html|h[1-6])>",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# Browsers read these labels as windows-1252, and so did the old site's visitors.
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
# The single-byte encodings a page of a Baltic Sea Region site of 2005-2007 may
# be in, the likeliest first: windows-1252 was what Western editors saved, then
# the Baltic, Central European and Cyrillic ones. charset-normalizer measures
# how well each reads a file; among those that read it equally well, this order
# decides (left to itself it prefers windows-1250, which turns "Ø" into "Ř").
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1257",
    "cp1250",
    "cp1251",
    "iso8859_15",
    "iso8859_13",
    "iso8859_2",
    "koi8_r",
)


# How much messier than the cleanest reading a reading may be and still be
# likely; above what coherence charset-normalizer has recognised a language, and
# how far below it another reading is not that language.
PLAUSIBLE_CHAOS = 0.1
RECOGNISED_LANGUAGE = 0.5
LANGUAGE_MARGIN = 0.25


def looks_like_html(text, name=""):
    if name.lower().endswith(_HTML_EXTENSIONS):
        return True
    if name.lower().endswith(".txt"):
        return bool(re.match(r"\s*<(?:!doctype\s+html|html)\b", text, re.IGNORECASE))
    return bool(_HTML_CONTENT.search(text[:5000]))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str
    finding: Finding | None = None
    is_guess: bool = False


def decode_export(data, name, encoding=None):
    """The text of an exported file."""
    return read_bytes(data, name, encoding).text


def read_bytes(data, name, encoding=None):
    """The text of an exported file, and how its encoding was known.

    Given, a byte order mark, a <meta> declaration or valid UTF-8 are taken as
    they are; anything else is measured against LEGACY_ENCODINGS, and when two
    of them read the file equally well but differently, that is a warning.
    """
    if encoding:
        return _decode(data, name, encoding, "as given")
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], name, "utf-8", "by its byte order mark")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, name, "utf-16", "by its byte order mark")
    if b"\x00" in data:
        raise LegacyParseError(name, "is a binary file, not an exported page")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        label = "cp1252" if label in _WINDOWS_1252_LABELS else label
        return _decode(data, name, label, "as its <meta> declares")
    try:
        return Decoded(strip_control_characters(data.decode("utf-8")), "utf-8", "")
    except UnicodeDecodeError as error:
        return _detect(data, name, error)


def _decode(data, name, encoding, how):
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise LegacyParseError(name, f"names an unknown encoding '{encoding}'") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        where = f"byte 0x{byte:02x} at offset {error.start}"
        raise LegacyParseError(name, f"cannot be read as {encoding} {how} ({where})") from None
    return Decoded(strip_control_characters(text), encoding, how)


def _encoding_name(codec):
    return {"cp1250": "windows-1250", "cp1251": "windows-1251", "cp1252": "windows-1252"}.get(
        codec, codec.replace("cp125", "windows-125").replace("iso8859_", "iso-8859-")
    )


def _detect(data, name, utf8_error):
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        where = f"byte 0x{utf8_error.object[utf8_error.start]:02x} at offset {utf8_error.start}"
        raise LegacyParseError(
            name,
            f"cannot be read as utf-8 ({where}), and no encoding of the region reads it "
            "cleanly; give its encoding with --encoding",
        )

    def preference(match):
        # charset-normalizer groups encodings that read a file alike.
        return min(
            LEGACY_ENCODINGS.index(codec)
            for codec in [match.encoding, *match.could_be_from_charset]
            if codec in LEGACY_ENCODINGS
        )

    # On a short text several encodings read about as cleanly, and the measures
    # can favour a wrong one (a Russian line read as windows-1250): every reading
    # close to the cleanest is a candidate, unless the library recognises a
    # language far better in another; more than one candidate is a warning.
    cleanest = min(match.chaos for match in matches)
    plausible = [match for match in matches if match.chaos <= cleanest + PLAUSIBLE_CHAOS]
    coherence = max(match.coherence for match in plausible)
    if coherence >= RECOGNISED_LANGUAGE:
        plausible = [match for match in plausible if match.coherence >= coherence - LANGUAGE_MARGIN]
    tied = sorted(plausible, key=preference)
    chosen = LEGACY_ENCODINGS[preference(tied[0])]
    text = strip_control_characters(data.decode(chosen))
    letters = sorted({word for word in re.findall(r"\w+", text) if not word.isascii()})[:5]
    shown = ", ".join(letters) or "none"
    others = [LEGACY_ENCODINGS[preference(match)] for match in tied[1:]]
    if others:
        alternatives = ", ".join(_encoding_name(codec) for codec in others)
        finding = Finding(
            None,
            f"is neither UTF-8 nor declares its encoding, and reads about as cleanly in "
            f"{alternatives} (each differently): read as {_encoding_name(chosen)} ({shown}); "
            "if that is wrong, give --encoding",
        )
        return Decoded(text, chosen, "guessed", finding, is_guess=True)
    finding = Finding(
        None,
        f"is neither UTF-8 nor declares its encoding: read as {_encoding_name(chosen)}, "
        f"detected ({shown})",
    )
    return Decoded(text, chosen, "detected", finding)


def parse_export(data, name, *, encoding=None, work_package=None):
    """Decode and parse an exported file's bytes."""
    decoded = read_bytes(data, name, encoding=encoding)
    page = parse_page(decoded.text, name, work_package=work_package)
    if decoded.finding is None:
        return replace(page, encoding=decoded.encoding)
    if decoded.is_guess:
        return replace(page, encoding=decoded.encoding, warnings=(decoded.finding, *page.warnings))
    return replace(page, encoding=decoded.encoding, notes=(decoded.finding, *page.notes))


# --- blocks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    text: str
    heading: int = 0
    # Every word of the block is link text: a menu entry, not content.
    all_link: bool = False
    read_more: bool = False
    # Where a news list was taken out: text on either side does not run on.
    boundary: bool = False
    # The line of the file the block starts on.
    line: int | None = None
    # In a text export, two or more blank lines before it: a new part of the page.
    gap_before: bool = False


_READ_MORE = re.compile(
    r"^(?:read\s+more|more|read\s+on|further\s+information)\s*(?:»|>>|\u203a|\.\.\.|…|>)?$",
    re.IGNORECASE,
)


def text_blocks(text):
    """One block per non-empty line: the old site's text export puts each paragraph on one."""
    blocks = []
    blank_lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        line = " ".join(line.split())
        if not line:
            blank_lines += 1
            continue
        blocks.append(
            Block(
                line,
                read_more=bool(_READ_MORE.match(line)),
                line=number,
                gap_before=bool(blocks) and blank_lines >= 2,
            )
        )
        blank_lines = 0
    # An export that leaves two blank lines after every paragraph marks no part by it.
    if sum(block.gap_before for block in blocks) * 2 > len(blocks):
        blocks = [replace(block, gap_before=False) for block in blocks]
    return blocks


class _HtmlBlocks(HTMLParser):
    BLOCK_TAGS = frozenset(
        {
            "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div",
            "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
            "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
            "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
        }
    )  # fmt: skip
    SKIPPED_TAGS = frozenset(
        {"script", "style", "noscript", "template", "iframe", "object", "svg", "select"}
    )

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.document_title = ""
        self._parts = []
        self._heading = 0
        self._skipping = 0
        self._links = []
        self._title = None
        self._line = None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "title":
            self._title = []
        elif tag == "a":
            self._links.append(len(self._parts))
        elif tag in self.BLOCK_TAGS:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self._heading = int(tag[1])

    def handle_endtag(self, tag):
        if tag in self.SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title" and self._title is not None:
            self.document_title = " ".join("".join(self._title).split())
            self._title = None
        elif tag == "a" and self._links:
            start = self._links.pop()
            text = " ".join("".join(part for part, _ in self._parts[start:]).split())
            if _READ_MORE.match(text):
                del self._parts[start:]
                self._flush()
                self.blocks.append(Block(text, read_more=True, line=self.getpos()[0]))
        elif tag in self.BLOCK_TAGS:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self._heading = 0

    def handle_data(self, data):
        if self._skipping:
            return
        if self._title is not None:
            self._title.append(data)
            return
        if self._line is None and data.strip():
            leading = data[: len(data) - len(data.lstrip())]
            self._line = self.getpos()[0] + leading.count("\n")
        self._parts.append((data, bool(self._links)))

    def close(self):
        super().close()
        self._flush()

    def _flush(self):
        text = " ".join("".join(part for part, _ in self._parts).split())
        if text:
            all_link = all(in_link or not part.strip() for part, in_link in self._parts)
            self.blocks.append(
                Block(text, heading=self._heading, all_link=all_link, line=self._line)
            )
        self._parts = []
        self._line = None


def html_blocks(html):
    """The blocks of an HTML page, and the text of its <title>."""
    parser = _HtmlBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks, parser.document_title


# --- recognising blocks ---------------------------------------------------------------

_NEWS_LIST_HEADINGS = {"latest news", "latest news and events", "latest news & events"}
_SECTIONS = {
    "news": False,
    "events": True,
    "event": True,
    "news & events": False,
    "news and events": False,
    "news/events": False,
    "news / events": False,
    "event calendar": True,
}
_BREADCRUMB = re.compile(r"^(?:you are here:\s*)?home\s*(?:>|»|\u203a|/|\|)\s*(.+)$", re.IGNORECASE)
_BREADCRUMB_SEPARATOR = re.compile(r"\s*(?:>|»|\u203a|/|\|)\s*")
_TERMINATORS = re.compile(
    r"^(?:«\s*|<\s*)?(?:back|back to (?:news|events|the list|top)|print|print this page|"
    r"top|to top|send to a friend|recommend this page)\s*(?:»|>)?$|^(?:©|\(c\)|copyright\b)",
    re.IGNORECASE,
)
_MILESTONE_HEADING = re.compile(
    r"^milestone\s+(?P<number>\d{1,2})\b\s*"
    r"(?:\((?P<paren>[^)]*)\)|[:\u2013\u2014-]\s*(?P<after>.+?))?\s*[.:]?$",
    re.IGNORECASE,
)
_WORK_PACKAGE_HEADING = re.compile(
    r"^(?:work\s*package|wp)\s*(?P<number>\d{1,2})\s*"
    r"(?:[:.\u2013\u2014-]\s*(?P<title>.+?)|[\"“](?P<quoted>[^\"”]+)[\"”])?\s*\.?$",
    re.IGNORECASE,
)
_WORK_PACKAGE_MENTION = re.compile(r"\b(?:wp\s*|work\s+package\s+)(\d{1,2})\b", re.IGNORECASE)
# "WP 3 "Cluster Development"" in any text: a number and a name said together.
_NUMBERED_NAME = re.compile(
    r"\b(?:wp|work\s*package)\s*(?P<number>\d{1,2})\s*[:,\u2013\u2014-]?\s*"
    r"[\"“„](?P<name>[^\"“”„]{3,80})[\"”“]",
    re.IGNORECASE,
)
_META = re.compile(
    r"^(?P<label>date|dates|when|time|place|where|venue|location|published|posted|"
    r"date of publication)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_TIME_RANGE = re.compile(
    r"(?P<h1>\d{1,2})[:.](?P<m1>\d{2})(?:\s*(?:[\u2013\u2014-]|to|until)\s*"
    r"(?P<h2>\d{1,2})[:.](?P<m2>\d{2}))?"
)
_HEADING_MAX_LENGTH = 120


def _folded(block):
    return fold(block.text).strip(" :")


def _is_news_list_heading(block):
    return _folded(block) in _NEWS_LIST_HEADINGS


def _section(block):
    """True for an events section, False for news, None when the block is no section marker."""
    if block.all_link or block.read_more:
        return None
    text = _folded(block)
    if text in _SECTIONS:
        return _SECTIONS[text]
    crumb = _BREADCRUMB.match(block.text)
    if crumb:
        for part in reversed(_BREADCRUMB_SEPARATOR.split(crumb.group(1))):
            folded = fold(part).strip(" :")
            if folded in _SECTIONS:
                return _SECTIONS[folded]
    return None


def _is_breadcrumb(block):
    return bool(_BREADCRUMB.match(block.text))


def _is_terminator(block):
    return bool(_TERMINATORS.match(block.text))


def _milestone_heading(block):
    """The heading's match, or None when the block is not a milestone heading."""
    if len(block.text) > _HEADING_MAX_LENGTH:
        return None
    match = _MILESTONE_HEADING.match(block.text)
    if match is None:
        return None
    after = match["after"]
    # "Milestone 4 - the group meets" is a sentence; a heading gives a year or "Start".
    if after is not None and not re.search(r"\d{4}|\bstart\b|\bend\b", after, re.IGNORECASE):
        return None
    return match


def _work_package_heading(block):
    if len(block.text) > _HEADING_MAX_LENGTH or block.all_link:
        return None
    return _WORK_PACKAGE_HEADING.match(block.text)


def _is_structural(block):
    return (
        block.boundary
        or block.read_more
        or _is_news_list_heading(block)
        or _milestone_heading(block) is not None
        or _work_package_heading(block) is not None
        or _section(block) is not None
        or _is_terminator(block)
    )


# --- places, sentences, text ----------------------------------------------------------

_CAPITAL = "A-ZÀ-ÖØ-Þ"
_NAME = (
    rf"(?:(?:St|Sankt|Saint|San)\.?\s+)?[{_CAPITAL}][\w'\u2019-]*"
    rf"(?:\s+(?:[{_CAPITAL}][\w'\u2019-]*)){{0,2}}"
)
_IN_PLACE = re.compile(rf"(?<![\w-])[Ii]n\s+(?P<name>{_NAME})")
_CITY_OF = re.compile(rf"\bCity\s+of\s+(?P<name>{_NAME})")
_NOT_PLACES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "the", "this", "that", "these", "those", "its", "their",
        "our", "his", "her", "a", "an", "spring", "summer", "autumn", "winter",
    }
)  # fmt: skip
_ABBREVIATIONS = frozenset(
    {"st", "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "prof", "no", "vs", "approx", "ca", "cf"}
)


def place_candidates(text, city_of=True):
    """Capitalised names the text places something in: "in Berlin", "City of St. Petersburg"."""
    found = []
    for pattern in (_IN_PLACE, _CITY_OF) if city_of else (_IN_PLACE,):
        for match in pattern.finditer(text):
            name = match["name"].rstrip(".'\u2019-")
            if name.split()[0].lower().rstrip(".") in _NOT_PLACES:
                continue
            found.append((match.start(), name))
    names = []
    for _position, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


def sentences(text):
    """The sentences of a paragraph; "St." and "e.g." do not end one."""
    result = []
    start = 0
    for match in re.finditer(r"[.!?]+[\"”\u2019)]*\s+(?=[\"“(]?[A-Z0-9])", text):
        before = text[start : match.start()].split()
        last_word = before[-1].lower().rstrip(".") if before else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        result.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        result.append(rest)
    return result


def _clean_title(text):
    text = " ".join(text.split())
    # Titles on the old site sometimes end with a full stop; a title does not.
    if text.endswith(".") and not text.endswith("..."):
        last_word = text.split()[-1].rstrip(".").lower()
        if last_word not in _ABBREVIATIONS:
            text = text[:-1].rstrip()
    return text


def _work_package_numbers(text):
    return tuple(dict.fromkeys(int(number) for number in _WORK_PACKAGE_MENTION.findall(text)))


# --- the page's own title -------------------------------------------------------------

_SITE_NAME = r"balt\s*met(?:\s+inno)?"
_TITLE_SEPARATOR = r"\s*(?:[:|»>\u2013\u2014]|\s-)\s*"
_TITLE_LINE = re.compile(
    rf"^(?:{_SITE_NAME}){_TITLE_SEPARATOR}(?P<after>.+)$"
    rf"|^(?P<before>.+?){_TITLE_SEPARATOR}(?:{_SITE_NAME})$",
    re.IGNORECASE,
)
# Titles of a section, not of a page: no work package is called that.
_GENERIC_TITLES = frozenset(
    {
        "home", "news", "events", "news & events", "news and events", "work packages",
        "work package", "workpackages", "milestones", "activities", "work plan", "workplan",
        "introduction", "description", "objectives", "objective", "background", "content",
        "contents", "partners", "contact", "project", "about", "about the project",
    }
)  # fmt: skip


def _title_line(blocks):
    """The site's title line at the top of a text export ("BaltMet Inno - Cluster
    Development"): its index and the page's part of it, or (None, "")."""
    if not blocks or _is_news_list_heading(blocks[0]):
        return None, ""
    match = _TITLE_LINE.match(blocks[0].text)
    if match is None:
        return None, ""
    return 0, (match["after"] or match["before"]).strip()


def _page_name(title):
    """The page's part of its <title>: "BaltMet Inno - City marketing" gives "City marketing"."""
    match = _TITLE_LINE.match(title)
    if match is not None:
        return (match["after"] or match["before"]).strip()
    return "" if re.fullmatch(_SITE_NAME, title.strip(), re.IGNORECASE) else title.strip()


def _name_in_title(title):
    """A work package's name in a page title, without its "WP 3:" prefix; "" if none."""
    name = re.sub(
        r"^(?:wp|work\s*package)\s*\d*\s*[:.,\u2013\u2014-]?\s*", "", title, flags=re.IGNORECASE
    ).strip(' "“”')
    if not name or fold(name) in _GENERIC_TITLES or not re.search(r"[^\W\d_]", name):
        return ""
    return name


def _is_short_line(block):
    """A line that is no sentence: a menu entry, a heading."""
    text = block.text.strip()
    return len(text.split()) <= 10 and not re.search(r"[.;,!?:]$", text)


def _looks_like_name(block):
    """A short line with no sentence in it: "Knowledge networks", "Regional Branding"."""
    text = block.text.strip()
    if (
        _is_structural(block)
        or block.all_link
        or _is_breadcrumb(block)
        or len(text) > 80
        or len(text.split()) > 10
        or re.search(r"[.;,!?]$", text)
        or (text.endswith(":") and not block.heading)
        or re.search(r"\b(?:19|20)\d{2}\b", text)
        or not re.match(r"[\"“'0-9A-ZÀ-ÖØ-Þ]", text)
    ):
        return False
    return fold(text.strip(" :")) not in _GENERIC_TITLES


# --- event headings ------------------------------------------------------------------------

_EVENT_KINDS = (
    r"(?:workshops?|seminars?|conferences?|meetings?|forums?|symposi(?:um|a)|"
    r"round\s*tables?|study\s+(?:visits?|tours?)|summits?|fairs?|exhibitions?|"
    r"congress(?:es)?|sessions?|events?|trainings?|kick-?off|launch|hearings?|festivals?)"
)
_EVENT_HEADING = re.compile(
    rf"^(?P<kind>(?:[^\"“”„«»]{{0,60}}?\s)?{_EVENT_KINDS})\s*[:,\u2013\u2014-]?\s*"
    r"(?P<quoted>[\"“„«](?P<name>[^\"“”„«»]{3,200})[\"”“»])"
    r"\s*[,:;\u2013\u2014-]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EventHeading:
    """ "Workshop "Innovation in Capital Regions" Tallinn, May 10-11, 2006", taken apart."""

    title: str
    kind: str
    places: tuple[str, ...]
    date: datetime.date | None
    end_date: datetime.date | None
    problems: tuple[str, ...] = ()


def event_heading(text):
    """The parts of an event announcement's heading line, or None if it is none.

    The line names the kind of event, its quoted title, then the place and the
    dates in either order; the title of the news item is the kind and the quoted
    title, as written, for the place and dates have fields of their own.
    """
    match = _EVENT_HEADING.match(text.strip())
    if match is None:
        return None
    rest = match["rest"]
    mentions, problems = scan_dates(rest)
    mention = next((m for m in mentions if m.year is not None), None)
    if mention is None:
        if not problems:
            if not mentions:
                return None
            problems = [f"'{rest.strip()}' gives no year"]
        place_text = rest
    else:
        place_text = rest[: mention.span[0]] + " " + rest[mention.span[1] :]
    place_text = re.sub(r"^\s*(?:in|at)\s+", "", place_text.strip(" ,;:\u2013\u2014-"))
    place_text = re.sub(r"\s+(?:on|from)$", "", place_text).strip(" ,;:\u2013\u2014-")
    if not place_text or not re.match(r"[^\W\d_]", place_text):
        return None
    title = text.strip()[: match.end("quoted")].strip()
    return EventHeading(
        title=title,
        kind=match["kind"].strip(),
        places=tuple(dict.fromkeys(_split_place(place_text))),
        date=mention.start.as_date() if mention else None,
        end_date=mention.end.as_date() if mention and mention.end else None,
        problems=tuple(problems),
    )


# --- the news list ----------------------------------------------------------------------


def _is_article_in_list(blocks):
    """An event heading with paragraphs below it is the page's article, not an
    item of the list (an item has one summary at most), even where the export
    ran the two together."""
    return len(blocks) >= 3 and event_heading(blocks[0].text) is not None


def _split_news_list(blocks):
    """The list's items (lists of blocks) and the rest of the page."""
    start = next((i for i, block in enumerate(blocks) if _is_news_list_heading(block)), None)
    if start is None:
        return [], list(blocks), False
    items = []
    pending = []
    position = start + 1
    while position < len(blocks):
        block = blocks[position]
        if block.gap_before and items and not pending:
            # A text export leaves two blank lines where the list ends.
            break
        if block.read_more:
            if pending and _is_article_in_list(pending):
                break
            if pending:
                items.append(pending)
            pending = []
        elif (
            block.boundary
            or _is_news_list_heading(block)
            or _milestone_heading(block) is not None
            or _section(block) is not None
            or (block.heading and block.heading <= 2)
        ):
            break
        else:
            pending.append(block)
        position += 1
    # What follows the last "Read more" is no news item: it is the page's own text.
    rest = [*blocks[:start], Block("", boundary=True), *pending, *blocks[position:]]
    return items, rest, True


def _item_from_blocks(blocks, findings):
    """A NewsItem and the date it names, or (None, None) with a warning."""
    content = [block.text for block in blocks if not block.all_link or block is blocks[0]]
    line = blocks[0].line
    title = _clean_title(content[0])
    summary = " ".join(content[1:])
    if len(title) > TITLE_MAX_LENGTH:
        findings.warn(
            line,
            f"news item “{title[:60]}…” has a title of {len(title)} characters (at most "
            f"{TITLE_MAX_LENGTH}): the item is left out",
        )
        return None, None
    heading = event_heading(title)
    mentions, problems = scan_dates(title)
    if not mentions:
        summary_mentions, summary_problems = scan_dates(summary)
        mentions, problems = summary_mentions, problems + summary_problems
    if problems and not mentions:
        findings.warn(
            line, f"news item “{title}”: {'; '.join(problems)}; it is dated by its neighbours"
        )
    # An event heading states its place; "in" within its quoted name places nothing.
    in_title = list(heading.places) if heading is not None else place_candidates(title)
    places = [*in_title, *place_candidates(summary)]
    return NewsItem(
        title=title,
        summary=summary,
        places=tuple(dict.fromkeys(places)),
        work_package_numbers=_work_package_numbers(f"{title} {summary}"),
        line=line,
    ), (mentions[0] if mentions else None)


def _date_items(items_and_mentions):
    """Give each item its date; a day without a year takes one from the items around it."""
    explicit = [
        mention.start.as_date() if mention and mention.year else None
        for _item, mention in items_and_mentions
    ]
    dated = []
    for index, (item, mention) in enumerate(items_and_mentions):
        newer = next((d for d in reversed(explicit[:index]) if d), None)
        older = next((d for d in explicit[index + 1 :] if d), None)
        notes = list(item.notes)
        if mention is not None and mention.year is None:
            year = infer_year(mention.start, newer=newer, older=older)
            if year is None:
                notes.append("its date gives no year, and the list around it does not tell")
                mention = None
            else:
                mention = mention.with_year(year)
                notes.append(f"year {year} taken from the dates of the items around it")
        if mention is None:
            dated.append(replace(item, listed_near=older or newer, notes=tuple(notes)))
            continue
        dated.append(
            replace(
                item,
                date=mention.start.as_date(),
                end_date=mention.end.as_date() if mention.end else None,
                notes=tuple(notes),
            )
        )
    return dated


# --- the article ------------------------------------------------------------------------------


def _times(value):
    match = _TIME_RANGE.search(value)
    if match is None:
        return None, None
    try:
        start = datetime.time(int(match["h1"]), int(match["m1"]))
        end = datetime.time(int(match["h2"]), int(match["m2"])) if match["h2"] else None
    except ValueError:
        return None, None
    return start, end


def _split_place(value):
    """Candidates from "Smolny Palace, St. Petersburg": the last part first, where cities go."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    return [*reversed(parts), value.strip()] if len(parts) > 1 else parts


def _article_body(blocks, position):
    """The paragraphs from ``position`` to the next structural block, and where they end."""
    body = []
    while position < len(blocks) and not _is_structural(blocks[position]):
        if blocks[position].heading and blocks[position].heading <= 2 and body:
            break
        if not blocks[position].all_link:
            body.append(blocks[position].text)
        position += 1
    return body, position


def _parse_article(blocks, findings):
    """The page's article and the blocks that are not part of it."""
    article, rest = _parse_section_article(blocks, findings)
    if article is None:
        article, rest = _parse_event_announcement(blocks, findings)
    return article, rest


def _parse_section_article(blocks, findings):
    start = None
    is_event_section = False
    for index, block in enumerate(blocks):
        section = _section(block)
        if section is not None:
            start, is_event_section = index, section
            break
    if start is None:
        return None, blocks
    position = start + 1
    while position < len(blocks) and (
        _is_breadcrumb(blocks[position]) or _section(blocks[position]) is not None
    ):
        position += 1
    if position >= len(blocks) or _is_structural(blocks[position]) or blocks[position].all_link:
        return None, blocks
    title_block = blocks[position]
    title = _clean_title(title_block.text)
    position += 1
    meta = {}
    while position < len(blocks):
        match = _META.match(blocks[position].text)
        if match is None:
            break
        meta.setdefault(match["label"].lower(), (match["value"].strip(), blocks[position].line))
        position += 1
    body = []
    while position < len(blocks) and not _is_structural(blocks[position]):
        if not blocks[position].all_link:
            body.append(blocks[position].text)
        position += 1
    # A menu in a text export ("News", "Partners", "Contact") has a section name
    # and a line after it too; an article has details or at least one sentence,
    # and does not run into milestones (the menu's page is a work package's).
    if not meta and not any(len(paragraph.split()) >= 6 for paragraph in body):
        return None, blocks
    if position < len(blocks) and _milestone_heading(blocks[position]) is not None:
        return None, blocks
    rest = [*blocks[:start], Block("", boundary=True), *blocks[position:]]
    if len(title) > TITLE_MAX_LENGTH:
        findings.warn(
            title_block.line,
            f"the article's title has {len(title)} characters (at most {TITLE_MAX_LENGTH}): "
            "the article is left out",
        )
        return None, rest
    return _article(title, title_block.line, meta, body, is_event_section, findings), rest


def _parse_event_announcement(blocks, findings):
    """An event heading line, its paragraphs and its "Read more", anywhere on the page."""
    for index, block in enumerate(blocks):
        if block.all_link or _is_structural(block) or len(block.text) > TITLE_MAX_LENGTH * 2:
            continue
        heading = event_heading(block.text)
        if heading is None:
            continue
        body, end = _article_body(blocks, index + 1)
        if not body:
            continue
        if end < len(blocks) and blocks[end].read_more:
            end += 1
        rest = [*blocks[:index], Block("", boundary=True), *blocks[end:]]
        if len(heading.title) > TITLE_MAX_LENGTH:
            findings.warn(
                block.line,
                f"the article's title has {len(heading.title)} characters (at most "
                f"{TITLE_MAX_LENGTH}): the article is left out",
            )
            return None, rest
        for problem in heading.problems:
            findings.warn(
                block.line, f"the event heading's date {problem}: the article is no event"
            )
        return NewsItem(
            title=heading.title,
            body=tuple(body),
            date=heading.date,
            end_date=heading.end_date,
            places=heading.places,
            work_package_numbers=_work_package_numbers(" ".join([block.text, *body])),
            is_article=True,
            is_event_page=True,
            line=block.line,
            heading=block.text,
        ), rest
    return None, blocks


def _article(title, line, meta, body, is_event_section, findings):
    notes = []
    values = {label: value for label, (value, _line) in meta.items()}
    published = None
    published_label = next(
        (label for label in ("published", "posted", "date of publication") if label in meta), None
    )
    if published_label:
        published_text, published_line = meta[published_label]
        mentions, problems = scan_dates(published_text)
        if mentions and mentions[0].year:
            published = mentions[0].start.as_date()
        else:
            reason = "; ".join(problems) or f"'{published_text}' is not a day with its year"
            findings.warn(published_line, f"the article's publication date: {reason}")
    heading = event_heading(title)
    date_label = next((label for label in ("date", "dates", "when") if label in meta), None)
    if date_label:
        date_text, date_line = meta[date_label]
        mentions, problems = scan_dates(date_text)
        if not mentions:
            reason = "; ".join(problems) or f"'{date_text}' is not understood"
            findings.warn(date_line, f"the article's date: {reason}; it is no event")
    elif heading is not None and heading.date is not None:
        mentions = find_dates(title)
    else:
        mentions = find_dates(title) or find_dates(" ".join(body[:1]))
    mention = mentions[0] if mentions else None
    if mention is not None and mention.year is None:
        mention = mention.with_year(published.year) if published else None
        notes.append(
            "its date gives no year; taken from its publication date"
            if published
            else "its date gives no year"
        )
    place_text = values.get("place") or values.get("where") or values.get("location")
    if place_text:
        # Stated outright; a city named further down may be where the next event is.
        places = _split_place(place_text)
    elif heading is not None:
        places = list(heading.places)
    else:
        places = [*place_candidates(title), *place_candidates(body[0] if body else "")]
    start_time, end_time = _times(values.get("time", ""))
    has_event_details = any(values.get(label) for label in ("date", "dates", "when", "time"))
    has_event_details = has_event_details or bool(place_text or values.get("venue"))
    return NewsItem(
        title=heading.title if heading is not None else title,
        body=tuple(body),
        date=mention.start.as_date() if mention else None,
        end_date=mention.end.as_date() if mention and mention.end else None,
        start_time=start_time,
        end_time=end_time,
        places=tuple(dict.fromkeys(places)),
        venue=values.get("venue", ""),
        published=published,
        work_package_numbers=_work_package_numbers(" ".join([title, *body])),
        is_article=True,
        is_event_page=is_event_section or has_event_details or heading is not None,
        notes=tuple(notes),
        line=line,
        heading=title if heading is not None else "",
    )


# --- the work package -------------------------------------------------------------------


_MEETING_KINDS = [
    # Most specific first: "the working group's workshop" is a workshop.
    ("advisory_board_meeting", r"advisory board"),
    ("national_seminar", r"national seminars?"),
    ("network_meeting", r"network meetings?"),
    ("conference", r"conferences?"),
    ("workshop", r"workshops?"),
]
_GENERIC_MEETING = re.compile(r"\bmeetings?\b|\bworking group\b", re.IGNORECASE)
_IN_MONTH = re.compile(rf"(?<![\w-])[Ii]n\s+(?P<month>{MONTH})(?:\s+(?P<year>\d{{4}}))?")
_EVERY_CITY = re.compile(
    r"\bin\s+(?:every|each|all)\s+(?:of\s+the\s+)?(?:metropolitan\s+(?:areas?|regions?)|"
    r"(?:partner\s+)?cit(?:y|ies)|partner\s+cit(?:y|ies)|metropolis(?:es)?)\b",
    re.IGNORECASE,
)
_EACH_CITY_PARTNER = re.compile(
    r"\b(?:each|every)\s+(?:city|local|metropolitan)\s+partner\b", re.IGNORECASE
)
_WITH_LOCAL_PARTNER = re.compile(r"\bwith\s+the\s+local\s+partner\b", re.IGNORECASE)


def _specific_kind(text):
    for kind, pattern in _MEETING_KINDS:
        if re.search(rf"\b{pattern}\b", text, re.IGNORECASE):
            return kind
    return None


def _referred_kind(sentence):
    """The kind a sentence refers back to: "This workshop is organised by ..." """
    if not re.match(r"(?:This|The|That|These)\s", sentence):
        return None
    return _specific_kind(" ".join(sentence.split()[:3]))


def extract_meetings(description, period_start, period_end):
    """The meetings a milestone's text states unambiguously, and notes on what it left out.

    A sentence states a meeting when it names one month ("in March 2006", or
    "in August" within the milestone's period), one place ("in Malmo") or every
    partner city, and the kind of meeting, in itself or in the next sentence
    ("... discussed in August in Copenhagen. This workshop is organised ...").
    """
    meetings = []
    notes = []
    all_sentences = [s for paragraph in description.split("\n\n") for s in sentences(paragraph)]
    for index, sentence in enumerate(all_sentences):
        months = list(_IN_MONTH.finditer(sentence))
        if not months:
            continue
        places = place_candidates(sentence, city_of=False)
        every = bool(_EVERY_CITY.search(sentence) or _EACH_CITY_PARTNER.search(sentence))
        if not places and not every:
            continue
        excerpt = sentence if len(sentence) <= 90 else sentence[:87] + "..."
        if len(months) > 1 or len(places) > 1:
            notes.append(f"more than one month or place in “{excerpt}”: no meeting taken from it")
            continue
        kind = _specific_kind(sentence)
        if kind is None and index + 1 < len(all_sentences):
            following = all_sentences[index + 1]
            if not _IN_MONTH.search(following):
                kind = _referred_kind(following)
        if kind is None and _GENERIC_MEETING.search(sentence):
            kind = "working_group_meeting"
        if kind is None:
            notes.append(f"“{excerpt}” gives a month and a place but no kind of meeting")
            continue
        month_match = months[0]
        number = month_number(month_match["month"])
        if month_match["year"]:
            month = datetime.date(int(month_match["year"]), number, 1)
            if not period_start <= month <= period_end:
                notes.append(f"{month:%B %Y} in “{excerpt}” is outside the milestone's period")
                continue
        else:
            month = month_within(number, period_start, period_end)
            if month is None:
                notes.append(f"cannot tell the year of {month_match['month']} in “{excerpt}”")
                continue
        meetings.append(
            Meeting(
                kind=kind,
                month=month,
                place=places[0] if places else None,
                in_every_partner_city=not places and every,
                organiser=(
                    "each_city_partner" if _EACH_CITY_PARTNER.search(sentence) else "wp_coordinator"
                ),
                with_local_partner=bool(_WITH_LOCAL_PARTNER.search(sentence)),
                sentence=sentence,
            )
        )
    return tuple(meetings), tuple(notes)


def _stops_work_package_text(block):
    return (
        _is_structural(block)
        or block.all_link
        or _is_breadcrumb(block)
        or (block.heading and block.heading <= 2)
    )


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_ANNOUNCED = re.compile(
    r"\b(?P<count>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:[a-z]+\s+)?milestones\b",
    re.IGNORECASE,
)


def _announced_milestones(intro):
    """How many milestones "divided into six milestones" announces, or None."""
    match = _ANNOUNCED.search(" ".join(intro))
    if match is None:
        return None
    count = match["count"].lower()
    return int(count) if count.isdigit() else _NUMBER_WORDS[count]


def _read_milestones(blocks, headings, findings):
    milestones = []
    seen = {}
    for index, match in headings:
        heading = blocks[index]
        number = int(match["number"])
        paragraphs = []
        position = index + 1
        while position < len(blocks) and not _stops_work_package_text(blocks[position]):
            paragraphs.append(blocks[position].text)
            position += 1
        period_text = match["paren"] if match["paren"] is not None else match["after"]
        if number in seen:
            findings.warn(
                heading.line,
                f"milestone {number} appears twice (first on line {seen[number]}): "
                "this one is left out",
            )
            continue
        seen[number] = heading.line
        if period_text is None:
            findings.warn(
                heading.line,
                f"milestone {number}'s heading “{heading.text}” gives no period: "
                "the milestone is left out",
            )
            continue
        try:
            period_start, period_end = parse_period(period_text)
        except PeriodError as error:
            findings.warn(
                heading.line,
                f"milestone {number} has a period that cannot be read ({error}): "
                "the milestone is left out",
            )
            continue
        if not paragraphs:
            findings.warn(
                heading.line, f"milestone {number} has no description: the milestone is left out"
            )
            continue
        notes = []
        if period_start < PROJECT_START or period_end > PROJECT_END:
            notes.append(
                f"its period ({period_start:%B %Y} – {period_end:%B %Y}) lies outside the "
                f"project ({PROJECT_START:%B %Y} – {PROJECT_END:%B %Y})"
            )
        description = "\n\n".join(paragraphs)
        meetings, meeting_notes = extract_meetings(description, period_start, period_end)
        milestones.append(
            Milestone(
                number=number,
                period_start=period_start,
                period_end=period_end,
                description=description,
                meetings=meetings,
                notes=(*notes, *meeting_notes),
                line=heading.line,
            )
        )
    return milestones


def _parse_work_package(blocks, name, explicit_number, page_title, title_line, findings):
    headings = [
        (index, match)
        for index, block in enumerate(blocks)
        if (match := _milestone_heading(block)) is not None
    ]
    if not headings:
        return None
    first = headings[0][0]
    start = first
    while start > 0 and not _stops_work_package_text(blocks[start - 1]):
        start -= 1
    run = blocks[start:first]
    # Short lines before the first sentence: a text export's menu, then the
    # heading, the last of them. The introduction is what follows.
    leading = 0
    while leading < len(run) and _is_short_line(run[leading]):
        leading += 1
    own_heading = None
    if leading and _looks_like_name(run[leading - 1]):
        own_heading, run = run[leading - 1], run[leading:]
    elif start > 0 and blocks[start - 1].heading and _looks_like_name(blocks[start - 1]):
        own_heading = blocks[start - 1]
    intro = [block.text for block in run]
    identity = _work_package_identity(
        blocks, name, explicit_number, own_heading, page_title, title_line, findings
    )
    if identity is None:
        return None
    number, number_source, title, title_source = identity
    milestones = _read_milestones(blocks, headings, findings)
    if not milestones:
        label = f"work package {number}" if number is not None else f"work package “{title}”"
        findings.warn(
            blocks[first].line,
            f"no milestone of {label} could be read: the work package is left out",
        )
        return None
    texts = [*intro, *(milestone.description for milestone in milestones)]
    objective = next(
        (
            sentence
            for text in texts
            for sentence in sentences(text.replace("\n\n", " "))
            if re.search(r"\bobjectives?\b", sentence, re.IGNORECASE)
        ),
        "",
    )
    return WorkPackage(
        number=number,
        title=title,
        intro=tuple(intro),
        objective=objective,
        milestones=tuple(milestones),
        number_source=number_source,
        title_source=title_source,
        announced_milestones=_announced_milestones(intro),
    )


def _work_package_identity(
    blocks, name, explicit_number, own_heading, page_title, title_line, findings
):
    """(number or None, how it was told, name, how it was told), or None with a warning.

    The number comes from a "Work Package N" heading, --work-package, or the
    page's title; the name from that heading ("Work Package 2: City marketing"),
    the page's own heading, the page's title, the number, or the file's name.
    """
    found = {}
    for block in blocks:
        match = _work_package_heading(block)
        if match is not None and int(match["number"]) not in found:
            title = (match["title"] or match["quoted"] or "").strip()
            found[int(match["number"])] = (title, block)
    if explicit_number is not None:
        others = sorted(set(found) - {explicit_number})
        if others:
            raise LegacyParseError(
                name,
                f"the page's heading says work package {others[0]}, not {explicit_number} as given",
            )
        number, number_source = explicit_number, "given with --work-package"
    elif len(found) > 1:
        numbers = " and ".join(str(number) for number in sorted(found))
        findings.warn(
            next(iter(found.values()))[1].line,
            f"the page names work packages {numbers}: cannot tell whose milestones these are, "
            "so they are left out (name it with --work-package)",
        )
        return None
    elif found:
        number = next(iter(found))
        block = found[number][1]
        number_source = f"its “{block.text}” heading (line {block.line})"
    else:
        in_title = set(_work_package_numbers(page_title))
        if len(in_title) == 1:
            number = in_title.pop()
            number_source = f"the page's title “{page_title}”"
        else:
            number, number_source = None, ""
    numbered_title, numbered_block = found.get(number, ("", None))
    title_name = _name_in_title(page_title) if page_title else ""
    where_title = f"line {title_line}" if title_line else "its <title>"
    if numbered_title:
        return (
            number,
            number_source,
            numbered_title,
            (f"its “{numbered_block.text}” heading (line {numbered_block.line})"),
        )
    if own_heading is not None:
        title = _clean_title(own_heading.text).strip(" :")
        return number, number_source, title, f"its heading (line {own_heading.line})"
    if title_name:
        return number, number_source, title_name, f"the page's title ({where_title})"
    if number is not None:
        return number, number_source, "", "its number"
    stem = re.sub(r"[\s_-]+", " ", PurePath(name).stem).strip()
    return number, number_source, stem[:1].upper() + stem[1:], "the file's name"


# --- the page -------------------------------------------------------------------------------


def parse_page(text, name="page", *, work_package=None, is_html=None):
    """Everything the page says, as plain data; LegacyParseError if it says nothing usable."""
    if is_html is None:
        is_html = looks_like_html(text, name)
    findings = _Findings()
    if is_html:
        blocks, document_title = html_blocks(text)
        page_title, title_line = _page_name(document_title), None
    else:
        blocks = text_blocks(text)
        index, page_title = _title_line(blocks)
        title_line = blocks[index].line if index is not None else None
        if index is not None:
            blocks = blocks[index + 1 :]
    if not blocks:
        raise LegacyParseError(name, "is empty")
    item_blocks, rest, has_list = _split_news_list(blocks)
    parsed = [_item_from_blocks(item, findings) for item in item_blocks]
    news = tuple(_date_items([pair for pair in parsed if pair[0] is not None]))
    article, rest = _parse_article(rest, findings)
    package = _parse_work_package(rest, name, work_package, page_title, title_line, findings)
    milestone_headings = sum(1 for block in rest if _milestone_heading(block) is not None)
    if not news and package is None and article is None:
        what = "a “latest news” list with no items" if has_list else "no “latest news” list"
        reason = f"has {what}, no milestones and no news or event article: nothing to import"
        if findings.warnings:
            reason += " (" + "; ".join(str(warning) for warning in findings.warnings) + ")"
        raise LegacyParseError(name, reason)
    return LegacyPage(
        name=name,
        news=news,
        work_package=package,
        article=article,
        is_html=is_html,
        title=page_title,
        warnings=tuple(findings.warnings),
        notes=tuple(findings.notes),
        milestone_headings=milestone_headings,
        numbered_names=tuple(
            (int(match["number"]), match["name"].strip(), block.line)
            for block in blocks
            for match in _NUMBERED_NAME.finditer(block.text)
        ),
        news_left_out=sum(1 for item, _mention in parsed if item is None),
    )
