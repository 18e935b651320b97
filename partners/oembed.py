"""oEmbed (https://oembed.com): a card for any public news page, for CMSs that auto-embed URLs.

``/oembed/?url=<news page URL>&format=json`` answers a ``rich`` embed whose HTML
is an iframe of the item's card (``/embed/news/<id>/``), with the lead image as
thumbnail. News pages name the endpoint in a ``<link rel="alternate"
type="application/json+oembed">`` (partners.context_processors.oembed_links).

Consumers add parameters of their own (WordPress, for instance), so unknown
parameters are ignored rather than refused; a malformed known one is a 400
problem (partners.params, the layer every endpoint shares). A URL that is not
a public news page of this site is a 404, ``format=xml`` a 501 (the spec's
answer for a format a provider does not offer).
"""

import json
from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language_from_path
from django.views.decorators.http import require_safe

from wagtail.models import Site

from cms.links import absolute_url
from cms.models import NewsPage
from cms.problems import Problem, unknown_value
from cms.response_cache import render_cached, rendered
from feeds.entries import THUMBNAIL_FILTER, text
from feeds.params import default_language
from partners.embed import problem_response, respond, thumbnails
from partners.origins import DEFAULT_PORTS
from partners.params import OEmbedParameters

CARD_WIDTH = 480
CARD_HEIGHT = 180
MAX_AGE = 300
# A thumbnail within maxwidth x maxheight is one of these sizes a side: any
# consumer's bounds map onto a few renditions per image, not one per pixel.
THUMBNAIL_SIDES = (100, 120, 160, 240, 320, 480)


def _side(bound):
    return max(side for side in THUMBNAIL_SIDES if side <= max(bound, THUMBNAIL_SIDES[0]))


def thumbnail_filter(max_width=None, max_height=None):
    """The rendition of the lead image within the consumer's bounds (the oEmbed
    spec asks thumbnails to respect maxwidth and maxheight): scaled down whole,
    never cropped, so no lettering in the picture is cut off."""
    if max_width is None and max_height is None:
        return THUMBNAIL_FILTER
    width = _side(min(max_width or CARD_WIDTH, CARD_WIDTH))
    height = _side(max_height or THUMBNAIL_SIDES[-1])
    return f"max-{width}x{height}"


def _site_for(host, port):
    """The site served at host:port, or the default site if BASE_URL names that host."""
    for site in Site.objects.select_related("root_page").filter(hostname=host):
        if site.port == port:
            return site
    base = urlsplit(settings.BASE_URL)
    base_port = base.port or DEFAULT_PORTS.get(base.scheme)
    if base.hostname == host and base_port == port:
        return Site.objects.select_related("root_page").filter(is_default_site=True).first()
    return None


def canonical_url(url):
    """``url`` as one string per page: scheme and host in lower case, no default port,
    the path unescaped with its closing slash, no query or fragment."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = unquote(parts.path or "/")
    if not path.endswith("/"):
        path += "/"
    return f"{scheme}://{netloc}{path}"


def news_page_for_url(url):
    """The public news page at ``url`` (absolute, on this site), or None."""
    parts = urlsplit(url)
    site = _site_for(parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme))
    if site is None:
        return None
    path = unquote(parts.path or "/")
    if not path.endswith("/"):
        path += "/"
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    else:
        language = default_language()
    root = (
        site.root_page.get_translations(inclusive=True)
        .filter(locale__language_code=language)
        .first()
    )
    if root is None:
        return None
    url_path = root.url_path + path.lstrip("/")
    return (
        NewsPage.objects.public(site=site, locale=language)
        .filter(url_path=url_path)
        .select_related("locale")
        .first()
    )


def card_url(page):
    return absolute_url(reverse("partners:embed_card", args=[page.pk]))


def oembed_response(page, max_width=None, max_height=None):
    """The oEmbed document of a news page."""
    width = min(CARD_WIDTH, max_width or CARD_WIDTH)
    height = min(CARD_HEIGHT, max_height or CARD_HEIGHT)
    title = text(page.title)
    document = {
        "version": "1.0",
        "type": "rich",
        "provider_name": settings.WAGTAIL_SITE_NAME,
        "provider_url": settings.BASE_URL + "/",
        "title": title,
        # Escaped: a consumer inserts this as HTML. frameborder, not a style
        # attribute, keeps the frame within width x height: consumers with a
        # strict CSP block inline styles but apply presentational attributes.
        "html": format_html(
            '<iframe src="{}" width="{}" height="{}" title="{}" frameborder="0" '
            'loading="lazy"></iframe>',
            card_url(page),
            width,
            height,
            title,
        ),
        "width": width,
        "height": height,
        "cache_age": 300,
    }
    thumbnail = thumbnails([page], thumbnail_filter(max_width, max_height)).get(page.lead_image_id)
    if thumbnail is not None:
        document.update(
            thumbnail_url=thumbnail["url"],
            thumbnail_width=thumbnail["width"],
            thumbnail_height=thumbnail["height"],
        )
    return document


@require_safe
def oembed(request):
    try:
        values = OEmbedParameters.read(request.GET)
        if values["format"] == "xml":
            raise Problem(
                "not-implemented",
                "format: only json is offered",
                [{"name": "format", "reason": "only json is offered"}],
            )
        url = canonical_url(values["url"])
        max_width, max_height = values.get("maxwidth"), values.get("maxheight")

        def render():
            page = news_page_for_url(url)
            if page is None:
                raise unknown_value("url", "not the address of a public news page of this site")
            document = oembed_response(page, max_width, max_height)
            body = json.dumps(document, ensure_ascii=False).encode()
            # Purged with the page it describes (cms.frontend_cache).
            return body, {"Content-Type": "application/json"}, {"tags": (f"page-{page.pk}",)}

        # Stored under the page's URL written one way (a consumer can write it in
        # endless others: case, slashes, escapes, a query of its own), and only
        # for a page that exists (a 404 is not stored) at the card's own size; a
        # card or thumbnail within bounds is rendered for the asker alone. So the
        # entries are a few per public page, whatever is asked.
        if max_width is None and max_height is None:
            origin = f"{request.scheme}://{request.get_host()}"
            rendering = render_cached("oembed", origin, url, render, max_age=MAX_AGE)
        else:
            rendering = rendered(render, max_age=MAX_AGE)
    except Problem as problem:
        return problem_response(problem)
    return respond(request, rendering, headers={"Access-Control-Allow-Origin": "*"})


def discovery_link(request, page):
    """The <link> that names the oEmbed endpoint of a news page."""
    query = {"url": page.get_full_url(request), "format": "json"}
    return {
        "type": "application/json+oembed",
        "title": text(page.title),
        "href": request.build_absolute_uri(reverse("partners:oembed") + "?" + urlencode(query)),
    }
