"""'Preview via API' for editors: a signed, expiring token for a draft's API representation."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from api import preview

PREVIEWABLE = ("newspage", "workpackagepage")


def preview_link(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    revision = page.get_latest_revision()
    if revision is None:
        revision = page.save_revision(user=request.user)
    expires = timezone.now() + datetime.timedelta(seconds=preview.max_age())
    return TemplateResponse(
        request,
        "api/admin/preview_link.html",
        {
            "page": page,
            "revision": revision,
            "preview_url": preview.preview_url(),
            "preview_token": preview.make_token(revision),
            "expires": expires,
            "header_title": _("Preview via API"),
        },
    )


@hooks.register("register_admin_urls")
def register_preview_url():
    return [path("api-preview/<int:page_id>/", preview_link, name="api_preview_link")]


class PreviewViaApiButton(PageMenuItem):
    label = _("Preview via API")
    icon_name = "view"
    priority = 45

    def is_shown(self, user):
        return (
            self.page.content_type.model in PREVIEWABLE
            and self.page.permissions_for_user(user).can_edit()
        )

    @property
    def url(self):
        return reverse("api_preview_link", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def preview_via_api_button(page, user, view_name, next_url=None):
    yield PreviewViaApiButton(page=page)
