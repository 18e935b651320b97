"""oEmbed discovery: the <link> a public news page names its oEmbed endpoint with."""

from django.utils.functional import SimpleLazyObject

from wagtail.models import Page

from cms.models import NewsPage
from cms.public import is_public
from partners.oembed import discovery_link


def oembed_links(request):
    """The oEmbed discovery link of a public news page (news_page.html writes it)."""
    if request.path.startswith("/admin/"):
        return {}
    return {"oembed_links": SimpleLazyObject(lambda: _oembed_links(request))}


def _oembed_links(request):
    # A preview shows a revision that may never be published: nothing to embed.
    if getattr(request, "is_preview", False):
        return []
    # Wagtail's page serving has routed this request already and kept the
    # result on it, so this costs no query for the page itself.
    route = Page.route_for_request(request, request.path)
    page = route[0] if route else None
    if not isinstance(page, NewsPage):
        return []
    if not is_public(page):
        return []
    return [discovery_link(request, page)]
