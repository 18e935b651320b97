"""The news feed as a document: its channel, its page of entries, its links.

Built once per request that misses the cache, then written out as RSS, Atom
or JSON Feed by feeds.formats. Nothing here depends on the clock: every date
comes from the content, so rendering the same content twice gives the same
bytes (and the same ETag), in any process.
"""

import datetime
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from cms.models import (
    NewsIndexPage,
    PartnerIndexPage,
    PublicationEvent,
    WorkPackageIndexPage,
    WorkPackagePage,
)
from cms.problems import unknown_value
from feeds.entries import CategorySchemes, absolute_uri, build_entries, tag_uri, text

DEFAULT_SUBTITLE = gettext_lazy(
    "News and events of the BaltMet Inno network of Baltic Sea metropolises."
)
# The date of an empty feed that has never had any content.
EPOCH = datetime.datetime(2005, 1, 1, tzinfo=datetime.UTC)

FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed", "ics": "iCalendar"}
MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
    "ics": "text/calendar",
}
URL_NAMES = {
    "rss": "feeds:news_rss",
    "atom": "feeds:news_atom",
    "json": "feeds:news_json",
    "ics": "feeds:events_ics",
}


def feed_path(kind, params=None):
    """The canonical path and query of a feed."""
    path = reverse(URL_NAMES[kind])
    query = params.query_string() if params is not None else ""
    return f"{path}?{query}" if query else path


def feed_url(kind, params=None, origin=None):
    """The canonical absolute URL of a feed, on ``origin`` (scheme://host) or BASE_URL."""
    return absolute_uri(feed_path(kind, params), base=origin)


def language_name(code, language=None):
    """The name of the language ``code`` in ``language`` (or the active language)."""
    with override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return str(dict(settings.LANGUAGES).get(code, code))


def feed_title(resolved, events=False, with_language=True):
    """The feed's name in the active language: "BaltMet Inno news – WP 5: Clusters"."""
    site = settings.WAGTAIL_SITE_NAME
    title = _("%(site)s events") % {"site": site} if events else _("%(site)s news") % {"site": site}
    qualifiers = []
    if resolved.work_package is not None:
        qualifiers.append(f"WP {resolved.work_package.number}: {resolved.work_package.title}")
    if resolved.partner is not None:
        qualifiers.append(resolved.partner.name)
    if resolved.tag is not None:
        qualifiers.append(_("topic: %(topic)s") % {"topic": resolved.tag.name})
    if qualifiers:
        title += " – " + " · ".join(qualifiers)
    if with_language and resolved.params.locale is not None:
        title += f" ({language_name(resolved.params.language)})"
    return title


def hub_url():
    return settings.WEBSUB_HUB_URL or None


@dataclass(frozen=True)
class Channel:
    """What describes the feed rather than an entry."""

    id: str
    title: str
    subtitle: str
    language: str
    self_url: str
    alternate_url: str
    icon_url: str
    favicon_url: str
    logo_url: str
    author_name: str
    author_url: str
    hub_url: str | None
    ttl_minutes: int


@dataclass(frozen=True)
class NewsFeed:
    channel: Channel
    entries: list
    updated: datetime.datetime
    # RFC 5005 paged feed: absolute URLs, None where there is no such page.
    first_url: str | None = None
    previous_url: str | None = None
    next_url: str | None = None
    last_url: str | None = None
    page: int = 1
    page_count: int = 1


@dataclass(frozen=True)
class Sections:
    """The site pages a feed points to, in the feed's language."""

    news_index: object
    work_package_index: object
    partner_index: object

    @classmethod
    def of(cls, resolved):
        def first(model, *fields):
            pages = model.objects.public(site=resolved.site, locale=resolved.locale)
            return pages.only("id", "url_path", "locale_id", *fields).first()

        return cls(
            news_index=first(NewsIndexPage, "intro"),
            work_package_index=first(WorkPackageIndexPage),
            partner_index=first(PartnerIndexPage),
        )

    @staticmethod
    def url(page, fallback="/"):
        return absolute_uri((page.get_url(None) if page is not None else None) or fallback)

    def category_schemes(self):
        return CategorySchemes(
            tags=self.url(self.news_index, "/news/"),
            work_packages=self.url(self.work_package_index, "/work-packages/"),
        )

    def alternate_url(self, resolved):
        """The site page that shows what the feed shows."""
        if resolved.partner is not None and self.partner_index is not None:
            return self.url(self.partner_index) + f"#partner-{resolved.partner.slug}"
        if self.news_index is None:
            return settings.BASE_URL + "/"
        query = []
        if resolved.tag is not None:
            query.append(("tag", resolved.tag.slug))
        if resolved.work_package is not None:
            query.append(("work_package", resolved.work_package.number))
        return self.url(self.news_index) + (f"?{urlencode(query)}" if query else "")


def channel(resolved, kind, origin, sections):
    """The channel of the news feed (or calendar) that ``resolved`` selects."""
    params = resolved.params
    # A feed is read in its own language: its name and description too.
    with override(params.language):
        title = feed_title(resolved, events=kind == "ics")
        default_subtitle = str(DEFAULT_SUBTITLE)
    intro = text(sections.news_index.intro) if sections.news_index is not None else ""
    # One id for every page of the feed and every format: it names the feed.
    filters = params.query_string(include_page=False)
    return Channel(
        id=tag_uri("feeds/news" + (f"?{filters}" if filters else "")),
        title=text(title),
        subtitle=intro or default_subtitle,
        language=params.language,
        self_url=feed_url(kind, params, origin),
        alternate_url=sections.alternate_url(resolved),
        icon_url=absolute_uri(static("feeds/icon.png")),
        favicon_url=absolute_uri(static("feeds/favicon.png")),
        logo_url=absolute_uri(static("feeds/logo.png")),
        author_name=settings.WAGTAIL_SITE_NAME,
        author_url=settings.BASE_URL + "/",
        hub_url=hub_url() if kind in ("rss", "atom", "json") else None,
        ttl_minutes=max(1, settings.FEED_MAX_AGE // 60),
    )


def feed_queryset(news):
    """News as a feed lists them: newest first, every relation an entry shows loaded."""
    return news.for_feed().prefetch_related(
        Prefetch(
            "work_packages",
            queryset=WorkPackagePage.objects.public().only("id", "number", "title", "slug"),
            to_attr="public_work_packages",
        )
    )


def news_feed(resolved, kind, origin):
    """One page of the news feed ``resolved`` selects; a 404 Problem past the last page."""
    params = resolved.params
    per_page = max(1, settings.FEED_ITEMS)
    news = resolved.news()
    total = news.count()
    page_count = max(1, math.ceil(total / per_page))
    if params.page > page_count:
        raise unknown_value("page", f"there is no page {params.page}; this feed has {page_count}")
    offset = (params.page - 1) * per_page
    pages = feed_queryset(news)[offset : offset + per_page]
    sections = Sections.of(resolved)
    entries = build_entries(pages, sections.category_schemes(), resolved.locale.language_code)

    def page_url(number):
        return feed_url(kind, params.with_page(number), origin)

    return NewsFeed(
        channel=channel(resolved, kind, origin, sections),
        entries=entries,
        updated=max((entry.updated for entry in entries), default=None) or latest_change(),
        first_url=page_url(1),
        previous_url=page_url(params.page - 1) if params.page > 1 else None,
        next_url=page_url(params.page + 1) if params.page < page_count else None,
        last_url=page_url(page_count),
        page=params.page,
        page_count=page_count,
    )


def latest_change():
    """When public content last changed, for a feed with no entries to date it by."""
    latest = PublicationEvent.objects.order_by("-id").values_list("occurred_at", flat=True).first()
    return latest or EPOCH
