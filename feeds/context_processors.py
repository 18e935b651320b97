"""Feed autodiscovery: the <link rel="alternate"> tags base.html writes into every page.

Every page offers the site-wide news feeds in its own language. The news
index, when filtered by ``?tag=`` or ``?work_package=``, offers the feeds
with the same filters instead, so a reader pointed at a filtered list
subscribes to just that.
"""

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from wagtail.models import Site

from cms.models import NewsIndexPage
from cms.problems import Problem
from feeds.news import FORMAT_NAMES, MEDIA_TYPES, feed_path, feed_title
from feeds.params import CalendarParameters, FeedParams, content_languages, default_language

DISCOVERED_KINDS = ("rss", "atom", "json")
# Filters of the news index that the feeds share.
PAGE_FILTERS = ("tag", "work_package")


def feed_links(request):
    if request.path.startswith("/admin/"):
        return {}
    return {"feed_links": SimpleLazyObject(lambda: _links(request))}


def _links(request):
    language = translation.get_language() or default_language()
    if language not in content_languages():
        language = default_language()
    locale = None if language == default_language() else language
    params, title = _filtered(request, locale)
    if params is None:
        params = FeedParams(locale=locale)
        title = _("%(site)s news") % {"site": settings.WAGTAIL_SITE_NAME}
    return [
        {
            "type": MEDIA_TYPES[kind],
            "title": f"{title} ({FORMAT_NAMES[kind]})",
            "href": request.build_absolute_uri(feed_path(kind, params)),
        }
        for kind in DISCOVERED_KINDS
    ]


def _filtered(request, locale):
    """The feed matching a filtered news index page, or (None, None)."""
    filters = QueryDict(mutable=True)
    for name in PAGE_FILTERS:
        value = request.GET.get(name, "").strip()
        if value:
            filters[name] = value
    if not filters:
        return None, None
    site = Site.find_for_request(request)
    if site is None or not _is_news_index(request, site, locale):
        return None, None
    try:
        params = FeedParams.parse(filters, CalendarParameters)
        resolved = FeedParams(
            work_package=params.work_package, tag=params.tag, locale=locale
        ).resolve(site)
    except Problem:
        # The page says nothing matches; there is no feed to offer for it.
        return None, None
    # The page is in the feed's language: its name need not say which.
    return resolved.params, feed_title(resolved, with_language=False)


def _is_news_index(request, site, locale):
    indexes = NewsIndexPage.objects.public(site=site, locale=locale or default_language())
    return any(index.get_url(request) == request.path for index in indexes)
