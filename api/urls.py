from django.urls import path, re_path, register_converter

from drf_spectacular.views import SpectacularSwaggerSplitView

from api import views
from api.schema import SchemaView

app_name = "api"


class IdConverter:
    """A database id: digits that fit a BIGINT, so a longer number is a 404, not an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class SlugConverter:
    """A slug, Unicode letters allowed (as Wagtail allows them); nothing else reaches a query."""

    regex = r"[-\w]{1,255}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(IdConverter, "id")
register_converter(SlugConverter, "anyslug")

urlpatterns = [
    path("api/v1/", views.ApiRoot.as_view(), name="root"),
    path("api/v1/news/", views.NewsList.as_view(), name="news-list"),
    path("api/v1/news/<id:pk>/", views.NewsDetail.as_view(), name="news-detail"),
    path("api/v1/news/by-slug/<anyslug:slug>/", views.NewsBySlug.as_view(), name="news-by-slug"),
    path("api/v1/events/", views.EventList.as_view(), name="event-list"),
    path("api/v1/work-packages/", views.WorkPackageList.as_view(), name="work-package-list"),
    path(
        "api/v1/work-packages/<id:pk>/",
        views.WorkPackageDetail.as_view(),
        name="work-package-detail",
    ),
    path("api/v1/partners/", views.PartnerList.as_view(), name="partner-list"),
    path("api/v1/partners/<anyslug:slug>/", views.PartnerDetail.as_view(), name="partner-detail"),
    path("api/v1/tags/", views.TagList.as_view(), name="tag-list"),
    path("api/v1/pages/resolve/", views.Resolve.as_view(), name="resolve"),
    path("api/v1/changes/", views.Changes.as_view(), name="changes"),
    path("api/v1/preview/", views.Preview.as_view(), name="preview"),
    path("api/schema/", SchemaView.as_view(urlconf=None), name="schema"),
    # The page and its start-up script apart: no inline script (the CSP allows none).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    path("api/problems/<slug:slug>/", views.ProblemType.as_view(), name="problem-type"),
    # Anything else under /api/ is a 404 problem, not the site's HTML 404 page:
    # line breaks included, which "." would not match.
    re_path(r"^api/(?P<rest>[\s\S]*)\Z", views.NotFound.as_view(), name="not-found"),
]
