"""Reads a page exported from the old site into plain data.

The old site's pages share one shape, whether saved as text or as HTML:

* a "latest news" list, repeated on every page: each item is a title, an
  optional summary, and a "Read more" link that ends it;
* on work-package pages, an introduction, then "Milestone N (period)"
  headings each followed by their description, and a "Work Package N" heading
  (at the end of the page on the old site, or anywhere);
* on news and event pages, the article: the section it belongs to ("News",
  "Events", "News & Events", alone on a line or as the last part of a
  breadcrumb "Home > News & Events"), then its title, then optional
  "Label: value" lines (Date, Time, Place, Venue, Published), then its
  paragraphs, up to a "Back" or "Print" link or the end of the page.

HTML is reduced to the same sequence of blocks as text (one block per
paragraph, heading or line), so one grammar reads both. Nothing here touches
the database: cities, partners and existing pages are the importer's business.
"""

import codecs
import datetime
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from cms.legacy.dates import (
    MONTH,
    PeriodError,
    find_dates,
    infer_year,
    month_number,
    month_within,
    parse_period,
)
from cms.legacy.normalise import fold, title_key
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

    @property
    def title_key(self):
        return title_key(self.title)

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


@dataclass(frozen=True)
class WorkPackage:
    number: int
    title: str = ""
    intro: tuple[str, ...] = ()
    objective: str = ""
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class LegacyPage:
    name: str
    news: tuple[NewsItem, ...] = ()
    work_package: WorkPackage | None = None
    article: NewsItem | None = None
    is_html: bool = False

    @property
    def news_items(self):
        """The list's items and the article, each once."""
        return (*self.news, self.article) if self.article else self.news


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


def looks_like_html(text, name=""):
    if name.lower().endswith(_HTML_EXTENSIONS):
        return True
    if name.lower().endswith(".txt"):
        return bool(re.match(r"\s*<(?:!doctype\s+html|html)\b", text, re.IGNORECASE))
    return bool(_HTML_CONTENT.search(text[:5000]))


def decode_export(data, name, encoding=None):
    """The text of an exported file. Never guesses: a wrong guess garbles "Malmö"."""
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
    return _decode(data, name, "utf-8", "")


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
        advice = "" if how else "; give its encoding with --encoding"
        raise LegacyParseError(
            name, f"cannot be read as {encoding} {how} ({where}){advice}".replace("  ", " ")
        ) from None
    return strip_control_characters(text)


def parse_export(data, name, *, encoding=None, work_package=None):
    """Decode and parse an exported file's bytes."""
    text = decode_export(data, name, encoding=encoding)
    return parse_page(text, name, work_package=work_package)


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


_READ_MORE = re.compile(
    r"^(?:read\s+more|more|read\s+on|further\s+information)\s*(?:»|>>|\u203a|\.\.\.|…|>)?$",
    re.IGNORECASE,
)


def text_blocks(text):
    """One block per non-empty line: the old site's text export puts each paragraph on one."""
    blocks = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            blocks.append(Block(line, read_more=bool(_READ_MORE.match(line))))
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
                self.blocks.append(Block(text, read_more=True))
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
        self._parts.append((data, bool(self._links)))

    def close(self):
        super().close()
        self._flush()

    def _flush(self):
        text = " ".join("".join(part for part, _ in self._parts).split())
        if text:
            all_link = all(in_link or not part.strip() for part, in_link in self._parts)
            self.blocks.append(Block(text, heading=self._heading, all_link=all_link))
        self._parts = []


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


# --- the news list ----------------------------------------------------------------------


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
        if block.read_more:
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


def _item_from_blocks(blocks, name, position):
    content = [block.text for block in blocks if not block.all_link or block is blocks[0]]
    title = _clean_title(content[0])
    summary = " ".join(content[1:])
    if len(title) > TITLE_MAX_LENGTH:
        raise LegacyParseError(
            name, f"news item {position} has a title of {len(title)} characters (at most 255)"
        )
    mentions = find_dates(title) or find_dates(summary)
    places = tuple(dict.fromkeys([*place_candidates(title), *place_candidates(summary)]))
    return NewsItem(
        title=title,
        summary=summary,
        places=places,
        work_package_numbers=_work_package_numbers(f"{title} {summary}"),
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


def _parse_article(blocks, name):
    """The page's article and the blocks that are not part of it."""
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
    title = _clean_title(blocks[position].text)
    if len(title) > TITLE_MAX_LENGTH:
        raise LegacyParseError(
            name, f"the article's title has {len(title)} characters (at most 255)"
        )
    position += 1
    meta = {}
    while position < len(blocks):
        match = _META.match(blocks[position].text)
        if match is None:
            break
        meta.setdefault(match["label"].lower(), match["value"].strip())
        position += 1
    body = []
    while position < len(blocks) and not _is_structural(blocks[position]):
        if not blocks[position].all_link:
            body.append(blocks[position].text)
        position += 1
    # A menu in a text export ("News", "Partners", "Contact") has a section name
    # and a line after it too; an article has details or at least one sentence.
    if not meta and not any(len(paragraph.split()) >= 6 for paragraph in body):
        return None, blocks
    rest = [*blocks[:start], Block("", boundary=True), *blocks[position:]]
    return _article(title, meta, body, is_event_section), rest


def _article(title, meta, body, is_event_section):
    notes = []
    published = None
    published_text = meta.get("published") or meta.get("posted") or meta.get("date of publication")
    if published_text:
        mentions = find_dates(published_text)
        if mentions and mentions[0].year:
            published = mentions[0].start.as_date()
        else:
            notes.append(f"publication date '{published_text}' not understood")
    date_text = meta.get("date") or meta.get("dates") or meta.get("when")
    mentions = (
        find_dates(date_text) if date_text else find_dates(title) or find_dates(" ".join(body[:1]))
    )
    if date_text and not mentions:
        notes.append(f"date '{date_text}' not understood")
    mention = mentions[0] if mentions else None
    if mention is not None and mention.year is None:
        mention = mention.with_year(published.year) if published else None
        notes.append(
            "its date gives no year; taken from its publication date"
            if published
            else "its date gives no year"
        )
    place_text = meta.get("place") or meta.get("where") or meta.get("location")
    if place_text:
        # Stated outright; a city named further down may be where the next event is.
        places = _split_place(place_text)
    else:
        places = [*place_candidates(title), *place_candidates(body[0] if body else "")]
    start_time, end_time = _times(meta.get("time", ""))
    has_event_details = any(meta.get(label) for label in ("date", "dates", "when", "time"))
    has_event_details = has_event_details or bool(place_text or meta.get("venue"))
    return NewsItem(
        title=title,
        body=tuple(body),
        date=mention.start.as_date() if mention else None,
        end_date=mention.end.as_date() if mention and mention.end else None,
        start_time=start_time,
        end_time=end_time,
        places=tuple(dict.fromkeys(places)),
        venue=meta.get("venue", ""),
        published=published,
        work_package_numbers=_work_package_numbers(" ".join([title, *body])),
        is_article=True,
        is_event_page=is_event_section or has_event_details,
        notes=tuple(notes),
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


def _parse_work_package(blocks, name, explicit_number, document_title):
    headings = [
        (index, match)
        for index, block in enumerate(blocks)
        if (match := _milestone_heading(block)) is not None
    ]
    if not headings:
        return None
    number, title = _work_package_number(blocks, name, explicit_number, document_title)
    first = headings[0][0]
    intro = []
    position = first - 1
    while position >= 0 and not _stops_work_package_text(blocks[position]):
        intro.insert(0, blocks[position].text)
        position -= 1
    milestones = []
    seen = set()
    for index, match in headings:
        milestone_number = int(match["number"])
        if milestone_number in seen:
            raise LegacyParseError(name, f"milestone {milestone_number} appears twice")
        seen.add(milestone_number)
        period_text = match["paren"] if match["paren"] is not None else match["after"]
        if period_text is None:
            raise LegacyParseError(name, f"the heading “{blocks[index].text}” gives no period")
        try:
            period_start, period_end = parse_period(period_text)
        except PeriodError as error:
            raise LegacyParseError(
                name, f"milestone {milestone_number} has a period that cannot be read: {error}"
            ) from None
        paragraphs = []
        position = index + 1
        while position < len(blocks) and not _stops_work_package_text(blocks[position]):
            paragraphs.append(blocks[position].text)
            position += 1
        if not paragraphs:
            raise LegacyParseError(name, f"milestone {milestone_number} has no description")
        description = "\n\n".join(paragraphs)
        meetings, notes = extract_meetings(description, period_start, period_end)
        milestones.append(
            Milestone(
                number=milestone_number,
                period_start=period_start,
                period_end=period_end,
                description=description,
                meetings=meetings,
                notes=notes,
            )
        )
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
    )


def _work_package_number(blocks, name, explicit_number, document_title):
    found = {}
    for block in blocks:
        match = _work_package_heading(block)
        if match is not None:
            title = (match["title"] or match["quoted"] or "").strip()
            found.setdefault(int(match["number"]), title)
    if explicit_number is not None:
        others = sorted(set(found) - {explicit_number})
        if others:
            raise LegacyParseError(
                name,
                f"the page's heading says work package {others[0]}, not {explicit_number} as given",
            )
        return explicit_number, found.get(explicit_number, "")
    if len(found) > 1:
        numbers = " and ".join(str(number) for number in sorted(found))
        raise LegacyParseError(
            name, f"the page names work packages {numbers}: cannot tell whose milestones these are"
        )
    if found:
        return next(iter(found.items()))
    in_title = set(_work_package_numbers(document_title))
    if len(in_title) == 1:
        return in_title.pop(), ""
    raise LegacyParseError(
        name,
        "has milestones but no “Work Package N” heading; name the work package with --work-package",
    )


# --- the page -------------------------------------------------------------------------------


def parse_page(text, name="page", *, work_package=None, is_html=None):
    """Everything the page says, as plain data; LegacyParseError if it says nothing usable."""
    if is_html is None:
        is_html = looks_like_html(text, name)
    if is_html:
        blocks, document_title = html_blocks(text)
    else:
        blocks, document_title = text_blocks(text), ""
    if not blocks:
        raise LegacyParseError(name, "is empty")
    item_blocks, rest, has_list = _split_news_list(blocks)
    parsed = [_item_from_blocks(item, name, n) for n, item in enumerate(item_blocks, start=1)]
    news = tuple(_date_items(parsed))
    article, rest = _parse_article(rest, name)
    package = _parse_work_package(rest, name, work_package, document_title)
    if not news and package is None and article is None:
        what = "a “latest news” list with no items" if has_list else "no “latest news” list"
        raise LegacyParseError(
            name, f"has {what}, no milestones and no news or event article: nothing to import"
        )
    return LegacyPage(name=name, news=news, work_package=package, article=article, is_html=is_html)
