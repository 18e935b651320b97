"""The one definition of what the public may see.

A page is public when it is live, its expiry time (if any) has not passed, no
view restriction applies to it or to any of its ancestors, it is reachable, and
it belongs to the site and locale being served. Reachable means served at its
own URL: its locale's root page and every page between that and it are live
and not past expiry too. Wagtail's routing would otherwise go through a draft
section to a live page below it, and serve ``/lv/...`` from the English tree
while the Latvian home page is a draft, so that a Latvian page's URL would
show another page (``cms.models.SitePage.route`` refuses both).

The site, the API, the feeds, the widget, the sitemap, search and the
publication journal (hence webhooks) all ask this module; none of them filters
on ``live`` or ``expire_at`` by itself.

Expiry is checked against the clock, not only the ``expired`` flag:
``publish_scheduled`` runs once a minute, and a page must not stay visible in
the minute between its expiry and the next run.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone

from wagtail.models import Locale, Page, PageManager, PageQuerySet, Site

from modelsearch.utils import parse_query_string

from cms.text import strip_control_characters


def not_expired_q(now=None):
    now = now or timezone.now()
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now)


def has_expired(page, now=None):
    """The same test as not_expired_q, for one page already loaded."""
    return page.expire_at is not None and page.expire_at <= (now or timezone.now())


# The depth down to which a page's ancestors are looked up by their exact paths
# (root 1, home 2, section 3, item 4 in this content model; translations and
# aliases sit at the same depths). Below it the slower path-prefix match runs.
ANCESTOR_LOOKUP_DEPTH = 12


def unreachable_q(now=None):
    """Pages below a draft, unpublished or expired page (the tree's root aside).

    One NOT EXISTS over the ancestors, part of the query that lists the pages,
    so it costs no query of its own. The ancestors are found by their exact
    paths, the first 2, 3, … levels of the page's own (treebeard's materialised
    path), each an index lookup: matching ``path`` against a prefix whose length
    depends on the ancestor's own depth can use no index, and SQLite ran it as a
    scan of the page table for every page listed (over 13 minutes of CPU for one API
    list of 100,000 pages; bench/explain.py). A prefix as long as the page's
    path is the page itself, which the caller has already found live.
    """
    now = now or timezone.now()
    closed = Page.objects.filter(Q(live=False) | Q(expire_at__lte=now), depth__gt=1)
    ancestor_paths = Q()
    for depth in range(2, ANCESTOR_LOOKUP_DEPTH):
        ancestor_paths |= Q(path=Substr(OuterRef("path"), 1, depth * Page.steplen))
    deeper = closed.filter(
        depth__gte=ANCESTOR_LOOKUP_DEPTH,
        depth__lt=OuterRef("depth"),
        path=Substr(OuterRef("path"), 1, F("depth") * Page.steplen),
    )
    return Q(Exists(closed.filter(ancestor_paths))) | (
        Q(depth__gt=ANCESTOR_LOOKUP_DEPTH) & Q(Exists(deeper))
    )


class PublicPageQuerySet(PageQuerySet):
    def public(self, site=None, locale=None):
        """Pages that anyone may see, optionally within one site and locale.

        ``site`` limits the result to the site's page tree in every language
        (each translation of the site's root page roots a tree of its own);
        ``locale`` (a Locale or a language code) to one language.
        """
        now = timezone.now()
        queryset = super().public().live().filter(not_expired_q(now)).exclude(unreachable_q(now))
        if locale is not None:
            if not isinstance(locale, Locale):
                locale = Locale.objects.get_for_language(locale)
            queryset = queryset.filter(locale=locale)
        if site is not None:
            queryset = queryset.in_site_tree(site, locale=locale)
        return queryset

    def public_for_request(self, request):
        """Public pages in the site and language that ``request`` is served in."""
        return self.public(site=Site.find_for_request(request), locale=Locale.get_active())

    def in_site_tree(self, site, locale=None):
        roots = site.root_page.get_translations(inclusive=True)
        if locale is not None:
            roots = roots.filter(locale=locale)
        paths = roots.values_list("path", flat=True)
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


def public_pages(site=None, locale=None):
    """Public pages of every type, for views that list more than one (search, sitemap)."""
    return PublicPageQuerySet(Page).order_by("path").public(site=site, locale=locale)


def search_public(queryset, text):
    """Full-text search for what a visitor typed, within a public queryset.

    Search backends filter only on indexed fields and cannot apply the public
    definition themselves; restricting to its primary keys keeps one definition.
    The text is parsed into words and "quoted phrases", so that a stray quote
    reaches the backend as a phrase, never as broken query syntax. Colons are
    not the backend's field filters here, just punctuation.
    """
    return _searchable(queryset).specific().search(_search_query(text))


def _searchable(queryset):
    # The backends filter on indexed fields only: the public definition reaches
    # them as the primary keys of the queryset that applies it.
    return queryset.model.objects.filter(pk__in=queryset.values("pk"))


def _search_query(text):
    text = strip_control_characters(text).replace(":", " ").strip()
    _filters, query = parse_query_string(text, operator="and")
    return query


def search_matches(queryset, text):
    """The items of ``queryset`` that match ``text``, still a queryset: filtered,
    ordered and cut into pages by the database, for a list sorted by anything
    but relevance.

    The database search backends (the project's) answer ``get_queryset()``
    with the query their results come from; the match becomes a subquery, and
    no hit is loaded to be sorted in Python.
    """
    results = _searchable(queryset).search(_search_query(text), order_by_relevance=False)
    return queryset.filter(pk__in=results.get_queryset().values("pk"))


def is_public(page):
    """Whether one page, already loaded, may be shown to the public."""
    return public_pages().filter(pk=page.pk).exists()


def default_site():
    return Site.objects.select_related("root_page").get(is_default_site=True)
