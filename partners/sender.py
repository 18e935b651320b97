"""Sending a webhook delivery: claim it, sign it, POST it, record what came back.

A sender first claims the delivery with a conditional UPDATE (due and
unclaimed, or claimed by a sender whose lease ran out), so two workers never
send the same attempt. The message is signed per Standard Webhooks
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature``) and POSTed
through cms.outbound, the whole exchange within ``WEBHOOK_TIMEOUT`` seconds.
A 2xx answer delivers it; anything else schedules the next attempt
(partners.schedule). Every attempt is kept.

The clock is a parameter (``now``) of everything that decides what is due,
so the schedule can be tested without waiting; the signature's timestamp is
always the wall clock, because the receiver compares it with its own. The
transport is cms.outbound's, which tests replace.
"""

import datetime
import json
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from django_tasks import task
from standardwebhooks import Webhook

from cms import outbound
from cms.public import public_pages
from cms.text import strip_unusable_characters
from partners import schedule
from partners.models import TOMBSTONE_TYPES, PartnerPortal, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

USER_AGENT = "BaltMet Inno webhooks"
# What is kept of a receiver's answer in the delivery log.
RESPONSE_EXCERPT = 300
INTERRUPTED = "Interrupted: the sender stopped before recording the answer."
# What a queued item becomes when its page stopped being public before it was sent.
WITHDRAWN = "news.unpublished"
WITHDRAWN_CAUSE = "withdrawn"


@task()
def send_webhook(delivery_id):
    """Send one delivery if it is due (a worker's task; a no-op if another sender has it)."""
    outcome = deliver(delivery_id)
    return outcome.summary if outcome is not None else "not due"


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    portal_id: int
    delivered: bool
    status_code: int | None
    error: str
    next_attempt_at: datetime.datetime | None
    # The retry schedule ran out with this attempt: the delivery is failed.
    gave_up: bool = False

    @property
    def unreachable(self):
        return not self.delivered and self.status_code is None

    @property
    def summary(self):
        if self.delivered:
            return f"delivered (HTTP {self.status_code})"
        return f"failed: {self.error}"


def claim(delivery_id, now=None):
    """Take a due delivery for one attempt: (delivery, attempt), or None if it is not
    due or another sender has it."""
    now = now or timezone.now()
    with transaction.atomic():
        taken = (
            WebhookDelivery.objects.filter(pk=delivery_id)
            .filter(schedule.due(now))
            .update(
                status=WebhookDelivery.Status.SENDING,
                lease_expires_at=now + schedule.lease(),
                attempt_count=F("attempt_count") + 1,
                last_attempt_at=now,
            )
        )
        if not taken:
            return None
        delivery = WebhookDelivery.objects.select_related("portal").get(pk=delivery_id)
        WebhookAttempt.objects.filter(delivery=delivery, finished_at__isnull=True).update(
            finished_at=now, error=INTERRUPTED
        )
        attempt = WebhookAttempt.objects.create(
            delivery=delivery, number=delivery.attempt_count, started_at=now
        )
    return delivery, attempt


def deliver(delivery_id, now=None):
    """One attempt at a delivery if it is due; the Outcome, or None if there was nothing to do."""
    now = now or timezone.now()
    claimed = claim(delivery_id, now)
    if claimed is None:
        return None
    delivery, attempt = claimed
    withdraw_if_gone(delivery)
    status, error, elapsed_ms = post(delivery)
    return record(delivery, attempt, now, status, error, elapsed_ms)


def withdraw_if_gone(delivery):
    """Turn a queued item into its tombstone if the page is no longer public.

    The message was written when the item was published; by the time it is
    sent (after a receiver's outage, say) the page may have been unpublished,
    put behind a password, expired or deleted, and the item must not reach
    the partner then. The tombstone (``news.unpublished``, no item) goes
    instead, under the same webhook-id, and is what the delivery log shows
    and a redelivery sends. Whatever made the page non-public wrote its own
    delivery too; the partner hears the same thing twice, never the item.
    """
    if (
        delivery.event_type in TOMBSTONE_TYPES
        or public_pages().filter(pk=delivery.page_id).exists()
    ):
        return
    payload = tombstone(delivery.payload)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        event_type=payload["type"], payload=payload
    )
    delivery.event_type, delivery.payload = payload["type"], payload
    logger.info(
        "Webhook %s: page %s is no longer public; its tombstone goes instead",
        delivery.webhook_id,
        delivery.page_id,
    )


def tombstone(payload):
    """The message of ``payload`` as an ``unpublished`` one without the item."""
    data = dict(payload.get("data") or {})
    data.update(event=WITHDRAWN.removeprefix("news."), item=None, cause=WITHDRAWN_CAUSE)
    return {**payload, "type": WITHDRAWN, "data": data}


def signed_headers(portal, webhook_id, body, seconds):
    """The Standard Webhooks headers for ``body`` sent at ``seconds`` (Unix time)."""
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    text = body.decode("utf-8")
    signatures = [
        Webhook(secret).sign(webhook_id, moment, text)
        for secret in portal.signing_secrets(timezone.now())
    ]
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": webhook_id,
        "webhook-timestamp": str(seconds),
        "webhook-signature": " ".join(signatures),
    }


def body_of(delivery):
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def post(delivery):
    """Send the delivery once: (status code or None, error text, milliseconds).

    Redirects are not followed (cms.outbound): the POST would have to be
    replayed elsewhere, and a partner should register the final URL.
    """
    body = body_of(delivery)
    started = time.monotonic()
    try:
        headers = signed_headers(delivery.portal, delivery.webhook_id, body, int(time.time()))
        answer = outbound.post(
            delivery.portal.webhook_url,
            content=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT,
            max_response_bytes=RESPONSE_EXCERPT,
        )
    except outbound.OutboundError as failure:
        status, error = None, failure.reason[:RESPONSE_EXCERPT]
    else:
        status, error = answer.status, ""
        if not 200 <= status < 300:
            error = http_error(answer)
    elapsed_ms = int((time.monotonic() - started) * 1000)
    return status, error, elapsed_ms


def http_error(answer):
    """What the delivery log keeps of a non-2xx answer.

    The log is shown to moderators: of a receiver on an internal address
    (which only OUTBOUND_ALLOW_PRIVATE lets through) it keeps the status
    alone, never what an internal service answered; of a public one, a short
    excerpt as plain text on one line.
    """
    status, public = answer.status, answer.from_public_address
    if 300 <= status < 400:
        error = f"HTTP {status}: redirects are not followed"
        if public:
            location = excerpt(answer.headers.get("Location", "").encode("utf-8", "replace"))
            error += f"; set the webhook URL to {location}"
        return error
    if not public:
        return f"HTTP {status}"
    text = excerpt(answer.body)
    return f"HTTP {status}" + (f": {text}" if text else "")


def excerpt(raw):
    """Printable text of at most RESPONSE_EXCERPT characters, whitespace runs as one space."""
    text = strip_unusable_characters(raw.decode("utf-8", "replace"))
    return " ".join(text.split())[:RESPONSE_EXCERPT]


def record(delivery, attempt, now, status, error, elapsed_ms):
    """Keep the attempt's result and decide what comes next."""
    delivered = status is not None and 200 <= status < 300
    if not delivered and not error:
        error = f"HTTP {status}"
    finished = now + datetime.timedelta(milliseconds=elapsed_ms)
    changes = {
        "last_status_code": status,
        "last_response_ms": elapsed_ms,
        "last_error": "" if delivered else error,
        "lease_expires_at": None,
    }
    next_attempt_at = None
    if delivered:
        changes.update(
            status=WebhookDelivery.Status.DELIVERED,
            delivered_at=finished,
            consecutive_failures=0,
            next_attempt_at=None,
        )
    else:
        failures = delivery.consecutive_failures + 1
        delays = schedule.retry_delays()
        if failures > len(delays):
            changes.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
        else:
            next_attempt_at = now + datetime.timedelta(seconds=delays[failures - 1])
            changes.update(status=WebhookDelivery.Status.PENDING, next_attempt_at=next_attempt_at)
        changes["consecutive_failures"] = failures
    with transaction.atomic():
        WebhookAttempt.objects.filter(pk=attempt.pk).update(
            finished_at=finished,
            status_code=status,
            response_ms=elapsed_ms,
            error="" if delivered else error,
            succeeded=delivered,
        )
        # Only while this sender still holds the delivery: past its lease
        # another sender may have taken it over, and its result counts.
        held = (
            WebhookDelivery.objects.filter(
                pk=delivery.pk,
                status=WebhookDelivery.Status.SENDING,
                attempt_count=attempt.number,
            ).update(**changes)
            == 1
        )
        if held and delivered:
            PartnerPortal.objects.filter(pk=delivery.portal_id).filter(
                Q(last_delivered_at__isnull=True) | Q(last_delivered_at__lt=finished)
            ).update(last_delivered_at=finished)
    outcome = Outcome(
        delivery_id=delivery.pk,
        portal_id=delivery.portal_id,
        delivered=delivered,
        status_code=status,
        error="" if delivered else error,
        next_attempt_at=next_attempt_at if held else None,
        gave_up=held and changes["status"] == WebhookDelivery.Status.FAILED,
    )
    if delivered:
        logger.info("Webhook %s delivered to %s", delivery.webhook_id, delivery.portal)
    else:
        logger.warning(
            "Webhook %s to %s failed (%s); %s",
            delivery.webhook_id,
            delivery.portal,
            error,
            f"next attempt at {next_attempt_at:%Y-%m-%d %H:%M:%S}"
            if outcome.next_attempt_at
            else "no further attempts",
        )
        if outcome.next_attempt_at is not None:
            _schedule(delivery.pk, outcome.next_attempt_at)
    return outcome


def _schedule(delivery_id, when):
    """Queue the retry with a backend that can run a task later; otherwise the
    scheduler's deliver_webhooks sends it when it is due."""
    if not send_webhook.get_backend().supports_defer:
        return
    try:
        send_webhook.using(run_after=when).enqueue(delivery_id)
    except Exception:
        logger.exception("Webhook retry of delivery %s not queued; the scheduler will", delivery_id)
