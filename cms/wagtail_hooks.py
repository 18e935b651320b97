from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import City, Partner, PartnerEditor


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
