"""The webhook outbox: what each partner portal is to be told, written with the publication.

A receiver of ``cms.publication.publication_event`` (sent inside the publishing
transaction) writes one WebhookDelivery per portal with a webhook URL whose
filters the news item matches, with the message it will carry. The rows
commit or roll back with the publication; a rolled-back publish notifies
nobody. An inactive portal's deliveries wait in the outbox until it is active
again.

After the commit, ``dispatch`` hands the deliveries to partners.sender: with a
queue backend (django-tasks-db and ``manage.py db_worker``) as one
``send_webhook`` task each; with the immediate backend in a background thread,
so the editor's request never waits for a partner's server. Whatever is not
sent then, partners.schedule's sweep sends later: the row, not a task in a
queue, is the source of truth.
"""

import logging
import uuid
from functools import partial

from django.db import transaction
from django.db.models import Exists
from django.dispatch import receiver
from django.utils import timezone

from wagtail.log_actions import log

from django_tasks.backends.immediate import ImmediateBackend

from api.representations import iso_datetime, news_item
from cms.models import NewsPage, PublicationEvent
from cms.publication import PUBLIC_KINDS, publication_event
from feeds.background import BackgroundThreads
from partners import sender
from partners.models import TOMBSTONE_TYPES, PartnerPortal, WebhookDelivery

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
# The audit log's name for a redelivery; stored with every log entry, so it
# keeps the name it had when the registry lived in the feeds app.
REDELIVER_ACTION = "feeds.webhook.redeliver"
# Filter groups tested per query (each adds a subquery and its parameters).
MATCH_CHUNK = 40


# The outbox ----------------------------------------------------------------


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
    if isinstance(sender.send_webhook.get_backend(), ImmediateBackend):
        _in_background(delivery_ids)
    else:
        # One commit for all the task rows, not one per portal.
        with transaction.atomic():
            for delivery_id in delivery_ids:
                sender.send_webhook.enqueue(delivery_id)


_senders = BackgroundThreads("webhook-delivery")


def _in_background(delivery_ids):
    _senders.start(_send_each, delivery_ids)


def _send_each(delivery_ids):
    for delivery_id in delivery_ids:
        try:
            sender.deliver(delivery_id)
        except Exception:
            logger.exception("Webhook delivery %s could not be sent", delivery_id)


def wait_for_deliveries(timeout=None):
    """Wait for the background sends started so far (tests; a clean shutdown)."""
    _senders.wait(timeout)


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
