"""Helpers for the webhook tests: reading deliveries and messages as a partner would."""

import datetime

from standardwebhooks import Webhook

from partners.models import WebhookAttempt, WebhookDelivery


def verify(portal, request, secret=None):
    """The message, as a partner's receiver gets it after checking the signature."""
    return Webhook(secret or portal.webhook_secret).verify(request["body"], request["headers"])


def only_delivery(portal):
    (delivery,) = WebhookDelivery.objects.filter(portal=portal)
    return delivery


def attempts_of(delivery):
    return list(WebhookAttempt.objects.filter(delivery=delivery).order_by("number"))


def after(moment, seconds=1):
    return moment + datetime.timedelta(seconds=seconds)
