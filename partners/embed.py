"""The news widget for partner portals: its script, its data, its iframe form and the cards.

- ``/embed/news.js``: the custom element ``<baltmet-news>``
  (partners/static/partners/embed/news.js),
  at a stable address with a day's caching and an ETag to revalidate.
- ``/embed/news.json?portal=<portal>&limit=5&locale=en&lang=de``: what the element
  shows, the portal's default filters applied, its dates written in ``lang``.
  Browsers may read it only from the portal's registered origins (CORS); any
  other origin gets a 403 problem it may read, which says what to register
  where, so the element can tell the page's owner.
- ``/embed/news/?portal=...``: the same list as a small HTML page for an iframe, for
  hosts that allow no scripts; only the portal's origins may frame it.
- ``/embed/news/<id>/``: one item as a card, the iframe that oEmbed hands out; any site
  may frame it.

Every answer is rendered once per content version (a change to any portal's
filters or origins is a new version too) and kept by the response cache
(cms.response_cache), as feeds are; a warm request costs no database query.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Locale, Site

from cms.l10n import format_date
from cms.links import absolute_url
from cms.models import NewsPage
from cms.problems import Problem, unknown_value
from cms.publication import content_changed
from cms.response_cache import render_cached
from cms.response_cache import respond as respond_from_cache
from feeds.entries import THUMBNAIL_FILTER, text
from feeds.params import default_language, known_language
from partners.models import PartnerPortal
from partners.origins import origin_of
from partners.params import DEFAULT_LIMIT, CardParameters, WidgetParameters

SCRIPT_PATH = Path(__file__).resolve().parent / "static" / "partners" / "embed" / "news.js"
# Where the office registers a portal's origins, as the admin's menu names it.
PORTAL_SETTINGS = "Syndication → Partner portals"
# The script's address never changes; a day's caching, then an ETag check.
SCRIPT_MAX_AGE = 24 * 60 * 60


@receiver(post_save, sender=PartnerPortal)
@receiver(post_delete, sender=PartnerPortal)
def _on_portal_changed(sender, **kwargs):
    # A portal's filters and origins decide what its widget shows and who may
    # read it: a new content version, and the widget purged.
    content_changed(tags=("widget",))


def problem_response(problem, readable=False):
    """A problem as the widget's answers carry it: loadable from other sites' pages
    and, with ``readable``, readable by their scripts (CORS)."""
    headers = {"Cross-Origin-Resource-Policy": "cross-origin"}
    if readable:
        # Any page may read why it got no news: the problem says nothing the
        # page did not send (its origin, the portal it named), and the widget
        # fetches without credentials.
        headers["Access-Control-Allow-Origin"] = "*"
    return problem.response(**headers)


# Parameters ------------------------------------------------------------------


@dataclass(frozen=True)
class EmbedParams:
    portal: str
    limit: int = DEFAULT_LIMIT
    # A content language code; None: the portal's language, or the site's.
    locale: str | None = None
    # The parameter the portal was named by: portal, or the deprecated partner.
    given_as: str = "portal"
    # The language of dates and messages, one of the site's; None: the content's.
    lang: str | None = None

    @classmethod
    def parse(cls, query):
        """The parameters: a 400 Problem naming every malformed one, a 404 for a
        language the site does not have."""
        values = WidgetParameters.read(query)
        return cls(
            portal=values["portal"],
            limit=values["limit"],
            locale=known_language(values.get("locale")),
            given_as=values["portal_given_as"],
            lang=interface_language(values.get("lang")),
        )

    def query_string(self):
        pairs = [("portal", self.portal)]
        if self.limit != DEFAULT_LIMIT:
            pairs.append(("limit", self.limit))
        if self.locale is not None:
            pairs.append(("locale", self.locale))
        if self.lang is not None:
            pairs.append(("lang", self.lang))
        return urlencode(pairs)


def interface_language(tag):
    """The site's language for a language tag (``de-AT`` is ``de``), or None.

    The widget passes on whatever its host page declares; a language the site
    has no dates and messages for is not an error, the content's language is
    used instead.
    """
    if tag is None:
        return None
    codes = {code for code, _name in settings.LANGUAGES}
    return next((code for code in (tag, tag.split("-")[0]) if code in codes), None)


def _portal(params):
    portal = PartnerPortal.objects.active().select_related("filter_partner")
    portal = portal.filter(slug=params.portal).first()
    if portal is None:
        raise unknown_value(params.given_as, f"there is no active partner portal {params.portal!r}")
    return portal


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise unknown_value("site", "no site is served at this address")
    return site


# What the widget shows ---------------------------------------------------------------


def widget_items(request, portal, params):
    """(language, lang, items) for the portal's list: the content's language, the
    language of its dates, and the items."""
    language = params.locale or portal.filter_locale or default_language()
    try:
        locale = Locale.objects.get_for_language(language)
    except Locale.DoesNotExist as error:
        raise unknown_value("locale", f"there is no content in language {language!r}") from error
    news = portal.filter_news(NewsPage.objects.public(site=_site(request), locale=locale))
    pages = list(news.for_listing()[: params.limit])
    found = thumbnails(pages)
    lang = params.lang or language
    return language, lang, [item(page, lang, found) for page in pages]


def thumbnails(pages, filter_spec=THUMBNAIL_FILTER):
    """Each lead image's list-sized rendition, in two queries for all pages."""
    ids = {page.lead_image_id for page in pages if page.lead_image_id}
    if not ids:
        return {}
    found = {}
    for image in get_image_model().objects.filter(pk__in=ids).prefetch_renditions(filter_spec):
        try:
            rendition = image.get_rendition(filter_spec)
        except (SourceImageIOError, OSError):
            continue
        found[image.pk] = {
            "url": absolute_url(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
    return found


def item(page, lang, thumbnails):
    """One news item as the widget, the iframe and the card show it, its date
    written in ``lang``."""
    published = timezone.localtime(page.publication_date)
    date_text = format_date(published, lang)
    return {
        "id": page.pk,
        "title": text(page.title),
        "url": absolute_url(page.get_url(None) or ""),
        "date": published.date().isoformat(),
        "date_text": date_text,
        "teaser": text(page.teaser),
        "image": thumbnails.get(page.lead_image_id),
    }


# Responses -------------------------------------------------------------------------


def _origin(request):
    return f"{request.scheme}://{request.get_host()}"


def _own_origins(request):
    return {_origin(request), origin_of(settings.BASE_URL)}


def respond(request, rendering, headers=None):
    """The HTTP answer for a stored rendering: 304 when the client's copy is current."""
    return respond_from_cache(
        request,
        rendering,
        headers={"Cross-Origin-Resource-Policy": "cross-origin", **(headers or {})},
        vary=("Accept-Encoding", "Origin"),
    )


def _stored_origins(rendering):
    return rendering.extra.get("portal-origins", ())


def _portal_rendering(request, kind, params, write):
    """The stored rendering of a portal's list; ``write(portal, language, lang, items)``
    gives its body and content type when there is none yet."""

    def render():
        portal = _portal(params)
        language, lang, items = widget_items(request, portal, params)
        body, content_type = write(portal, language, lang, items)
        headers = {"Content-Type": content_type, "Content-Language": language}
        # Kept with the rendering, so that a warm request checks the Origin or
        # sets frame-ancestors without reading the registry.
        return body, headers, {"portal-origins": tuple(portal.origins)}

    # Lists are revalidated on every use (a 304 from the cache costs no
    # query), so a partner's page shows a new item as soon as it is published.
    return render_cached(
        kind,
        _origin(request),
        params.query_string(),
        render,
        max_age=None,
        tags=("news", "widget"),
    )


@require_safe
def news_json(request):
    """The widget's data for one portal, readable by the portal's origins only."""
    try:
        params = EmbedParams.parse(request.GET)

        def write(portal, language, lang, items):
            # "partner" is the former name of "portal", kept for a release.
            body = {
                "portal": portal.slug,
                "partner": portal.slug,
                "locale": language,
                "lang": lang,
                "items": items,
            }
            encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            return encoded, "application/json"

        rendering = _portal_rendering(request, "embed-json", params, write)
    except Problem as problem:
        return problem_response(problem, readable=True)
    origin = request.headers.get("Origin")
    extra = {}
    if origin is not None:
        if origin not in _stored_origins(rendering) and origin not in _own_origins(request):
            return problem_response(
                Problem(
                    "origin-not-allowed",
                    f"The origin {text(origin)[:100]!r} is not registered for the partner "
                    f"portal {params.portal!r}. Ask the network's office to add it to the "
                    f"portal's 'Allowed origins' (CMS admin: {PORTAL_SETTINGS}).",
                ),
                readable=True,
            )
        extra["Access-Control-Allow-Origin"] = origin
    return respond(request, rendering, headers=extra)


def _sources(*urls):
    """'self' and the origins of those of ``urls`` that are absolute (a CDN, a bucket)."""
    return " ".join(sorted({"'self'"} | {origin for url in urls if (origin := origin_of(url))}))


def _content_security_policy(frame_ancestors):
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {_sources(settings.STATIC_URL)}",
            f"img-src {_sources(settings.BASE_URL, settings.MEDIA_URL)}",
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


@require_safe
@xframe_options_exempt
def news_frame(request):
    """The widget's list as a page of its own, for an iframe on the portal."""
    try:
        params = EmbedParams.parse(request.GET)

        def write(portal, language, lang, items):
            context = {
                "language": language,
                "lang": lang,
                "items": items,
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            with translation.override(lang):
                body = render_to_string("partners/embed/news.html", context)
            return body.encode(), "text/html; charset=utf-8"

        rendering = _portal_rendering(request, "embed-frame", params, write)
    except Problem as problem:
        return problem_response(problem)
    ancestors = " ".join(["'self'", *_stored_origins(rendering)])
    return respond(
        request,
        rendering,
        headers={"Content-Security-Policy": _content_security_policy(ancestors)},
    )


@require_safe
@xframe_options_exempt
def news_card(request, page_id):
    """One news item as a card: the frame an oEmbed consumer shows. Any site may frame it."""
    try:
        CardParameters.read(request.GET)
    except Problem as problem:
        return problem_response(problem)

    def render():
        page = (
            NewsPage.objects.public(site=_site(request))
            .select_related("locale", "lead_image")
            .filter(pk=page_id)
            .first()
        )
        if page is None:
            raise unknown_value("id", f"there is no public news item {page_id}")
        language = page.locale.language_code
        card = item(page, language, thumbnails([page]))
        body = render_to_string(
            "partners/embed/card.html",
            {"language": language, "item": card, "site_name": settings.WAGTAIL_SITE_NAME},
        ).encode()
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Language": language}
        return body, headers

    try:
        rendering = render_cached(
            "embed-card",
            _origin(request),
            str(page_id),
            render,
            max_age=None,
            tags=(f"page-{page_id}",),
        )
    except Problem as problem:
        return problem_response(problem)
    return respond(
        request,
        rendering,
        headers={"Content-Security-Policy": _content_security_policy("*")},
    )


# The script -------------------------------------------------------------------------


@dataclass(frozen=True)
class Script:
    body: bytes
    etag: str
    modified: float


_script = None


def script():
    """The widget's source, read once (again when the file changes, for development)."""
    global _script
    modified = SCRIPT_PATH.stat().st_mtime
    if _script is None or _script.modified != modified:
        body = SCRIPT_PATH.read_bytes()
        _script = Script(body=body, etag=hashlib.sha256(body).hexdigest()[:32], modified=modified)
    return _script


@require_safe
def news_js(request):
    source = script()
    etag = f'"{source.etag}"'
    response = HttpResponse(source.body, content_type="text/javascript; charset=utf-8")
    response["Content-Length"] = str(len(source.body))
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    # Loaded by other sites' pages, with or without CORS, and by pages that
    # isolate themselves (COEP).
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return get_conditional_response(request, etag=etag, response=response)
