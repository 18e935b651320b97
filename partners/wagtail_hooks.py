"""Syndication in the Wagtail admin: the "Syndication" menu and its audit log actions."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from partners.admin_views import (
    GRACE_HOURS,
    ISSUE_TOKEN_ACTION,
    REVOKE_TOKEN_ACTION,
    ROTATE_SECRET_ACTION,
    SyndicationViewSetGroup,
)
from partners.outbox import REDELIVER_ACTION


@hooks.register("register_admin_viewset")
def register_syndication_viewsets():
    return SyndicationViewSetGroup()


class RedeliveredFormatter(LogFormatter):
    label = _("Redeliver webhook")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "Webhook %(webhook_id)s (%(event_type)s) queued for redelivery to %(portal)s; "
            "it was %(previous_status)s"
        ) % {
            "webhook_id": data.get("webhook_id", "?"),
            "event_type": data.get("event_type", "?"),
            "portal": data.get("portal", "?"),
            "previous_status": data.get("previous_status", "?"),
        }


class TokenIssuedFormatter(LogFormatter):
    label = _("Issue API read token")

    def format_message(self, log_entry):
        prefix = (log_entry.data or {}).get("prefix", "?")
        return _("API read token %(prefix)s… issued") % {"prefix": prefix}


class TokenRevokedFormatter(LogFormatter):
    label = _("Revoke API read token")

    def format_message(self, log_entry):
        prefix = (log_entry.data or {}).get("prefix", "?")
        return _("API read token %(prefix)s… revoked") % {"prefix": prefix}


class SecretRotatedFormatter(LogFormatter):
    label = _("Rotate webhook secret")

    def format_message(self, log_entry):
        return _("Webhook secret rotated; the previous one signs for %(hours)s more hours") % {
            "hours": GRACE_HOURS
        }


@hooks.register("register_log_actions")
def register_syndication_log_actions(actions):
    actions.register_action(REDELIVER_ACTION)(RedeliveredFormatter)
    actions.register_action(ISSUE_TOKEN_ACTION)(TokenIssuedFormatter)
    actions.register_action(REVOKE_TOKEN_ACTION)(TokenRevokedFormatter)
    actions.register_action(ROTATE_SECRET_ACTION)(SecretRotatedFormatter)
