from django.contrib import messages
from django.db.models import BooleanField, ExpressionWrapper
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.editorial import partner_editor_city
from cms.models import City, NewsPage, Partner, PartnerEditor
from cms.translation import TranslatePageView, unreachable_message


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name", "city", "role"]
    list_filter = ["role", "city"]
    search_fields = ["name", "short_name"]
    ordering = ["name"]


class CityViewSet(SnippetViewSet):
    model = City
    icon = "site"
    menu_label = _("Cities")
    list_display = ["name", "country", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name"]


class PartnerEditorViewSet(SnippetViewSet):
    model = PartnerEditor
    icon = "user"
    menu_label = _("Partner editors")
    list_display = ["user", "partner"]
    search_fields = ["user__username", "partner__name"]


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (PartnerViewSet, CityViewSet, PartnerEditorViewSet)
    menu_icon = "group"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)


@hooks.register("register_admin_urls")
def translate_one_page_url():
    # simple_translation's own address: cms's hooks run first (INSTALLED_APPS
    # order), so this pattern is found first and its Translate buttons lead here.
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            TranslatePageView.as_view(),
            name="translate_page",
        )
    ]


def _warn_if_unreachable(request, page):
    message = unreachable_message(page)
    if message is not None:
        messages.warning(request, message)


@hooks.register("before_edit_page")
def warn_of_unpublished_parents(request, page):
    # On opening the editor; a save's own messages follow its redirect.
    if request.method == "GET":
        _warn_if_unreachable(request, page)


@hooks.register("after_publish_page")
def warn_of_unpublished_parents_after_publishing(request, page):
    _warn_if_unreachable(request, page)


@hooks.register("insert_editor_js")
def hold_a_submit_until_the_autosave_has_answered():
    return format_html('<script src="{}"></script>', static("cms/admin/submit-after-autosave.js"))


@hooks.register("after_create_page")
def tell_of_a_changed_slug(request, page):
    taken = getattr(page, "slug_taken", None)
    if taken:
        messages.info(
            request,
            _(
                "Another page in this section has the slug “%(taken)s”: this one's is "
                "“%(slug)s” (change it on the Promote tab)."
            )
            % {"taken": taken, "slug": page.slug},
        )


@hooks.register("construct_explorer_page_queryset")
def flag_a_partner_editors_own_news(parent_page, pages, request):
    # A partner editor sees every news item but may edit only their city's:
    # those are marked "your city" in the listing.
    city = partner_editor_city(request.user)
    if not city:
        return pages
    return pages.annotate(
        concerns_editors_city=ExpressionWrapper(
            NewsPage.concerning_city_q(city), output_field=BooleanField()
        )
    )
