"""When webhook deliveries are sent: the retry schedule, leases and the scheduler's sweep.

A failed attempt is tried again after an exponentially growing delay
(``WEBHOOK_RETRY_DELAYS``, 30 s up to 12 h, some 34 hours in all), after which
the delivery is marked failed and waits for a redelivery from the admin log.
``manage.py deliver_webhooks`` (run every minute by the scheduler) sends
whatever is due, including deliveries whose sender died mid-attempt: nothing
depends on a task surviving. Every decision takes the clock as ``now``.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from partners import sender
from partners.models import PartnerPortal, WebhookDelivery

logger = logging.getLogger(__name__)

BATCH = 100
# Seconds a scheduled sweep leaves free for recording its last attempt.
SWEEP_MARGIN = 5


def retry_delays():
    """Seconds before each retry: after the first failure, the second, ..."""
    return tuple(settings.WEBHOOK_RETRY_DELAYS)


def lease():
    """How long a sender holds a delivery before it is presumed dead."""
    return datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT + 50)


def due(now):
    """Deliveries that may be sent at ``now``: due, or held by a sender past its lease.

    The portal's conditions are a subquery on the portal table, not a join:
    Django turns an UPDATE with a join into ``WHERE id IN (SELECT ...)``, and
    PostgreSQL does not re-check such a subquery against the row version a
    concurrent claim committed, so two senders could both take the delivery.
    With the delivery's own columns in the UPDATE's WHERE, the second one
    re-reads the row after the first commits and finds it taken.
    """
    return (
        Q(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=WebhookDelivery.Status.SENDING, lease_expires_at__lte=now)
    ) & Q(portal__in=PartnerPortal.objects.receiving_webhooks().values("pk"))


def deliver_due(now=None, time_limit=None):
    """Send every delivery that is due at ``now``: the scheduler's sweep.

    Each is tried once per run. A receiver that cannot be reached (refused,
    timed out) is not tried again in the same run: its other deliveries stay
    due for the next one, rather than each waiting out the timeout. With
    ``time_limit`` (seconds), no attempt but the first starts after it has
    passed, so every run makes progress however short its limit.
    """
    now = now or timezone.now()
    deadline = time.monotonic() + time_limit if time_limit else None
    outcomes = []
    unreachable = set()
    tried = set()
    while True:
        candidates = list(
            WebhookDelivery.objects.filter(due(now))
            .exclude(portal_id__in=unreachable)
            .order_by("next_attempt_at", "id")
            .values_list("id", "portal_id")[:BATCH]
        )
        progressed = False
        for delivery_id, portal_id in candidates:
            if portal_id in unreachable or delivery_id in tried:
                continue
            if tried and deadline is not None and time.monotonic() >= deadline:
                return outcomes
            tried.add(delivery_id)
            progressed = True
            try:
                outcome = sender.deliver(delivery_id, now=now)
            except Exception:
                # One delivery that cannot be handled must not hold up the
                # others; a claimed one is due again when its lease runs out.
                logger.exception("Webhook delivery %s could not be sent", delivery_id)
                continue
            if outcome is None:
                continue
            outcomes.append(outcome)
            if outcome.unreachable:
                unreachable.add(portal_id)
        if not progressed:
            return outcomes


def sweep_time_limit(interval=60):
    """Seconds a scheduled sweep may start attempts for: its last attempt (at most
    WEBHOOK_TIMEOUT) ends before the scheduler's next run, ``interval`` after it."""
    return max(1.0, interval - settings.WEBHOOK_TIMEOUT - SWEEP_MARGIN)
