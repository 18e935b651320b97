"""Writes what the parser read from the old site's pages as pages of this site.

Every old page repeats the "latest news" list, so the importer merges the
items of all files first (by normalised title and date, or by the same words
on the same day), and a page's own article with the list item about the same
event (the same title, or the same place and dates); then it matches each item
to an existing news page: by its normalised title, by the slug an earlier
import gave it, by the same event for an article, or (for pages made another
way, such as the demo content) by the same event day and a similar title.

A work package is known by its number where a page gives one, else by its
name (compared without case, punctuation or a "WP 3:" prefix): the pages that
name the same one are merged, and it is matched to an existing work package by
number, else by name, else created with the page's heading as its title and,
if the page gives none, no number. Milestones are matched by number within it.

The old site's text is the source for the fields it states: a news item's
title, summary, event day and city; a milestone's period, description and
meetings; a work package's number where it had none, and its name where an
earlier import could only call it "Work package N". Fields it says nothing
about (tags, images, partners, a work package's objective once set) are left
as they are, and meetings already recorded are kept. A page changes only when
one of those fields differs, so importing the same file again writes nothing.

Pages are created and updated through Wagtail's revisions, so each change is
journalled and announced like an editor's publish. A page that an editor has
worked on since (a revision with a user, a draft, a moderation in progress, a
lock) is not touched: old text must not overwrite their work, nor publish
their unfinished drafts. Pages written by machines only, by an earlier import
or the demo loader, are updated.

What cannot be read in one item (a period, a date) is a warning and the item
is left out; with ``strict`` any warning refuses the whole batch. Everything
happens in one transaction: if one file cannot be read or one page cannot be
saved, nothing is written.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.models import Locale, Site

from cms.legacy.normalise import (
    place_keys,
    similarity,
    title_key,
    title_words,
    work_package_key,
)
from cms.legacy.parser import Finding, LegacyParseError, parse_export
from cms.models import (
    City,
    Milestone,
    NewsIndexPage,
    NewsPage,
    Partner,
    WorkPackageIndexPage,
    WorkPackagePage,
)
from cms.models.pages import TEASER_MAX_LENGTH

# Below these a similar title is a different item (see _match_score).
SAME_DAY_SIMILARITY = 0.5
UNDATED_SIMILARITY = 0.8
# Old items carry the day, not the hour; midday keeps them on that day in any time zone.
MIDDAY = datetime.time(12, 0)
SLUG_MAX_LENGTH = 80


class ImportFailed(Exception):
    """Nothing was written; ``problems`` lists (file name, reason)."""

    def __init__(self, problems):
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in problems))
        self.problems = problems


@dataclass
class Outcome:
    """What the import did, or would do, to one page."""

    action: str  # created, updated, unchanged or skipped
    kind: str  # "news" or "work package"
    label: str
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    sources: list = field(default_factory=list)


ACTIONS = ("created", "updated", "unchanged", "skipped")


@dataclass
class ImportReport:
    """What was read from each file, and what became of it."""

    pages: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    dry_run: bool = False
    unmatched_places: set = field(default_factory=set)
    # Found when the files are taken together: (file names, Finding).
    warnings: list = field(default_factory=list)
    # How many work packages and news items the files name, once each.
    work_package_count: int = 0
    milestone_count: int = 0
    news_count: int = 0

    @property
    def files(self):
        return [page.name for page in self.pages]

    def count(self, action, kind=None):
        return sum(
            1
            for outcome in self.outcomes
            if outcome.action == action and (kind is None or outcome.kind == kind)
        )

    def all_warnings(self):
        """Every warning, as (where, text): "file, line 12" or the files concerned."""
        found = [
            (f"{page.name}, line {warning.line}" if warning.line else page.name, warning.text)
            for page in self.pages
            for warning in page.warnings
        ]
        return found + [(", ".join(names), warning.text) for names, warning in self.warnings]


# --- merging what many files say ----------------------------------------------------


@dataclass(eq=False)
class _News:
    """One news item, from however many files mention it."""

    title: str
    keys: set
    word_sets: list
    summary: str
    body: tuple
    date: datetime.date | None
    end_date: datetime.date | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    places: list
    venue: str
    published: datetime.date | None
    listed_near: datetime.date | None
    work_package_numbers: list
    is_article: bool
    notes: list
    sources: list
    # Files whose list gives the item another summary than the first one read.
    other_summaries: list = field(default_factory=list)

    @classmethod
    def from_item(cls, item, source):
        return cls(
            title=item.title,
            keys=set(item.title_keys),
            word_sets=[title_words(item.title)],
            summary=item.summary,
            body=item.body,
            date=item.date,
            end_date=item.end_date,
            start_time=item.start_time,
            end_time=item.end_time,
            places=list(item.places),
            venue=item.venue,
            published=item.published,
            listed_near=item.listed_near,
            work_package_numbers=list(item.work_package_numbers),
            is_article=item.is_article,
            notes=list(item.notes),
            sources=[source],
        )

    def is_same_event(self, item):
        """The list item about the event an article announces: same place, same days."""
        if self.is_article or self.date is None or self.date != item.date:
            return False
        if (self.end_date or self.date) != (item.end_date or item.date):
            return False
        ours = set().union(*(place_keys(place) for place in self.places))
        return any(ours & place_keys(place) for place in item.places)

    def absorb(self, item, source):
        if source not in self.sources:
            self.sources.append(source)
        self.keys |= item.title_keys
        words = title_words(item.title)
        if words not in self.word_sets:
            self.word_sets.append(words)
        if item.is_article and not self.is_article:
            # The article page is the item's own page: its title is the one it had,
            # and its place is stated where the list's is guessed from the summary.
            self.title, self.is_article = item.title, True
            self.places[:0] = [place for place in item.places if place not in self.places]
        if item.summary and self.summary and item.summary != self.summary:
            self.other_summaries.append(source)
        self.summary = self.summary or item.summary
        self.body = self.body or item.body
        if self.date is None and item.date is not None:
            self.date, self.end_date = item.date, item.end_date
        self.start_time = self.start_time or item.start_time
        self.end_time = self.end_time or item.end_time
        self.places.extend(place for place in item.places if place not in self.places)
        self.venue = self.venue or item.venue
        self.published = self.published or item.published
        self.listed_near = self.listed_near or item.listed_near
        self.work_package_numbers.extend(
            n for n in item.work_package_numbers if n not in self.work_package_numbers
        )
        self.notes.extend(note for note in item.notes if note not in self.notes)

    def all_notes(self):
        if not self.other_summaries:
            return list(self.notes)
        return [
            *self.notes,
            f"its summary differs in {', '.join(self.other_summaries)}; the one in "
            f"{self.sources[0]} is used",
        ]

    def words_like(self, words):
        return max(similarity(ours, words) for ours in self.word_sets)

    @property
    def slug(self):
        return _slug(self.title, SLUG_MAX_LENGTH) or "news"

    @property
    def label(self):
        return f"“{self.title}”" + (
            f" ({days_label(self.date, self.end_date)})" if self.date else ""
        )


def days_label(start, end):
    if end is None or end == start:
        return f"{start:%-d %B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%-d}–{end:%-d %B %Y}"
    return f"{start:%-d %B %Y} – {end:%-d %B %Y}"


def _merge_news(pages):
    """The distinct items of all files: the lists' first, then the articles, so that
    an article finds the list item about its event whichever file comes first."""
    items = _NewsItems()
    for page in pages:
        for item in page.news:
            same = items.find(item)
            if same is None:
                items.add(_News.from_item(item, page.name))
            else:
                items.absorb(same, item, page.name)
    for page in pages:
        article = page.article
        if article is None:
            continue
        same = items.find(article)
        if same is None:
            same = _same_event(items.all, article)
            if same is not None:
                same.notes.append(
                    f"the article of {page.name} (line {article.line}) is about the same "
                    f"event as the list's “{same.title}”: one item"
                )
        if same is None:
            items.add(_News.from_item(article, page.name))
        else:
            items.absorb(same, article, page.name)
    return items.all


class _NewsItems:
    """The items merged so far, found by title and by words and day without a scan:
    every file repeats the whole list."""

    def __init__(self):
        self.all = []
        self.by_key = {}
        self.by_words = {}

    def find(self, item):
        for key in item.title_keys:
            for news in self.by_key.get(key, []):
                if news.date is None or item.date is None or news.date == item.date:
                    return news
        words = title_words(item.title)
        if item.date is None or len(words) < 2:
            return None
        return self.by_words.get((item.date, words))

    def add(self, news):
        self.all.append(news)
        self._index(news)

    def absorb(self, news, item, source):
        news.absorb(item, source)
        self._index(news)

    def _index(self, news):
        for key in news.keys:
            group = self.by_key.setdefault(key, [])
            if news not in group:
                group.append(news)
        if news.date is not None:
            for words in news.word_sets:
                self.by_words.setdefault((news.date, words), news)


def _same_event(items, article):
    """The one list item about the article's event, if the words tell which."""
    candidates = [news for news in items if news.is_same_event(article)]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    # An announcement and a report of one event share place and day: the one
    # whose title and summary share more words with the article is its item.
    words = title_words(" ".join([article.title, *article.body[:1]]))
    scored = sorted(
        (
            (similarity(title_words(f"{news.title} {news.summary}"), words), news)
            for news in candidates
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


@dataclass(eq=False)
class _WorkPackage:
    """One work package, from however many files describe it."""

    number: int | None
    title: str
    name_keys: set
    package: object
    milestones: dict
    sources: list
    announced: int | None = None
    notes: list = field(default_factory=list)

    @property
    def label(self):
        return work_package_label(self.number, self.title or f"Work package {self.number}")

    @property
    def title_key(self):
        return work_package_key(self.title)


def work_package_label(number, title):
    return f"“{title}” (no number)" if number is None else f"WP {number}: {title}"


def _merge_work_packages(pages, report):
    """The work packages the files describe, each once: by number, and by name
    for a page that gives none (joining a numbered one of the same name)."""
    numbered, named = {}, {}
    for page in pages:
        package = page.work_package
        if package is None:
            continue
        if package.number is not None:
            group = numbered.get(package.number)
            if group is None:
                numbered[package.number] = _new_work_package(package, page.name)
            else:
                _absorb_work_package(group, package, page.name, report)
    pairs = _numbered_names(pages)
    for number, group in numbered.items():
        # A page that gives the number alone takes the name another one pairs it with.
        paired = {name for n, name, _where in pairs.values() if n == number}
        if not group.title and len(paired) == 1:
            group.title = paired.pop()
            group.name_keys.add(work_package_key(group.title))
            group.notes.append(f"named “{group.title}” after {pairs[group.title_key][2]}")
    names = {key: group for group in numbered.values() for key in group.name_keys}
    for page in pages:
        package = page.work_package
        if package is None or package.number is not None:
            continue
        group = names.get(package.name_key) or named.get(package.name_key)
        if group is None:
            named[package.name_key] = _new_work_package(package, page.name)
        else:
            _absorb_work_package(group, package, page.name, report)
    for key, group in list(named.items()):
        if key not in pairs:
            continue
        number, _name, where = pairs[key]
        if number in numbered:
            group.notes.append(
                f"{where} calls it WP {number}, but WP {number} is "
                f"“{numbered[number].title}” in {numbered[number].sources[0]}: no number given"
            )
            continue
        group.number = number
        group.notes.append(f"number {number} from {where}")
        numbered[number] = named.pop(key)
    return [*(numbered[number] for number in sorted(numbered)), *named.values()]


def _numbered_names(pages):
    """{name key: (number, name, where)} for each name that the files pair with one
    number only ("WP 3 "Cluster Development"" in a news title)."""
    found = {}
    for page in pages:
        for number, name, line in page.numbered_names:
            where = f"“{name}” named WP {number} in {page.name} (line {line})"
            found.setdefault(work_package_key(name), {}).setdefault(number, (name, where))
    return {
        key: (number, name, where)
        for key, numbers in found.items()
        if len(numbers) == 1
        for number, (name, where) in numbers.items()
    }


def _new_work_package(package, source):
    return _WorkPackage(
        number=package.number,
        title=package.title,
        name_keys={package.name_key} if package.name_key else set(),
        package=package,
        milestones={milestone.number: (milestone, source) for milestone in package.milestones},
        sources=[source],
        announced=package.announced_milestones,
    )


def _absorb_work_package(group, package, source, report):
    if source not in group.sources:
        group.sources.append(source)
    if package.name_key:
        if not group.title:
            group.title = package.title
        elif package.name_key not in group.name_keys:
            group.notes.append(f"{source} calls it “{package.title}”")
        group.name_keys.add(package.name_key)
    group.announced = group.announced or package.announced_milestones
    for milestone in package.milestones:
        known = group.milestones.get(milestone.number)
        if known is None:
            group.milestones[milestone.number] = (milestone, source)
        elif known[0].content != milestone.content:
            report.warnings.append(
                (
                    [known[1], source],
                    Finding(
                        None,
                        f"milestone {milestone.number} of work package {group.label} differs "
                        f"in {source} (line {milestone.line}) from {known[1]} (line "
                        f"{known[0].line}): the one in {known[1]} is used",
                    ),
                )
            )


# --- looking things up ----------------------------------------------------------------------


class _Places:
    """Cities by every spelling that should find them."""

    def __init__(self):
        self.by_key = {}
        ambiguous = set()
        for city in City.objects.all():
            for key in place_keys(city.name) | place_keys(city.slug.replace("-", " ")):
                if key in self.by_key and self.by_key[key] != city:
                    ambiguous.add(key)
                self.by_key[key] = city
        for key in ambiguous:
            del self.by_key[key]
        self.partners_by_city = {}
        for partner in Partner.objects.order_by("name"):
            self.partners_by_city.setdefault(partner.city_id, []).append(partner)

    def city(self, name):
        """The city a place name means: "Berlin GmbH" falls back to "Berlin"."""
        words = name.split()
        for length in range(len(words), 0, -1):
            for key in place_keys(" ".join(words[:length])):
                if key in self.by_key:
                    return self.by_key[key]
        return None

    def first_city(self, names):
        for name in names:
            city = self.city(name)
            if city is not None:
                return city
        return None


def _slug(text, length):
    slug = slugify(text)[:length].rstrip("-")
    if len(slugify(text)) > length and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


def _unique_slug(base, taken):
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    taken.add(slug)
    return slug


def _clip(text, limit=TEASER_MAX_LENGTH):
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def _at_midday(day, city):
    zone = city.tzinfo if city is not None else timezone.get_default_timezone()
    return datetime.datetime.combine(day, MIDDAY, tzinfo=zone)


def _paragraphs(texts):
    return [("paragraph", f"<p>{escape(text)}</p>") for text in texts]


def _body_texts(page):
    """The body as (block type, stored source) pairs, comparable with _paragraphs()."""
    return [(child.block_type, getattr(child.value, "source", child.value)) for child in page.body]


def _linked(work_packages):
    numbers = ", ".join(str(number) for number, _target in work_packages)
    return f"work package{'s' if len(work_packages) > 1 else ''} {numbers}"


def _blocked(page):
    """Why an existing page must not be published by the import, or None."""
    if not page.live:
        return "it is not published (an editor may have withdrawn it)"
    if page.has_unpublished_changes:
        return "it has unpublished changes in the editor"
    if page.locked:
        return "it is locked"
    if page.workflow_in_progress:
        return "it is in moderation"
    revision = page.latest_revision
    if revision is not None and revision.user_id is not None:
        # Imports and the demo loader save revisions without a user; an editor's
        # work is not overwritten by a second import of old text.
        return f"{revision.user} edited it after it was imported"
    return None


# --- the importer --------------------------------------------------------------------------


class LegacyImporter:
    def __init__(self, *, work_package=None, encoding=None, strict=False):
        self.work_package = work_package
        self.encoding = encoding
        self.strict = strict

    # Reading -------------------------------------------------------------------------------

    def read(self, paths):
        """Parse every file; ImportFailed listing each one that cannot be read."""
        pages, problems = [], []
        for path in map(Path, paths):
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                problems.append((str(path), "no such file"))
                continue
            except IsADirectoryError:
                problems.append((str(path), "is a directory, not a file"))
                continue
            except OSError as error:
                problems.append((str(path), f"cannot be read: {error.strerror or error}"))
                continue
            try:
                pages.append(
                    parse_export(
                        data, str(path), encoding=self.encoding, work_package=self.work_package
                    )
                )
            except LegacyParseError as error:
                problems.append((error.name, error.reason))
        if problems:
            raise ImportFailed(problems)
        return pages

    # Running -----------------------------------------------------------------------------

    def run(self, paths, dry_run=False):
        pages = self.read(paths)
        report = ImportReport(pages=pages, dry_run=dry_run)
        with transaction.atomic():
            plan = _Plan(pages, report)
            if self.strict and report.all_warnings():
                raise ImportFailed(
                    [(where, f"{text} (--strict)") for where, text in report.all_warnings()]
                )
            if not dry_run:
                plan.apply()
        return report


class _Plan:
    """What the import will do, worked out before anything is written."""

    def __init__(self, pages, report):
        self.report = report
        self.places = _Places()
        self.locale = Locale.get_default()
        self.steps = []
        work_packages = _merge_work_packages(pages, report)
        news = _merge_news(pages)
        report.work_package_count = len(work_packages)
        report.milestone_count = sum(len(group.milestones) for group in work_packages)
        report.news_count = len(news)
        problems = []
        self.wp_index = self._index(WorkPackageIndexPage) if work_packages else None
        if work_packages and self.wp_index is None:
            problems.append(("", "there is no work package index page to put work packages in"))
        self.news_index = self._index(NewsIndexPage) if news else None
        if news and self.news_index is None:
            problems.append(("", "there is no news index page to put news in"))
        if problems:
            raise ImportFailed(problems)
        existing = list(WorkPackagePage.objects.filter(locale=self.locale).order_by("pk"))
        self.work_packages = {page.number: page for page in existing if page.number is not None}
        self.work_packages_by_name = {}
        for page in existing:
            self.work_packages_by_name.setdefault(work_package_key(page.title), []).append(page)
        for group in work_packages:
            self._plan_work_package(group)
        if news:
            self._plan_news(news)

    def _index(self, model):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        indexes = model.objects.filter(locale=self.locale)
        if site is not None:
            in_site = indexes.descendant_of(site.root_page).first()
            if in_site is not None:
                return in_site
        return indexes.first()

    def _outcome(self, *args, **kwargs):
        outcome = Outcome(*args, **kwargs)
        self.report.outcomes.append(outcome)
        return outcome

    def _step(self, outcome, write):
        self.steps.append((outcome, write))

    # Work packages ---------------------------------------------------------------------

    def _meetings(self, milestone, notes):
        meetings = []
        for meeting in milestone.meetings:
            city = None
            if meeting.place:
                city = self.places.city(meeting.place)
                if city is None:
                    self.report.unmatched_places.add(meeting.place)
                    notes.append(
                        f"no city called “{meeting.place}”: milestone {milestone.number}'s "
                        f"{meeting.kind.replace('_', ' ')} in {meeting.month:%B %Y} left out"
                    )
                    continue
            hosts = []
            if meeting.with_local_partner and city is not None:
                local = self.places.partners_by_city.get(city.pk, [])
                if len(local) == 1:
                    hosts = local
                else:
                    notes.append(
                        f"milestone {milestone.number}: “the local partner” in {city.name} "
                        f"is not one partner but {len(local)}; no host partner set"
                    )
            meetings.append(
                {
                    "kind": meeting.kind,
                    "name": "",
                    "month": meeting.month,
                    "starts_on": None,
                    "ends_on": None,
                    "city": city,
                    "in_every_partner_city": meeting.in_every_partner_city,
                    "organiser": meeting.organiser,
                    "host_partners": hosts,
                }
            )
        return meetings

    @staticmethod
    def _meeting_key(value):
        city = value["city"]
        return (
            value["month"],
            city.pk if city is not None else None,
            value["in_every_partner_city"],
        )

    def _existing_work_package(self, group):
        """The work package page ``group`` is, or None; a note when the name is ambiguous."""
        if group.number is not None and group.number in self.work_packages:
            return self.work_packages[group.number]
        same_name = [
            page
            for key in group.name_keys
            for page in self.work_packages_by_name.get(key, [])
            # A name does not make WP 2 the work package a page numbers 4.
            if group.number is None or page.number is None
        ]
        same_name = list(dict.fromkeys(same_name))
        if len(same_name) > 1:
            titles = " and ".join(str(page) for page in same_name)
            group.notes.append(f"{titles} have its name: a new work package is made")
            return None
        return same_name[0] if same_name else None

    def _plan_work_package(self, group):
        sources = group.sources
        notes = list(group.notes)
        desired = []
        for milestone, _source in sorted(group.milestones.values(), key=lambda p: p[0].number):
            notes.extend(f"milestone {milestone.number}: {note}" for note in milestone.notes)
            desired.append((milestone, self._meetings(milestone, notes)))
        if group.announced and group.announced > len(desired):
            notes.append(
                f"the introduction announces {group.announced} milestones; the files give "
                f"{len(desired)} ({', '.join(str(m.number) for m, _ in desired)}): the others "
                "were on other pages"
            )
        page = self._existing_work_package(group)
        if page is None:
            title = group.title or f"Work package {group.number}"
            outcome = self._outcome(
                "created",
                "work package",
                group.label,
                changes=[f"milestones {', '.join(str(m.number) for m, _ in desired)}"],
                notes=notes,
                sources=sources,
            )
            self._step(outcome, lambda: self._create_work_package(group, title, desired))
            if group.number is not None:
                self.work_packages[group.number] = outcome
            return
        label = work_package_label(page.number, page.title)
        fields = {}
        changes = []
        if group.number is not None and page.number is None:
            fields["number"] = group.number
            changes.append(f"number {group.number}")
        if group.title and work_package_key(page.title) not in group.name_keys:
            if page.number is not None and page.title == f"Work package {page.number}":
                # The name an earlier import gave for want of a better one.
                fields["title"] = group.title
                changes.append(f"title “{group.title}”")
            else:
                notes.append(f"the old site calls it “{group.title}”; its title is kept")
        existing = {milestone.number: milestone for milestone in page.milestones.all()}
        updates = []
        for milestone, meetings in desired:
            current = existing.get(milestone.number)
            if current is None:
                changes.append(f"milestone {milestone.number} added")
                updates.append((milestone, meetings, None))
                continue
            differs = []
            if current.period_start != milestone.period_start:
                differs.append("start")
            if current.period_end != milestone.period_end:
                differs.append("end")
            if current.description != milestone.description:
                differs.append("description")
            known = {self._meeting_key(block.value) for block in current.meetings}
            new_meetings = [m for m in meetings if self._meeting_key(m) not in known]
            if new_meetings:
                differs.append(f"{len(new_meetings)} meeting(s) added")
            if differs:
                changes.append(f"milestone {milestone.number}: {', '.join(differs)}")
                updates.append((milestone, new_meetings, current.pk))
        if group.number is not None:
            self.work_packages[group.number] = page
        if not changes:
            self._outcome("unchanged", "work package", label, notes=notes, sources=sources)
            return
        reason = _blocked(page)
        if reason:
            notes.append(f"not updated: {reason}")
            self._outcome("skipped", "work package", label, changes, notes, sources)
            return
        outcome = self._outcome("updated", "work package", label, changes, notes, sources)
        self._step(outcome, lambda: self._update_work_package(page.pk, fields, updates))

    def _create_work_package(self, group, title, desired):
        package = group.package
        taken = set(self.wp_index.get_children().values_list("slug", flat=True))
        fallback = f"work-package-{group.number}" if group.number else "work-package"
        slug = _unique_slug(_slug(title, SLUG_MAX_LENGTH) or fallback, taken)
        objective = package.objective or (package.intro[0] if package.intro else "") or title
        page = WorkPackagePage(
            live=False,
            title=title,
            slug=slug,
            number=group.number,
            objective=_clip(objective, 1000),
            description="".join(f"<p>{escape(text)}</p>" for text in package.intro),
            locale=self.wp_index.locale,
        )
        page.milestones = [
            Milestone(
                sort_order=position,
                number=milestone.number,
                period_start=milestone.period_start,
                period_end=milestone.period_end,
                description=milestone.description,
                meetings=[("meeting", meeting) for meeting in meetings],
            )
            for position, (milestone, meetings) in enumerate(desired)
        ]
        self.wp_index.add_child(instance=page)
        page.save_revision(log_action=True).publish()
        if group.number is not None:
            self.work_packages[group.number] = page

    def _update_work_package(self, page_pk, fields, updates):
        page = WorkPackagePage.objects.get(pk=page_pk)
        for name, value in fields.items():
            setattr(page, name, value)
        milestones = list(page.milestones.all())
        by_pk = {milestone.pk: milestone for milestone in milestones}
        for parsed, meetings, current_pk in updates:
            if current_pk is None:
                milestones.append(
                    Milestone(
                        number=parsed.number,
                        period_start=parsed.period_start,
                        period_end=parsed.period_end,
                        description=parsed.description,
                        meetings=[("meeting", meeting) for meeting in meetings],
                    )
                )
                continue
            current = by_pk[current_pk]
            current.period_start = parsed.period_start
            current.period_end = parsed.period_end
            current.description = parsed.description
            for meeting in meetings:
                current.meetings.append(("meeting", meeting))
        milestones.sort(key=lambda milestone: milestone.number)
        for position, milestone in enumerate(milestones):
            milestone.sort_order = position
        page.milestones = milestones
        page.save_revision(log_action=True).publish()
        if page.number is not None:
            self.work_packages[page.number] = page

    # News -----------------------------------------------------------------------------------

    @staticmethod
    def _match_score(news, city, page, page_key, page_words):
        """How surely ``page`` is ``news``: 0 when it is not.

        The same normalised title (any the item was listed under), or the slug an
        earlier import gave it, is the same item unless the page's event is on
        another day. For an article, a page about the same event (same city, same
        days) is the same item whatever its title. A page made another way (the
        demo content, an editor) must be about an event on the same day and have
        a similar title; the best-scoring pairs are taken first, so two items of
        one day (an announcement and a report) find their own pages.
        """
        event_day = page.event_start_date
        same_day_possible = news.date is None or event_day is None or event_day == news.date
        if page_key in news.keys and same_day_possible:
            return 3.0
        if page.slug == news.slug and same_day_possible:
            return 2.5
        words = news.words_like(page_words)
        if (
            news.is_article
            and city is not None
            and news.date is not None
            and event_day == news.date
            and page.event_last_date == (news.end_date or news.date)
            and page.event_city_id == city.pk
        ):
            return 2.0 + words / 5
        if news.date is not None:
            page_day = event_day or timezone.localtime(page.publication_date).date()
            if page_day == news.date and words >= SAME_DAY_SIMILARITY:
                return words
            return 0.0
        return words if words >= UNDATED_SIMILARITY else 0.0

    def _plan_news(self, items):
        pages = [
            (page, title_key(page.title), title_words(page.title))
            for page in NewsPage.objects.child_of(self.news_index).order_by("pk")
        ]
        cities = [self.places.first_city(news.places) for news in items]
        scores = sorted(
            (
                (score, -item_index, -page.pk, item_index, page)
                for item_index, (news, city) in enumerate(zip(items, cities, strict=True))
                for page, page_key, page_words in pages
                if (score := self._match_score(news, city, page, page_key, page_words)) > 0
            ),
            key=lambda entry: entry[:3],
            reverse=True,
        )
        matches, claimed = {}, set()
        for _score, _i, _p, item_index, page in scores:
            if item_index not in matches and page.pk not in claimed:
                matches[item_index] = page
                claimed.add(page.pk)
        self.slugs = {page.slug for page in self.news_index.get_children()}
        for item_index, news in enumerate(items):
            self._plan_news_item(news, matches.get(item_index))

    def _plan_news_item(self, news, page):
        notes = news.all_notes()
        city = self.places.first_city(news.places)
        if news.places and city is None:
            self.report.unmatched_places.update(news.places)
            notes.extend(f"no city called “{place}”" for place in news.places)
        event = None
        if news.date is not None:
            if city is not None:
                end = news.end_date if news.end_date and news.end_date != news.date else None
                event = {
                    "event_start_date": news.date,
                    "event_end_date": end,
                    "event_city": city,
                }
                if news.start_time:
                    event["event_start_time"] = news.start_time
                    event["event_end_time"] = news.end_time
                if news.venue:
                    event["event_venue"] = news.venue[:200]
            else:
                notes.append(
                    f"dated {news.date:%-d %B %Y} but names no known city: not made an event"
                )
        work_packages = []
        for number in news.work_package_numbers:
            target = self.work_packages.get(number)
            if target is None:
                notes.append(f"names WP {number}, which does not exist: not linked")
            else:
                work_packages.append((number, target))
        teaser = _clip(news.summary or (news.body[0] if news.body else ""))
        if page is None:
            self._plan_new_news(news, notes, city, event, work_packages, teaser)
        else:
            self._plan_news_update(news, page, notes, event, work_packages, teaser)

    def _plan_new_news(self, news, notes, city, event, work_packages, teaser):
        slug = _unique_slug(news.slug, self.slugs)
        day = news.published or (news.end_date or news.date)
        if day is None and news.listed_near is not None:
            day = news.listed_near
            notes.append(f"no date of its own: dated {day:%-d %B %Y} after its neighbours")
        if day is None:
            notes.append("no date of its own: dated today")
        fields = {
            "title": news.title,
            "slug": slug,
            "teaser": teaser or _clip(news.title),
            "body": _paragraphs(news.body or ([news.summary] if news.summary else [])),
            "publication_date": _at_midday(day, city) if day else timezone.now(),
            **(event or {}),
        }
        changes = [f"event in {city.name}"] if event else []
        if work_packages:
            changes.append(_linked(work_packages))
        outcome = self._outcome("created", "news", news.label, changes, notes, news.sources)
        self._step(outcome, lambda: self._create_news(fields, work_packages))

    def _plan_news_update(self, news, page, notes, event, work_packages, teaser):
        fields = {"title": news.title}
        if teaser:
            fields["teaser"] = teaser
        if news.body:
            fields["body"] = _paragraphs(news.body)
        if news.published:
            city = event["event_city"] if event else page.event_city
            fields["publication_date"] = _at_midday(news.published, city)
        fields.update(event or {})
        changes = [name for name, value in fields.items() if not self._same(page, name, value)]
        linked = set(page.work_packages.values_list("number", flat=True))
        missing = [(n, target) for n, target in work_packages if n not in linked]
        if missing:
            changes.append(_linked(missing))
        label = news.label
        if page.title != news.title:
            label += f", was “{page.title}”"
        if not changes:
            self._outcome("unchanged", "news", label, notes=notes, sources=news.sources)
            return
        reason = _blocked(page)
        if reason:
            notes.append(f"not updated: {reason}")
            self._outcome("skipped", "news", label, changes, notes, news.sources)
            return
        fields = {name: value for name, value in fields.items() if name in changes}
        outcome = self._outcome("updated", "news", label, changes, notes, news.sources)
        self._step(outcome, lambda: self._update_news(page.pk, fields, missing))

    @staticmethod
    def _same(page, name, value):
        current = getattr(page, name)
        if name == "body":
            return _body_texts(page) == value
        if name == "publication_date":
            return current == value
        if name == "event_city":
            return page.event_city_id == (value.pk if value else None)
        return current == value

    def _resolve_work_packages(self, work_packages):
        return [self.work_packages[number] for number, _target in work_packages]

    def _create_news(self, fields, work_packages):
        page = NewsPage(live=False, locale=self.news_index.locale, **fields)
        page.work_packages = self._resolve_work_packages(work_packages)
        self.news_index.add_child(instance=page)
        page.save_revision(log_action=True).publish()

    def _update_news(self, page_pk, fields, missing):
        page = NewsPage.objects.get(pk=page_pk)
        for name, value in fields.items():
            setattr(page, name, value)
        if missing:
            page.work_packages = [*page.work_packages.all(), *self._resolve_work_packages(missing)]
        page.save_revision(log_action=True).publish()

    # Writing -----------------------------------------------------------------------------------

    def apply(self):
        for outcome, write in self.steps:
            try:
                write()
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    messages = "; ".join(
                        f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                        for name, errors in error.message_dict.items()
                    )
                else:
                    messages = " ".join(error.messages)
                raise ImportFailed(
                    [
                        (
                            ", ".join(outcome.sources),
                            f"{outcome.kind} {outcome.label} could not be saved: {messages}",
                        )
                    ]
                ) from None
