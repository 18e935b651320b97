"""The feeds' HTTP endpoints.

Each feed request goes through the same steps: parse the query (400 for a
malformed one), redirect to the canonical query string if it was spelt
otherwise, answer from the cache if the current content version was
rendered already (no database query), else resolve the filters (404 for an
unknown value) and render. Nothing an outsider sends becomes a 500.
"""

import json

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from wagtail.models import Site

from cms.response_cache import mark_public, render_cached, respond, stored
from feeds import calendar, catalogue, formats
from feeds.news import FORMAT_NAMES, MEDIA_TYPES, language_name, news_feed
from feeds.params import (
    CALENDAR_PARAMETERS,
    NEWS_PARAMETERS,
    OPML_PARAMETERS,
    FeedParams,
    FeedRequestError,
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
STATUS_TITLES = {400: "Bad Request", 404: "Not Found"}
# What every feed shows: news, with its work packages' titles (the surrogate
# keys a publication purges, see cms.frontend_cache).
FEED_TAGS = ("news", "workpackages")


def problem(error):
    """An RFC 9457 problem naming the parameter at fault."""
    body = {
        "type": "about:blank",
        "title": STATUS_TITLES[error.status],
        "status": error.status,
        "detail": f"{error.parameter}: {error.reason}",
        "invalid_params": [{"name": error.parameter, "reason": error.reason}],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=error.status,
        content_type="application/problem+json",
    )


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise FeedRequestError(404, "site", "no site is served at this address")
    return site


def _origin(request):
    return f"{request.scheme}://{request.get_host()}"


def _canonical(request, allowed):
    """The parsed parameters and canonical query string; FeedRequestError when malformed."""
    params = FeedParams.parse(request.GET, allowed)
    return params, params.query_string()


def answer_from_cache(request, kind, allowed):
    """The response to a canonical feed request whose rendering is stored, else None.

    Needs no database: what a request names was checked when the rendering
    was made, and anything else (a bad parameter, another spelling, a miss)
    is left to the view.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        _params, query = _canonical(request, allowed)
    except FeedRequestError:
        return None
    if request.META.get("QUERY_STRING", "") != query:
        return None
    rendering = stored(kind, _origin(request), query)
    return _respond(request, rendering, "HIT") if rendering is not None else None


def _respond(request, rendering, state=None):
    # Feeds are public documents; partner portals read them from the browser.
    return respond(request, rendering, headers={"Access-Control-Allow-Origin": "*"}, state=state)


def _serve(request, kind, allowed, render_body):
    try:
        params, query = _canonical(request, allowed)
    except FeedRequestError as error:
        return problem(error)
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
    except FeedRequestError as error:
        return problem(error)
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
    return catalogue.opml(_site(request), params.language, origin), ()


@require_safe
def news_rss(request):
    return _serve(request, "rss", NEWS_PARAMETERS, _news("rss"))


@require_safe
def news_atom(request):
    return _serve(request, "atom", NEWS_PARAMETERS, _news("atom"))


@require_safe
def news_json(request):
    return _serve(request, "json", NEWS_PARAMETERS, _news("json"))


@require_safe
def events_ics(request):
    return _serve(request, "ics", CALENDAR_PARAMETERS, _calendar)


@require_safe
def opml(request):
    return _serve(request, "opml", OPML_PARAMETERS, _opml)


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
    "feeds:news_rss": ("rss", NEWS_PARAMETERS),
    "feeds:news_atom": ("atom", NEWS_PARAMETERS),
    "feeds:news_json": ("json", NEWS_PARAMETERS),
    "feeds:events_ics": ("ics", CALENDAR_PARAMETERS),
    "feeds:opml": ("opml", OPML_PARAMETERS),
}


@require_safe
def index(request):
    """The page that lists every feed and says how to subscribe."""
    try:
        params = FeedParams.parse(request.GET, OPML_PARAMETERS)
        site = _site(request)
    except FeedRequestError as error:
        return problem(error)
    origin = _origin(request)
    work_packages, partners, topics = catalogue.subject_groups(site, params.language)
    query = params.query_string()
    response = render(
        request,
        "feeds/index.html",
        {
            "language_name": language_name(params.language),
            "languages": [
                {
                    "code": code,
                    "name": language_name(code),
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
    return mark_public(response, max_age=settings.SITE_MAX_AGE, tags=FEED_TAGS)
