"""The Wagtail admin for syndication: the partner registry and the webhook delivery log.

Partner portals (``/admin/syndication/portals/``) are managed by whoever
holds the portal model's add/change/delete permissions, by default only
superusers: a portal's edit page shows its webhook secret, and its actions
issue and revoke API read tokens. The delivery log
(``/admin/syndication/deliveries/``) needs ``partners.view_webhookdelivery``,
its "Redeliver" action ``partners.redeliver_webhookdelivery``; the Moderators
group has both (cms.editorial.ensure_roles).

Token issue and revocation, secret rotation and redelivery are POSTs, each
written to Wagtail's audit log (Reports → Site history) under the actions
registered in partners.wagtail_hooks.
"""

import json

from django import forms
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusFlagColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

import django_filters

from partners.forms import PartnerPortalForm
from partners.models import PREVIOUS_SECRET_GRACE, PartnerPortal, WebhookDelivery
from partners.outbox import EVENT_TYPES, REDELIVER_ACTION, DeliveryInFlight, redeliver

# Audit log actions (names, not secrets).
ISSUE_TOKEN_ACTION = "feeds.portal.issue_read_token"  # noqa: S105
REVOKE_TOKEN_ACTION = "feeds.portal.revoke_read_token"  # noqa: S105
ROTATE_SECRET_ACTION = "feeds.portal.rotate_secret"  # noqa: S105
GRACE_HOURS = int(PREVIOUS_SECRET_GRACE.total_seconds() // 3600)
ERROR_EXCERPT = 80


class DateTimeColumn(Column):
    """A moment as a date and time to the second: a log is read for exact times,
    not "3 hours ago"."""

    cell_template_name = "partners/admin/tables/datetime_cell.html"


class DeliveryCountColumn(Column):
    """A portal's number of deliveries in one status, linked to the log filtered to them."""

    cell_template_name = "partners/admin/tables/link_cell.html"

    def __init__(self, name, status, **kwargs):
        super().__init__(name, **kwargs)
        self.status = status

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is not None and request.user.has_perm("partners.view_webhookdelivery"):
            context["url"] = (
                reverse(DeliveryViewSet.url_namespace + ":index")
                + f"?portal={instance.pk}&status={self.status}"
            )
        return context


# Partner portals -------------------------------------------------------------


class PortalIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Both counts come from one grouped join, in the listing's own query;
        # the (portal, page_id) index finds each portal's deliveries.
        return (
            super()
            .get_base_queryset()
            .select_related("partner")
            .annotate(
                pending_deliveries=Count(
                    "deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.PENDING)
                ),
                failed_deliveries=Count(
                    "deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)
                ),
            )
        )


class PortalCreateView(generic.CreateView):
    def get_success_url(self):
        # The edit page, where the new portal's webhook secret is shown and
        # its read token can be issued.
        return reverse(self.edit_url_name, args=[self.object.pk])


class PortalEditView(generic.EditView):
    issue_token_url_name = None
    revoke_token_url_name = None
    rotate_secret_url_name = None

    def get_object(self, queryset=None):
        queryset = PartnerPortal.objects.select_related("read_token")
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        portal = self.object
        token = portal.read_token
        context.update(
            portal=portal,
            read_token=token,
            token_active=token is not None and token.is_active,
            issue_token_url=reverse(self.issue_token_url_name, args=[portal.pk]),
            revoke_token_url=reverse(self.revoke_token_url_name, args=[portal.pk]),
            rotate_secret_url=reverse(self.rotate_secret_url_name, args=[portal.pk]),
            previous_secret_signs=len(portal.signing_secrets()) > 1,
            grace_hours=GRACE_HOURS,
            deliveries_url=(
                reverse(DeliveryViewSet.url_namespace + ":index") + f"?portal={portal.pk}"
                if self.request.user.has_perm("partners.view_webhookdelivery")
                else None
            ),
        )
        return context


class PortalDeleteView(generic.DeleteView):
    def delete_action(self):
        # The token outlives the portal row (the relation is on the portal's
        # side): revoke it, or a deleted partner would keep reading the API.
        with transaction.atomic():
            self.object.revoke_read_token()
            super().delete_action()


class PortalActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A change to a portal's credentials: GET asks for confirmation, POST does it.

    The portal row is locked while the change is made, so that two
    administrators acting at once cannot leave an unrevoked token or lose a
    rotated secret.
    """

    model = PartnerPortal
    permission_required = "change"
    template_name = "partners/admin/portal_confirm_action.html"
    index_url_name = None
    edit_url_name = None
    page_title = ""
    confirmation = ""
    button_label = ""
    button_class = "button"
    log_action = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.portal = get_object_or_404(
            PartnerPortal.objects.select_related("read_token"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.portal)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Partner portals")},
            {"url": self.edit_url, "label": str(self.portal)},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def edit_url(self):
        return reverse(self.edit_url_name, args=[self.portal.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            portal=self.portal,
            confirmation=self.get_confirmation(),
            button_label=self.button_label,
            button_class=self.button_class,
            edit_url=self.edit_url,
        )
        return context

    def get_confirmation(self):
        return self.confirmation

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            portal = PartnerPortal.objects.select_for_update().get(pk=self.portal.pk)
            data, response = self.perform(portal)
            if data is not None:
                log(instance=portal, action=self.log_action, user=request.user, data=data)
        return response

    def perform(self, portal):
        """Make the change: (the audit log entry's data, or None if nothing changed;
        the response)."""
        raise NotImplementedError


class IssueTokenView(PortalActionView):
    page_title = _("Issue API read token")
    log_action = ISSUE_TOKEN_ACTION

    @property
    def button_label(self):
        if self.portal.read_token and self.portal.read_token.is_active:
            return _("Issue a new token and revoke the current one")
        return _("Issue a token")

    def get_confirmation(self):
        text = _(
            "The partner's portal sends the token to read the content API at the partner "
            "rate. It is shown once, on the next page, and never again: copy it to the "
            "partner then."
        )
        if self.portal.read_token and self.portal.read_token.is_active:
            text += " " + _(
                "The current token (%(prefix)s…) stops working as soon as the new one is issued."
            ) % {"prefix": self.portal.read_token.prefix}
        return text

    def perform(self, portal):
        token = portal.issue_read_token()
        self.page_title = _("API read token issued")
        response = TemplateResponse(
            self.request,
            "partners/admin/portal_token_issued.html",
            {**self.get_context_data(), "token": token, "read_token": portal.read_token},
        )
        # The token is in this page and nowhere else: keep it out of caches.
        add_never_cache_headers(response)
        return {"prefix": portal.read_token.prefix}, response


class RevokeTokenView(PortalActionView):
    page_title = _("Revoke API read token")
    button_label = _("Revoke the token")
    button_class = "button serious"
    log_action = REVOKE_TOKEN_ACTION

    def get_confirmation(self):
        token = self.portal.read_token
        if token is None or not token.is_active:
            return _("The portal has no active API read token.")
        return _(
            "The token %(prefix)s… stops working at once: the partner's portal reads the API "
            "at the anonymous rate until it is given a new token."
        ) % {"prefix": token.prefix}

    def perform(self, portal):
        token = portal.read_token
        if token is None or not token.is_active:
            messages.warning(self.request, _("The portal has no active API read token."))
            return None, redirect(self.edit_url)
        portal.revoke_read_token()
        messages.success(
            self.request, _("API read token %(prefix)s… revoked.") % {"prefix": token.prefix}
        )
        return {"prefix": token.prefix}, redirect(self.edit_url)


class RotateSecretView(PortalActionView):
    page_title = _("Rotate webhook secret")
    button_label = _("Rotate the secret")
    log_action = ROTATE_SECRET_ACTION

    def get_confirmation(self):
        return _(
            "A new secret signs every delivery from now on. For %(hours)s hours the current "
            "secret signs them too (each delivery then carries two signatures), so the "
            "partner can switch their receiver over without missing a delivery. Rotating "
            "again within those hours ends the grace of the secret before this one."
        ) % {"hours": GRACE_HOURS}

    def perform(self, portal):
        portal.rotate_secret()
        messages.success(
            self.request,
            _("Webhook secret rotated. The previous secret keeps signing until %(until)s.")
            % {"until": _moment(portal.previous_secret_valid_until)},
        )
        return (
            {"previous_valid_until": portal.previous_secret_valid_until.isoformat()},
            redirect(self.edit_url),
        )


class PartnerPortalViewSet(ModelViewSet):
    model = PartnerPortal
    name = "partner_portals"
    url_prefix = "syndication/portals"
    icon = "site"
    menu_label = _("Partner portals")
    form_class = PartnerPortalForm
    copy_view_enabled = False
    index_view_class = PortalIndexView
    add_view_class = PortalCreateView
    edit_view_class = PortalEditView
    delete_view_class = PortalDeleteView
    edit_template_name = "partners/admin/portal_edit.html"
    search_fields = ["name", "slug", "partner__name"]
    search_backend_name = None
    list_filter = ["active"]
    list_display = [
        "name",
        "partner",
        StatusFlagColumn(
            "active", label=_("Active"), true_label=_("active"), false_label=_("inactive")
        ),
        "webhook_url",
        DateTimeColumn(
            "last_delivered_at", label=_("Last successful delivery"), sort_key="last_delivered_at"
        ),
        DeliveryCountColumn(
            "pending_deliveries", WebhookDelivery.Status.PENDING, label=_("Pending")
        ),
        DeliveryCountColumn("failed_deliveries", WebhookDelivery.Status.FAILED, label=_("Failed")),
    ]

    def get_form_class(self, for_update=False):
        return self.form_class

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            issue_token_url_name=self.get_url_name("issue_token"),
            revoke_token_url_name=self.get_url_name("revoke_token"),
            rotate_secret_url_name=self.get_url_name("rotate_secret"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "token/<int:pk>/issue/",
                self.construct_view(IssueTokenView, header_icon="key"),
                name="issue_token",
            ),
            path(
                "token/<int:pk>/revoke/",
                self.construct_view(RevokeTokenView, header_icon="key"),
                name="revoke_token",
            ),
            path(
                "secret/<int:pk>/rotate/",
                self.construct_view(RotateSecretView, header_icon="rotate"),
                name="rotate_secret",
            ),
        ]


# The webhook delivery log ----------------------------------------------------


class DeliveryFilterSet(WagtailFilterSet):
    portal = django_filters.ModelChoiceFilter(
        queryset=PartnerPortal.objects.order_by("name"), label=_("Portal")
    )
    status = django_filters.ChoiceFilter(
        choices=WebhookDelivery.Status.choices,
        label=_("Status"),
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    event_type = django_filters.ChoiceFilter(
        choices=[(kind, kind) for kind in sorted(set(EVENT_TYPES.values()))],
        label=_("Event"),
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )

    class Meta:
        model = WebhookDelivery
        fields = ["portal", "status", "event_type"]


class DeliveryIndexView(generic.IndexView):
    any_permission_required = ["view"]

    def get_base_queryset(self):
        # The payload holds the item's whole API representation; a row of
        # the log needs only its title.
        return (
            super()
            .get_base_queryset()
            .select_related("portal")
            .defer("payload")
            .annotate(item_title=KT("payload__data__title"))
        )


class DeliveryDetailView(generic.InspectView):
    any_permission_required = ["view"]
    template_name = "partners/admin/delivery_detail.html"
    redeliver_url_name = None
    portal_edit_url_name = None

    def get_fields(self):
        return []

    def get_object(self, queryset=None):
        return get_object_or_404(
            WebhookDelivery.objects.select_related("portal", "event"), pk=self.pk
        )

    def get_page_title(self):
        return _("Webhook delivery")

    def get_page_subtitle(self):
        return self.object.webhook_id

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.object
        can_edit_portal = self.request.user.has_perm("partners.change_partnerportal")
        context.update(
            delivery=delivery,
            attempts=list(delivery.attempts.all()),
            payload_json=json.dumps(delivery.payload, indent=2, ensure_ascii=False),
            can_redeliver=self.user_has_permission("redeliver"),
            redeliver_url=reverse(self.redeliver_url_name, args=[delivery.pk]),
            redeliveries=log_registry.get_logs_for_instance(delivery)
            .filter(action=REDELIVER_ACTION)
            .select_related("user")
            .order_by("-timestamp"),
            portal_url=(
                reverse(self.portal_edit_url_name, args=[delivery.portal_id])
                if can_edit_portal
                else None
            ),
        )
        return context


class RedeliverView(PermissionCheckedMixin, View):
    """Queue a delivery again, with the same webhook-id and message (POST only)."""

    model = WebhookDelivery
    permission_required = "redeliver"
    http_method_names = ["post"]
    detail_url_name = None

    def post(self, request, pk):
        delivery = get_object_or_404(WebhookDelivery.objects.select_related("portal"), pk=pk)
        try:
            redeliver(delivery, user=request.user)
        except DeliveryInFlight:
            messages.error(
                request,
                _(
                    "Webhook %(id)s is being sent right now; redeliver it once this attempt "
                    "has finished."
                )
                % {"id": delivery.webhook_id},
            )
        else:
            portal = delivery.portal
            if portal.active and portal.webhook_url:
                text = _("Webhook %(id)s queued for redelivery to %(portal)s.")
            else:
                text = _(
                    "Webhook %(id)s queued for redelivery; it is sent once %(portal)s is "
                    "active and has a webhook URL."
                )
            messages.success(request, text % {"id": delivery.webhook_id, "portal": portal})
        return redirect(self.detail_url_name, pk)


class DeliveryAdminURLFinder(ModelAdminURLFinder):
    """Links log entries about a delivery (Reports → Site history) to its detail page."""

    def construct_edit_url(self, instance):
        return reverse(DeliveryViewSet.url_namespace + ":inspect", args=[instance.pk])

    def get_edit_url(self, instance):
        if self.user and not self.user.has_perm("partners.view_webhookdelivery"):
            return None
        return self.construct_edit_url(instance)


def _moment(value):
    return date_format(localtime(value), "DATETIME_FORMAT")


def _error_excerpt(delivery):
    return Truncator(delivery.last_error).chars(ERROR_EXCERPT)


class DeliveryViewSet(ModelViewSet):
    """The log: listing and detail only; deliveries are written by partners.outbox."""

    model = WebhookDelivery
    name = "webhook_deliveries"
    url_namespace = "webhook_deliveries"
    url_prefix = "syndication/deliveries"
    icon = "resubmit"
    menu_label = _("Webhook deliveries")
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryDetailView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = DeliveryFilterSet
    list_per_page = 50
    # "Download CSV/XLSX" of the filtered log, for a partner's support ticket.
    list_export = [
        "created_at",
        "portal",
        "event_type",
        "item_title",
        "webhook_id",
        "status",
        "attempt_count",
        "last_status_code",
        "last_response_ms",
        "last_error",
        "next_attempt_at",
    ]
    export_headings = {"item_title": _("Item"), "portal": _("Portal")}
    export_filename = "webhook-deliveries"
    list_display = [
        DateTimeColumn("created_at", label=_("Time"), sort_key="created_at"),
        Column("portal", label=_("Portal")),
        Column("event_type", label=_("Event")),
        TitleColumn(
            "item_title",
            label=_("Item"),
            url_name="webhook_deliveries:inspect",
        ),
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            label=_("Status"),
            primary=lambda delivery: delivery.status == WebhookDelivery.Status.DELIVERED,
            sort_key="status",
        ),
        Column("attempt_count", label=_("Attempts"), sort_key="attempt_count"),
        Column("last_status_code", label=_("Last status")),
        Column("last_response_ms", label=_("Last response (ms)")),
        Column("last_error", label=_("Last error"), accessor=_error_excerpt),
        DateTimeColumn("next_attempt_at", label=_("Next attempt"), sort_key="next_attempt_at"),
    ]

    # Nothing here adds, edits or deletes a delivery.
    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            redeliver_url_name=self.get_url_name("redeliver"),
            portal_edit_url_name=PartnerPortalViewSet.name + ":edit",
            **kwargs,
        )

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_webhookdelivery", "redeliver_webhookdelivery"])
        )

    @property
    def url_finder_class(self):
        return DeliveryAdminURLFinder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path(
                "<int:pk>/redeliver/",
                self.construct_view(RedeliverView, detail_url_name=self.get_url_name("inspect")),
                name="redeliver",
            ),
        ]


class SyndicationViewSetGroup(ModelViewSetGroup):
    items = (PartnerPortalViewSet, DeliveryViewSet)
    menu_label = _("Syndication")
    menu_name = "syndication"
    menu_icon = "globe"
