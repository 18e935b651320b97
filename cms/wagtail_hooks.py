from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import City, Partner, PartnerEditor
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
