"""The feeds' HTTP endpoints.

Each feed request goes through the same steps: parse the query (400 for a
malformed one), redirect to the canonical query string if it was spelt
otherwise, answer from the cache if the current content version was
rendered already (no database query), else resolve the filters (404 for an
unknown value) and render. Nothing an outsider sends becomes a 500.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from wagtail.models import Site

from cms.problems import Problem, unknown_value
from cms.response_cache import mark_public, render_cached, respond, stored
from feeds import calendar, catalogue, formats
from feeds.news import FORMAT_NAMES, MEDIA_TYPES, language_name, news_feed
from feeds.params import (
    CalendarParameters,
    CatalogueParameters,
    FeedParams,
    NewsFeedParameters,
    content_languages,
    default_language,
)

CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": MEDIA_TYPES["json"],
    "ics": "text/calendar; charset=utf-8",
    "opml": "text/x-opml; charset=utf-8",
}
WRITERS = {"rss": formats.rss, "atom": formats.atom, "json": formats.json_feed}
# What every feed shows: news, with its work packages' titles (the surrogate
# keys a publication purges, see cms.frontend_cache).
FEED_TAGS = ("news", "workpackages")


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise unknown_value("site", "no site is served at this address")
    return site


def _origin(request):
    return f"{request.scheme}://{request.get_host()}"


def _canonical(request, parameters):
    """The parsed parameters and canonical query string; a Problem when malformed."""
    params = FeedParams.parse(request.GET, parameters)
    return params, params.query_string()


def answer_from_cache(request, kind, parameters):
    """The response to a canonical feed request whose rendering is stored, else None.

    Needs no database: what a request names was checked when the rendering
    was made, and anything else (a bad parameter, another spelling, a miss)
    is left to the view.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        _params, query = _canonical(request, parameters)
    except Problem:
        return None
    if request.META.get("QUERY_STRING", "") != query:
        return None
    rendering = stored(kind, _origin(request), query)
    return _respond(request, rendering, "HIT") if rendering is not None else None


def _respond(request, rendering, state=None):
    # Feeds are public documents; partner portals read them from the browser.
    return respond(request, rendering, headers={"Access-Control-Allow-Origin": "*"}, state=state)


def _serve(request, kind, parameters, render_body):
    try:
        params, query = _canonical(request, parameters)
    except Problem as problem:
        return problem.response()
    if request.META.get("QUERY_STRING", "") != query:
        return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
    origin = _origin(request)

    def render_feed():
        body, links = render_body(request, params, origin)
        headers = {"Content-Type": CONTENT_TYPES[kind], "Content-Language": params.language}
        if links:
            headers["Link"] = ", ".join(links)
        return body, headers

    try:
        rendering = render_cached(
            kind, origin, query, render_feed, max_age=settings.FEED_MAX_AGE, tags=FEED_TAGS
        )
    except Problem as problem:
        return problem.response()
    return _respond(request, rendering)


def _news(kind):
    def render_body(request, params, origin):
        resolved = params.resolve(_site(request))
        feed = news_feed(resolved, kind, origin)
        links = []
        if feed.channel.hub_url:
            links = [
                f'<{feed.channel.hub_url}>; rel="hub"',
                f'<{feed.channel.self_url}>; rel="self"',
            ]
        return WRITERS[kind](feed), links

    return render_body


def _calendar(request, params, origin):
    resolved = params.resolve(_site(request))
    return calendar.events_calendar(resolved, origin), ()


def _opml(request, params, origin):
    with translation.override(params.language):
        return catalogue.opml(_site(request), params.language, origin), ()


@require_safe
def news_rss(request):
    return _serve(request, "rss", NewsFeedParameters, _news("rss"))


@require_safe
def news_atom(request):
    return _serve(request, "atom", NewsFeedParameters, _news("atom"))


@require_safe
def news_json(request):
    return _serve(request, "json", NewsFeedParameters, _news("json"))


@require_safe
def events_ics(request):
    return _serve(request, "ics", CalendarParameters, _calendar)


@require_safe
def opml(request):
    return _serve(request, "opml", CatalogueParameters, _opml)


def _rows(groups, origin):
    """Feed groups as the /feeds/ page lists them: a title and one link per format."""
    return [
        {
            "title": group.title,
            "html_url": group.html_url,
            "language": group.language,
            "links": [
                {
                    "name": FORMAT_NAMES[kind],
                    "type": MEDIA_TYPES[kind],
                    "url": group.url(kind, origin),
                }
                for kind in ("rss", "atom", "json", "ics")
            ],
        }
        for group in groups
    ]


# The endpoints whose answers are cached: URL name -> (kind, parameters).
CACHED_ENDPOINTS = {
    "feeds:news_rss": ("rss", NewsFeedParameters),
    "feeds:news_atom": ("atom", NewsFeedParameters),
    "feeds:news_json": ("json", NewsFeedParameters),
    "feeds:events_ics": ("ics", CalendarParameters),
    "feeds:opml": ("opml", CatalogueParameters),
}


@require_safe
def index(request):
    """The page that lists every feed and says how to subscribe."""
    try:
        params = FeedParams.parse(request.GET, CatalogueParameters)
        site = _site(request)
    except Problem as problem:
        return problem.response()
    origin = _origin(request)
    work_packages, partners, topics = catalogue.subject_groups(site, params.language)
    # The page is in the language of the feeds it lists (?locale=), its chrome too.
    with translation.override(params.language):
        response = _render_index(request, params, site, origin, work_packages, partners, topics)
    return mark_public(response, max_age=settings.SITE_MAX_AGE, tags=FEED_TAGS)


def _render_index(request, params, site, origin, work_packages, partners, topics):
    query = params.query_string()
    return render(
        request,
        "feeds/index.html",
        {
            "language_name": language_name(params.language),
            "languages": [
                {
                    "code": code,
                    # Each language by its own name, as a reader looks for it.
                    "name": language_name(code, language=code),
                    "current": code == params.language,
                    "url": reverse("feeds:index")
                    + ("" if code == default_language() else f"?locale={code}"),
                }
                for code in content_languages()
            ],
            "site_wide": _rows(catalogue.site_wide_groups(site), origin),
            "work_packages": _rows(work_packages, origin),
            "partners": _rows(partners, origin),
            "topics": _rows(topics, origin),
            "opml_url": origin + reverse("feeds:opml") + (f"?{query}" if query else ""),
        },
    )
