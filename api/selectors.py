"""What each endpoint lists, as named queries over cms's public querysets.

Every selector starts from ``<Model>.objects.public(site=..., locale=...)`` and
narrows news with ``NewsPageQuerySet.filtered``, the filters the site, the
feeds and the widget share, so the API cannot show what the site would not.
Views validate parameters and pass plain values in; selectors know nothing of
HTTP.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import Lower

from wagtail.models import Locale

from cms.models import (
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    Partner,
    PartnerIndexPage,
    WorkPackagePage,
)
from cms.public import public_pages, search_matches, search_public

NEWS_ORDERINGS = {
    "-published": ("-publication_date", "-pk"),
    "published": ("publication_date", "pk"),
    "-updated": ("-last_published_at", "-pk"),
    "updated": ("last_published_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}
EVENT_ORDERINGS = {
    "event_start": (
        F("event_start_date").asc(),
        F("event_start_time").asc(nulls_first=True),
        "pk",
    ),
    "-event_start": (
        F("event_start_date").desc(),
        F("event_start_time").desc(nulls_last=True),
        "-pk",
    ),
    **NEWS_ORDERINGS,
}
RELEVANCE = "relevance"
WORK_PACKAGE_ORDERINGS = {
    # Work packages whose number is not known come last either way.
    "number": (F("number").asc(nulls_last=True), "title", "locale__language_code"),
    "-number": (F("number").desc(nulls_last=True), "title", "locale__language_code"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}
PARTNER_ORDERINGS = {
    "name": ("name",),
    "-name": ("-name",),
    "city": ("city__name", "name"),
    "-city": ("-city__name", "name"),
}
TAG_ORDERINGS = {
    "name": (Lower("tag__name"), "tag__name"),
    "-name": (Lower("tag__name").desc(), "-tag__name"),
    "-count": ("-count", Lower("tag__name")),
    "count": ("count", Lower("tag__name")),
}


def _locale(code):
    if code is None:
        return None
    return Locale.objects.filter(language_code=code).first() or code


def public_news(site, locale=None):
    locale = _locale(locale)
    if isinstance(locale, str):
        # A content language nobody has written in yet.
        return NewsPage.objects.none()
    return NewsPage.objects.public(site=site, locale=locale)


def public_work_packages(site, locale=None):
    locale = _locale(locale)
    if isinstance(locale, str):
        return WorkPackagePage.objects.none()
    return WorkPackagePage.objects.public(site=site, locale=locale)


@dataclass
class Selection:
    """A filtered, ordered list that is counted and cut into pages."""

    queryset: object
    search: str | None = None
    relevance: bool = False
    rows: bool = False
    related: tuple = ()
    deferred: tuple = ()

    def count(self):
        if self.relevance:
            return search_public(self.queryset, self.search).count()
        return self.queryset.count()

    def page_and_count(self, offset, limit):
        """The items from ``offset`` and how many there are in all."""
        if self.rows or self.relevance:
            return self.page(offset, limit), self.count()
        # The total rides along with the page's ids (COUNT(*) OVER ()), so the
        # matching rows are scanned once, not once to count and once to sort.
        found = list(
            self.queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                offset : offset + limit
            ]
        )
        if not found:
            return [], self.count() if offset else 0
        return self._load([pk for pk, _total in found]), found[0][1]

    def _load(self, ids):
        # The ids were chosen from the public queryset a moment ago; loading
        # them needs only what the items show, not the public conditions again.
        queryset = self.queryset.model.objects.filter(pk__in=ids)
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.deferred:
            queryset = queryset.defer(*self.deferred)
        loaded = {item.pk: item for item in queryset}
        return [loaded[pk] for pk in ids if pk in loaded]

    def page(self, offset, limit):
        if self.rows:
            return list(self.queryset[offset : offset + limit])
        if self.relevance:
            found = search_public(self.queryset, self.search)[offset : offset + limit]
            ids = [page.pk for page in found]
        else:
            # Sort and cut the ids alone, then load the page's rows: the
            # database sorts narrow keys, not every row with its body.
            ids = list(self.queryset.values_list("pk", flat=True)[offset : offset + limit])
        return self._load(ids)


@dataclass(frozen=True)
class NewsFilters:
    locale: str | None = None
    work_package: int | None = None
    partner: Partner | None = None
    tag: str | None = None
    date_from: object = None
    date_to: object = None
    event_from: object = None
    event_to: object = None
    search: str | None = None
    slug: str | None = None


NEWS_RELATED = ("lead_image", "event_city")


def select_news(site, filters, ordering=None, events=False, fields=None):
    """Public news matching ``filters``; with ``events`` only news with an event.

    ``fields`` (the representation's fields, if not all) lets the loading
    leave out the body when it is not shown.
    """
    deferred = ("body",) if fields is not None and "body" not in fields else ()
    queryset = public_news(site, filters.locale).filtered(
        work_package=filters.work_package,
        partner=filters.partner,
        tag=filters.tag,
        published_from=filters.date_from,
        published_before=filters.date_to,
        event_from=filters.event_from,
        event_to=filters.event_to,
        events_only=events,
    )
    if filters.slug:
        queryset = queryset.filter(slug=filters.slug)
    queryset = queryset.for_listing()
    orderings = EVENT_ORDERINGS if events else NEWS_ORDERINGS
    options = {"related": NEWS_RELATED, "deferred": deferred}
    if filters.search and ordering in (None, RELEVANCE):
        return Selection(queryset, search=filters.search, relevance=True, **options)
    if filters.search:
        queryset = search_matches(queryset, filters.search)
    default = "event_start" if events else "-published"
    return Selection(queryset.order_by(*orderings[ordering or default]), **options)


def news_by_id(site, page_id):
    return public_news(site).for_listing().filter(pk=page_id).first()


def news_by_slug(site, slug, locale):
    return public_news(site, locale).for_listing().filter(slug=slug).first()


def select_work_packages(site, locale=None, ordering=None):
    queryset = public_work_packages(site, locale)
    return Selection(
        queryset.order_by(*WORK_PACKAGE_ORDERINGS[ordering or "number"]),
        related=("coordinator__city",),
    )


def work_package_by_id(site, page_id):
    return (
        public_work_packages(site)
        .select_related("locale", "coordinator__city")
        .filter(pk=page_id)
        .first()
    )


def select_partners(role=None, country=None, city=None, ordering=None):
    queryset = Partner.objects.all()
    if role:
        queryset = queryset.filter(role=role)
    if country:
        queryset = queryset.filter(city__country=country)
    if city:
        queryset = queryset.filter(city__slug=city)
    return Selection(
        queryset.order_by(*PARTNER_ORDERINGS[ordering or "name"]), related=("city", "logo")
    )


def partner_by_slug(slug):
    return Partner.objects.select_related("city", "logo").filter(slug=slug).first()


def partner_index_url(site, request=None):
    index = public_pages(site=site, locale=Locale.get_default()).type(PartnerIndexPage).first()
    return index.get_url(request) if index else None


def news_index_url(site, locale=None, request=None):
    locale = _locale(locale) if locale else Locale.get_default()
    if isinstance(locale, str):
        return None
    index = public_pages(site=site, locale=locale).type(NewsIndexPage).first()
    return index.get_url(request) if index else None


def select_tags(site, locale=None, ordering=None):
    """The tags of public news, each with how many public news carry it."""
    rows = (
        NewsPageTag.objects.filter(content_object__in=public_news(site, locale).values("pk"))
        .values("tag_id", "tag__name", "tag__slug")
        .annotate(count=Count("content_object_id", distinct=True))
        .order_by(*TAG_ORDERINGS[ordering or "name"])
    )
    return Selection(rows, rows=True)
