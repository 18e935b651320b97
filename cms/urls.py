from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import authenticate_with_password as document_password
from wagtail.views import authenticate_with_password as page_password

from cms import views
from cms.security import guard_password_form

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password form of a private document collection, counted by axes.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        guard_password_form(document_password, "document-password", "restriction_id"),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The pull API (/api/...), the feeds (/feeds/...) and the partners' widget
    # and oEmbed (/embed/..., /oembed/) are outside the language prefixes: they
    # take a ?locale= parameter instead.
    path("", include("api.urls")),
    path("", include("feeds.urls")),
    path("", include("partners.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images and their renditions, where no web server or bucket serves
    # them. Only those: documents are served by Wagtail's document view alone
    # (/documents/<id>/<name>), which keeps a protected collection's password.
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", views.public_media_file)
    ]

# Site pages, in English at unprefixed URLs and in the other languages under
# /<language>/. Wagtail's catch-all comes last.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # Wagtail's password form of a private page, counted by axes.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        guard_password_form(page_password, "page-password", "page_view_restriction_id"),
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
