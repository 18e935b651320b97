"""The site's search: what results show, what an empty result suggests, and
keeping the index in step with publication.

The index holds what a visitor reads on each page (``SitePage.search_text``:
milestones with their periods and meetings, event dates and places, partner
names), in the page's language, through Wagtail's database backend: PostgreSQL
full-text search in production, SQLite's FTS5 locally; cms.public.search_public
runs the query within the public pages.
"""

import difflib
import re
import unicodedata

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page
from wagtail.search import index

from cms.models import (
    City,
    NewsIndexPage,
    NewsPage,
    Partner,
    PartnerIndexPage,
    PublicationEvent,
    WorkPackagePage,
)
from cms.public import public_pages
from cms.publication import publication_event

SNIPPET_WORDS = 36
# Words shown before the first match, so that it is read in its context.
SNIPPET_LEAD = 10
WORD = re.compile(r"\w+", re.UNICODE)
MIN_TERM_LENGTH = 2


def fold(word):
    """A word as search compares it: lower case, without accents ("Malmö" is "malmo")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def query_terms(query):
    return [fold(word) for word in WORD.findall(query) if len(word) >= MIN_TERM_LENGTH]


def _matches(word, terms):
    folded = fold(word)
    # A term matches the words it begins ("copenhag" finds "Copenhagen") and, as
    # the backends stem, a word it extends ("meetings" finds "meeting").
    return any(
        folded.startswith(term) or (len(folded) >= 4 and term.startswith(folded)) for term in terms
    )


def snippet(text, query, length=SNIPPET_WORDS):
    """An excerpt of ``text`` around the first word ``query`` finds, those words in <mark>.

    HTML-safe: the text is escaped, only the marks are markup."""
    text = " · ".join(line.strip() for line in (text or "").splitlines() if line.strip())
    terms = query_terms(query)
    words = list(WORD.finditer(text))
    if not words:
        return ""
    first = next((i for i, word in enumerate(words) if _matches(word.group(), terms)), None)
    start = 0 if first is None else max(0, first - SNIPPET_LEAD)
    end = min(len(words), start + length)
    begin_at = words[start].start() if start else 0
    end_at = words[end - 1].end() if end < len(words) else len(text)
    pieces = ["…" if start else ""]
    position = begin_at
    for word in words[start:end]:
        if _matches(word.group(), terms):
            pieces.append(escape(text[position : word.start()]))
            pieces.append(f"<mark>{escape(word.group())}</mark>")
            position = word.end()
    pieces.append(escape(text[position:end_at]))
    if end < len(words):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def spelling_suggestion(query, site, locale):
    """The query with each word nobody wrote replaced by the closest one the site has,
    or None: "Copenhagn" gives "Copenhagen"."""
    vocabulary = {}
    for name in _known_names(site, locale):
        for word in WORD.findall(name):
            if len(word) >= MIN_TERM_LENGTH:
                vocabulary.setdefault(fold(word), word)
    corrected, changed = [], False
    for word in query.split():
        folded = fold(word)
        if not folded or folded in vocabulary or not WORD.fullmatch(word):
            corrected.append(word)
            continue
        close = difflib.get_close_matches(folded, vocabulary, n=1, cutoff=0.75)
        if close:
            corrected.append(vocabulary[close[0]])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def _known_names(site, locale):
    pages = public_pages(site=site, locale=locale)
    yield from pages.values_list("title", flat=True)
    yield from City.objects.values_list("name", flat=True)
    yield from Partner.objects.values_list("name", flat=True)
    tags = NewsPage.tags.through.tag_model().objects.filter(
        pk__in=NewsPage.tags.through.objects.filter(
            content_object__in=NewsPage.objects.public(site=site, locale=locale)
        ).values("tag_id")
    )
    yield from tags.values_list("name", flat=True)


def suggestions(query, site, locale):
    """What a search that found nothing offers instead: a spelling, the work
    packages, the news."""
    return {
        "spelling": spelling_suggestion(query, site, locale),
        "work_packages": list(WorkPackagePage.objects.public(site=site, locale=locale).in_order()),
        "news_index": NewsIndexPage.objects.public(site=site, locale=locale).first(),
    }


def reindex(page):
    """Index what ``page`` shows now, in the transaction that changed it.

    Wagtail indexes a page when the page row is saved, before its milestones
    are; the publication event comes after both, so the index entry written
    here has them, and stands or falls with the publication."""
    specific = Page.objects.filter(pk=page.pk).specific().first()
    if specific is not None:
        index.insert_or_update_object(specific)


@receiver(publication_event)
def _index_published_page(sender, event, page, **kwargs):
    if event.kind in (PublicationEvent.Kind.PUBLISHED, PublicationEvent.Kind.UPDATED):
        reindex(page)


@receiver(post_save, sender=Partner)
@receiver(post_save, sender=City)
def _index_pages_that_name_partners(sender, **kwargs):
    # Partners and cities have no drafts: a save changes the pages that name them.
    for page in [*PartnerIndexPage.objects.all(), *WorkPackagePage.objects.all()]:
        reindex(page)
