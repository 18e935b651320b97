import posixpath
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.static import serve as serve_static_file

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Site

from cms import search as site_search
from cms.public import public_pages, search_public
from cms.response_cache import mark_public
from cms.sitemaps import PublicPagesSitemap

# Wagtail's folders for uploaded images and their renditions under MEDIA_ROOT.
PUBLIC_MEDIA_FOLDERS = ("original_images", "images")
SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    context = {"search_query": query, "results": None, "query_string": urlencode({"q": query})}
    if query:
        site, locale = Site.find_for_request(request), Locale.get_active()
        paginator = Paginator(
            search_public(public_pages(site=site, locale=locale), query), SEARCH_RESULTS_PER_PAGE
        )
        results = paginator.get_page(request.GET.get("page"))
        for result in results:
            result.snippet = site_search.snippet(result.search_text(), query)
        context["results"] = results
        if not paginator.count:
            context["suggestions"] = site_search.suggestions(query, site, locale)
    return render(request, "search.html", context)


@require_safe
def sitemap(request):
    response = wagtail_sitemap(request, sitemaps={"pages": PublicPagesSitemap})
    # It lists every public page (cms.frontend_cache).
    return mark_public(response, max_age=settings.SITE_MAX_AGE, tags=("pages",))


@require_safe
def robots_txt(request):
    response = TemplateResponse(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
    return mark_public(response, max_age=settings.SITE_MAX_AGE)


@require_safe
def public_media_file(request, path):
    """An uploaded image or rendition from MEDIA_ROOT (SERVE_MEDIA), and nothing else there.

    Documents are served by Wagtail's document view alone (/documents/<id>/<name>),
    which asks for a protected collection's password; a path that leaves the image
    folders, ``..`` included, is a 404.
    """
    if posixpath.normpath(path) != path or path.split("/", 1)[0] not in PUBLIC_MEDIA_FOLDERS:
        raise Http404("No such image.")
    return serve_static_file(request, path, document_root=settings.MEDIA_ROOT)
