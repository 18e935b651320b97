"""Signed webhooks to partner portals: the outbox, the sender and its schedule.

1. Outbox. A receiver of ``cms.publication.publication_event`` (sent inside
   the publishing transaction) writes one WebhookDelivery per portal with a
   webhook URL whose filters the news item matches, with the message it will
   carry. The rows commit or roll back with the publication; a rolled-back
   publish notifies nobody. An inactive portal's deliveries wait in the
   outbox until it is active again.
2. Dispatch, after the commit. With a queue backend (django-tasks-db and
   ``manage.py db_worker``) each delivery becomes a ``send_webhook`` task;
   with the immediate backend the sends run in a background thread, so the
   editor's request never waits for a partner's server.
3. Sending. A sender first claims the delivery with a conditional UPDATE
   (due and unclaimed, or claimed by a sender whose lease ran out), so two
   workers never send the same attempt. The message is signed per Standard
   Webhooks (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``) and
   POSTed, the whole exchange within ``WEBHOOK_TIMEOUT`` seconds. A 2xx
   answer delivers it; anything else schedules the next attempt after an
   exponentially growing delay (``WEBHOOK_RETRY_DELAYS``, 30 s up to 12 h,
   some 34 hours in all), after which the delivery is marked failed. Every
   attempt is kept.
4. Recovery. ``manage.py deliver_webhooks`` (run every minute by the
   scheduler) sends whatever is due, including deliveries whose sender died
   mid-attempt. Nothing depends on a task surviving.

The clock is a parameter (``now``) of everything that decides what is due,
so the schedule can be tested without waiting; the signature's timestamp is
always the wall clock, because the receiver compares it with its own.
"""

import contextlib
import datetime
import http.client
import json
import logging
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Q
from django.dispatch import receiver
from django.utils import timezone

from wagtail.log_actions import log

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from standardwebhooks import Webhook

from api.representations import iso_datetime, news_item
from cms.models import NewsPage, PublicationEvent
from cms.publication import PUBLIC_KINDS, publication_event
from feeds.background import BackgroundThreads
from partners.models import TOMBSTONE_TYPES, PartnerPortal, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

NEWS_PAGE_TYPE = "cms.newspage"
EVENT_TYPES = {
    PublicationEvent.Kind.PUBLISHED: "news.published",
    PublicationEvent.Kind.UPDATED: "news.updated",
    PublicationEvent.Kind.UNPUBLISHED: "news.unpublished",
    PublicationEvent.Kind.DELETED: "news.deleted",
}
# The cause given when an update takes an item out of a portal's filters: for
# that portal the item is gone, though it is still public.
FILTER_CAUSE = "filter"
DEFAULT_RETRY_DELAYS = (30, 120, 600, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 12 * 3600)
USER_AGENT = "BaltMet Inno webhooks"
# What is kept of a receiver's answer in the delivery log.
RESPONSE_EXCERPT = 300
INTERRUPTED = "Interrupted: the sender stopped before recording the answer."
REDELIVER_ACTION = "feeds.webhook.redeliver"
BATCH = 100
# Seconds a scheduled sweep leaves free for recording its last attempt.
SWEEP_MARGIN = 5
# Filter groups tested per query (each adds a subquery and its parameters).
MATCH_CHUNK = 40


def timeout():
    """Seconds to wait for a receiver (connecting, then each read)."""
    return getattr(settings, "WEBHOOK_TIMEOUT", 10)


def retry_delays():
    """Seconds before each retry: after the first failure, the second, ..."""
    return tuple(getattr(settings, "WEBHOOK_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def lease():
    """How long a sender holds a delivery before it is presumed dead."""
    return datetime.timedelta(seconds=timeout() + 50)


# Outbox --------------------------------------------------------------------


@receiver(publication_event)
def _on_publication_event(sender, event, page, **kwargs):
    if event.page_type != NEWS_PAGE_TYPE:
        return
    # Inactive portals too: their deliveries wait in the outbox (due() holds
    # them back) and go out once the portal is active again.
    portals = list(PartnerPortal.objects.exclude(webhook_url="").select_related("filter_partner"))
    if not portals:
        return
    deliveries = write_outbox(event, page, portals)
    if deliveries:
        # robust: whatever goes wrong in dispatching is logged, never raised
        # into the editor's request; the scheduler sends what was left behind.
        transaction.on_commit(partial(dispatch, [d.pk for d in deliveries]), robust=True)


def write_outbox(event, page, portals):
    """The deliveries of ``event`` for the ``portals`` it concerns, saved.

    A portal gets the event when the item matches its filters. A portal that
    was last sent the item itself (not a tombstone) also hears when it stops
    matching, as an ``unpublished`` with cause ``filter``, and when it is
    unpublished or deleted, so that no partner keeps a copy of something it
    would no longer be sent.
    """
    has_copy = _has_copy(portals, event.page_id)
    matching = _matching(portals, event, page)
    public = event.kind in PUBLIC_KINDS
    plans = []
    for portal in portals:
        matches = portal.pk in matching
        if public and matches:
            plans.append((portal, EVENT_TYPES[event.kind], event.cause))
        elif public and has_copy.get(portal.pk):
            plans.append((portal, "news.unpublished", FILTER_CAUSE))
        elif not public and (matches or has_copy.get(portal.pk)):
            plans.append((portal, EVENT_TYPES[event.kind], event.cause))
    if not plans:
        return []
    item = _item(page) if any(kind not in TOMBSTONE_TYPES for _p, kind, _c in plans) else None
    now = timezone.now()
    deliveries = [
        WebhookDelivery(
            portal=portal,
            event=event,
            page_id=event.page_id,
            event_type=event_type,
            webhook_id=f"msg_{uuid.uuid4().hex}",
            payload=message(event, event_type, cause, item),
            created_at=now,
            next_attempt_at=now,
        )
        for portal, event_type, cause in plans
    ]
    created = WebhookDelivery.objects.bulk_create(deliveries)
    if any(delivery.pk is None for delivery in created):
        # Backends that do not return ids from a bulk insert.
        created = list(
            WebhookDelivery.objects.filter(event=event, portal__in=[p for p, *_ in plans])
        )
    return created


def _matching(portals, event, page):
    """The ids of the portals whose filters the item passes, found in one query.

    Portals with the same filters share one test; the filters are the
    content model's own querysets (PartnerPortal.filter_news), evaluated
    together as EXISTS columns of a single row, so a publish costs the same
    few queries for one portal or fifty.
    """
    groups = {}
    for portal in portals:
        if portal.filter_locale and portal.filter_locale != event.locale:
            continue
        key = (
            tuple(sorted(portal.filter_work_packages, key=str)),
            tuple(sorted(portal.filter_tags, key=str)),
            portal.filter_partner_id,
        )
        groups.setdefault(key, []).append(portal)
    groups = list(groups.values())
    item = NewsPage.objects.filter(pk=page.pk)
    matching = set()
    for start in range(0, len(groups), MATCH_CHUNK):
        chunk = groups[start : start + MATCH_CHUNK]
        tests = {f"group_{n}": Exists(group[0].filter_news(item)) for n, group in enumerate(chunk)}
        row = item.values(**tests).first()
        if row is None:
            break
        for n, group in enumerate(chunk):
            if row[f"group_{n}"]:
                matching.update(portal.pk for portal in group)
    return matching


def _has_copy(portals, page_id):
    """For each portal, whether the last thing it was sent about the page was the item."""
    latest = {}
    rows = (
        WebhookDelivery.objects.filter(portal__in=portals, page_id=page_id)
        .order_by("portal_id", "-id")
        .values_list("portal_id", "event_type")
    )
    for portal_id, event_type in rows:
        latest.setdefault(portal_id, event_type not in TOMBSTONE_TYPES)
    return latest


def _item(page):
    """The item's API representation as it is now, or None if it cannot be made.

    A failure here must not cost the publish: the message then carries no
    item, as a changes entry does for an item that is no longer public, and
    the partner fetches it from the API.
    """
    try:
        with transaction.atomic():
            return news_item(NewsPage.objects.get(pk=page.pk))
    except Exception:
        logger.exception("Webhooks: no representation of page %s; sending it without", page.pk)
        return None


def message(event, event_type, cause, item):
    """The JSON a delivery carries: Standard Webhooks' type, timestamp and data.

    ``data`` is the entry ``/api/v1/changes/`` gives for the same event, with
    the cause, title, URL and translation key added.
    """
    tombstone = event_type in TOMBSTONE_TYPES
    return {
        "type": event_type,
        "timestamp": iso_datetime(event.occurred_at),
        "data": {
            "cursor": event.pk,
            "event": event_type.removeprefix("news."),
            "time": iso_datetime(event.occurred_at),
            "id": event.page_id,
            "type": "news",
            "locale": event.locale,
            "cause": cause,
            "title": event.title,
            "url": event.url,
            "translation_key": str(event.translation_key),
            "item": None if tombstone else item,
        },
    }


# Dispatch ------------------------------------------------------------------


def dispatch(delivery_ids):
    """Hand committed deliveries to the task backend (or a thread, when it has no queue)."""
    if isinstance(send_webhook.get_backend(), ImmediateBackend):
        _in_background(delivery_ids)
    else:
        # One commit for all the task rows, not one per portal.
        with transaction.atomic():
            for delivery_id in delivery_ids:
                send_webhook.enqueue(delivery_id)


_senders = BackgroundThreads("webhook-delivery")


def _in_background(delivery_ids):
    _senders.start(_send_each, delivery_ids)


def _send_each(delivery_ids):
    for delivery_id in delivery_ids:
        try:
            deliver(delivery_id)
        except Exception:
            logger.exception("Webhook delivery %s could not be sent", delivery_id)


def wait_for_deliveries(timeout=None):
    """Wait for the background sends started so far (tests; a clean shutdown)."""
    _senders.wait(timeout)


@task()
def send_webhook(delivery_id):
    """Send one delivery if it is due (a worker's task; a no-op if another sender has it)."""
    outcome = deliver(delivery_id)
    return outcome.summary if outcome is not None else "not due"


# Sending -------------------------------------------------------------------


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


def claim(delivery_id, now=None):
    """Take a due delivery for one attempt: (delivery, attempt), or None if it is not
    due or another sender has it."""
    now = now or timezone.now()
    with transaction.atomic():
        taken = (
            WebhookDelivery.objects.filter(pk=delivery_id)
            .filter(due(now))
            .update(
                status=WebhookDelivery.Status.SENDING,
                lease_expires_at=now + lease(),
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
    status, error, elapsed_ms = post(delivery)
    return record(delivery, attempt, now, status, error, elapsed_ms)


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


class _Deadline:
    """Cuts a connection still busy when the attempt's time is up.

    A socket timeout bounds each wait for the receiver, not the whole
    exchange: a receiver that answers a byte at a time would hold the sender
    past its lease, and another sender would take the delivery over while the
    first still waits. The exchange gets ``WEBHOOK_TIMEOUT`` in all.
    """

    def __init__(self, connection, seconds):
        self.connection = connection
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def _expire(self):
        self.expired = True
        sock = self.connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()
        self.connection.close()


def _connection(url):
    """An HTTP(S) connection to the webhook URL's server, and the request target."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"the webhook URL must be an http(s) URL, not {url!r}")
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout(), context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout())
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return connection, target


def post(delivery):
    """Send the delivery once: (status code or None, error text, milliseconds).

    Redirects are not followed: the POST would have to be replayed elsewhere,
    and a partner should register the final URL.
    """
    url = delivery.portal.webhook_url
    body = body_of(delivery)
    started = time.monotonic()
    status, error = None, ""
    deadline = None
    try:
        connection, target = _connection(url)
        headers = signed_headers(delivery.portal, delivery.webhook_id, body, int(time.time()))
        with _Deadline(connection, timeout()) as deadline:
            connection.connect()
            if deadline.expired:
                raise TimeoutError
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            status = response.status
            excerpt = response.read(RESPONSE_EXCERPT)
        if not 200 <= status < 300:
            error = _http_error(status, response.getheader("Location", ""), excerpt)
    except (OSError, http.client.HTTPException, ValueError) as failure:
        if (deadline is not None and deadline.expired) or isinstance(failure, TimeoutError):
            status, error = None, f"No answer within {timeout()} s."
        else:
            status, error = None, (str(failure) or type(failure).__name__)[:RESPONSE_EXCERPT]
    elapsed_ms = int((time.monotonic() - started) * 1000)
    return status, error, elapsed_ms


def _http_error(status, location, excerpt):
    if 300 <= status < 400:
        return f"HTTP {status}: redirects are not followed; set the webhook URL to {location}"
    text = excerpt.decode("utf-8", "replace").strip()
    return f"HTTP {status}" + (f": {text}" if text else "")


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
        delays = retry_delays()
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
                outcome = deliver(delivery_id, now=now)
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
    return max(1.0, interval - timeout() - SWEEP_MARGIN)


# Redelivery ----------------------------------------------------------------


class DeliveryInFlight(Exception):
    pass


def redeliver(delivery, user=None, now=None):
    """Queue a delivery again, same webhook-id and message, with a fresh retry schedule.

    Logged in Wagtail's audit log (Reports → Site history).
    """
    now = now or timezone.now()
    with transaction.atomic():
        queued = (
            WebhookDelivery.objects.filter(pk=delivery.pk)
            .exclude(status=WebhookDelivery.Status.SENDING, lease_expires_at__gt=now)
            .update(
                status=WebhookDelivery.Status.PENDING,
                next_attempt_at=now,
                consecutive_failures=0,
                lease_expires_at=None,
            )
        )
        if not queued:
            raise DeliveryInFlight(f"{delivery.webhook_id} is being sent right now.")
        log(
            instance=delivery,
            action=REDELIVER_ACTION,
            user=user,
            title=str(delivery)[:255],
            data={
                "webhook_id": delivery.webhook_id,
                "portal": delivery.portal.name,
                "event_type": delivery.event_type,
                "previous_status": delivery.status,
            },
        )
        transaction.on_commit(partial(dispatch, [delivery.pk]), robust=True)
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = now
    delivery.consecutive_failures = 0
    delivery.lease_expires_at = None
    return delivery
