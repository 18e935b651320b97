from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Site

from cms import search as site_search
from cms.public import public_pages, search_public
from cms.response_cache import mark_public
from cms.sitemaps import PublicPagesSitemap

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
