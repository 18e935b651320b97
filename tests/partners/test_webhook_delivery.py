"""Webhook deliveries: signed, retried, logged, never lost; tested against an injected
transport (tests/partners/conftest.py's ``receiver``), with the clock moved by
``deliver_due(now=...)`` instead of waited for.

A publish here writes its outbox rows in the test's transaction; nothing is sent
until the test sends what is due, as the scheduler's sweep does. The sends that
start by themselves after a commit, in a thread or a worker, are in
test_webhook_processes.py, against a real receiver.
"""

import datetime
import io
import itertools
import time

from django.core.management import CommandError, call_command
from django.db import transaction

from wagtail.models import ModelLogEntry

import httpx
import pytest

from cms.models import PublicationEvent
from cms.publication import publication_event
from partners import outbox, schedule, sender
from partners.models import WebhookDelivery
from tests.partners.webhook_support import after, attempts_of, only_delivery, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish_news(make_news):
    """Publish news items; what they are to be told to portals waits in the outbox."""
    return make_news


def send_due(**kwargs):
    return schedule.deliver_due(**kwargs)


# One signed request per event


def test_a_delivery_is_one_signed_request(portal, receiver, publish_news):
    news = publish_news(title="Riga hosts the innovation week")
    (outcome,) = send_due()
    (request,) = receiver.requests
    message = verify(portal, request)
    delivery = only_delivery(portal)
    assert outcome.delivered
    assert request["path"] == "/webhooks/baltmet"
    assert request["headers"]["webhook-id"] == delivery.webhook_id
    assert request["headers"]["content-type"] == "application/json"
    assert message["type"] == "news.published"
    assert message["data"]["id"] == news.pk
    assert message["data"]["title"] == "Riga hosts the innovation week"
    assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_the_signature_fails_with_another_portals_secret(portal, receiver, publish_news):
    publish_news()
    send_due()
    (request,) = receiver.requests
    other = "whsec_" + "QmFsdE1ldCBJbm5vIHdyb25nIHNlY3JldCE="
    with pytest.raises(Exception, match="No matching signature"):
        verify(portal, request, secret=other)


def test_the_delivered_item_is_the_apis_representation(portal, receiver, publish_news, client):
    news = publish_news(tags=["clusters"], teaser="A week of workshops.")
    send_due()
    (request,) = receiver.requests
    item = verify(portal, request)["data"]["item"]
    assert item == client.get(f"/api/v1/news/{news.pk}/").json()
    assert item["teaser"] == "A week of workshops."


def test_an_update_is_delivered_as_news_updated_with_the_new_item(
    portal, receiver, publish_news, client
):
    news = publish_news(title="First title")
    send_due()
    news.title = "Second title"
    news.save_revision().publish()
    send_due()
    published, updated = [verify(portal, request) for request in receiver.requests]
    assert (published["type"], updated["type"]) == ("news.published", "news.updated")
    assert updated["data"]["item"] == client.get(f"/api/v1/news/{news.pk}/").json()
    assert updated["data"]["item"]["title"] == "Second title"


@pytest.mark.parametrize("removal", ["unpublish", "delete"])
def test_an_unpublish_or_delete_is_delivered_as_a_tombstone(
    portal, receiver, publish_news, removal
):
    news = publish_news()
    page_id = news.pk
    send_due()
    getattr(news, removal)()
    send_due()
    _published, removed = receiver.requests
    tombstone = verify(portal, removed)
    assert tombstone["type"] == {"unpublish": "news.unpublished", "delete": "news.deleted"}[removal]
    assert tombstone["data"]["id"] == page_id
    assert tombstone["data"]["item"] is None


def test_during_a_secret_rotation_both_secrets_verify(portal, receiver, publish_news):
    old_secret = portal.webhook_secret
    portal.rotate_secret()
    publish_news()
    send_due()
    (request,) = receiver.requests
    assert verify(portal, request, secret=old_secret) == verify(portal, request)
    assert portal.webhook_secret != old_secret


def test_only_the_portals_whose_filters_match_are_sent_the_event(
    make_portal, receiver, publish_news
):
    make_portal(receiver.url + "?portal=clusters", filter_tags=["clusters"])
    make_portal(receiver.url + "?portal=energy", filter_tags=["energy"])
    make_portal(receiver.url + "?portal=german", filter_locale="de")
    make_portal("", slug="no-url")
    publish_news(tags=["clusters"])
    send_due()
    assert [request["path"] for request in receiver.requests] == [
        "/webhooks/baltmet?portal=clusters"
    ]


def test_an_inactive_portal_gets_nothing_until_it_is_active_again(
    make_portal, receiver, publish_news
):
    portal = make_portal(receiver.url, active=False)
    publish_news()
    assert send_due() == []
    assert receiver.requests == []

    portal.active = True
    portal.save()
    (outcome,) = send_due()
    assert outcome.delivered
    (request,) = receiver.requests
    assert verify(portal, request)["type"] == "news.published"


def test_the_journal_entry_and_its_deliveries_stand_or_fall_together(portal, receiver, make_news):
    def failing_receiver(**kwargs):
        raise RuntimeError("a receiver after the outbox fails")

    publication_event.connect(failing_receiver, dispatch_uid="test-failing-receiver")
    try:
        with pytest.raises(RuntimeError):
            make_news(title="Never announced")
    finally:
        publication_event.disconnect(dispatch_uid="test-failing-receiver")
    assert not PublicationEvent.objects.filter(title="Never announced").exists()
    assert not WebhookDelivery.objects.exists()
    assert send_due() == []


def test_a_rolled_back_publication_writes_and_sends_nothing(
    portal, receiver, make_news, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_news(title="Rolled back")
        raise RuntimeError("the editor's request fails after the publish")
    assert [c for c in callbacks if getattr(c, "func", None) is outbox.dispatch] == []
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


# Retries


def test_a_receiver_that_fails_three_times_gets_the_event_on_the_fourth_attempt(
    portal, receiver, publish_news
):
    receiver.fail_first(3)
    publish_news()
    send_due()
    delivery = only_delivery(portal)
    for _retry in range(3):
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.PENDING
        assert send_due(now=delivery.next_attempt_at - datetime.timedelta(1)) == []
        send_due(now=after(delivery.next_attempt_at))

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [delivery.webhook_id] * 4
    assert len({r["body"] for r in receiver.requests}) == 1
    assert all(verify(portal, request) for request in receiver.requests)
    log = attempts_of(delivery)
    assert [(a.number, a.status_code, a.succeeded) for a in log] == [
        (1, 500, False),
        (2, 500, False),
        (3, 500, False),
        (4, 204, True),
    ]
    # A receiver on 127.0.0.1: the log keeps its status, never its answer.
    assert [a.error for a in log] == ["HTTP 500"] * 3 + [""]
    assert all(a.response_ms is not None and a.finished_at >= a.started_at for a in log)
    portal.refresh_from_db()
    assert portal.last_delivered_at == delivery.delivered_at


def test_the_retries_back_off_over_more_than_a_day_then_give_up(portal, receiver, publish_news):
    receiver.fail_first(100)
    publish_news()
    send_due()
    delivery = only_delivery(portal)
    scheduled = []
    while delivery.status == WebhookDelivery.Status.PENDING:
        scheduled.append(delivery.next_attempt_at)
        send_due(now=after(delivery.next_attempt_at))
        delivery.refresh_from_db()

    delays = [
        (later - earlier).total_seconds() - 1 for earlier, later in itertools.pairwise(scheduled)
    ]
    assert delays == [float(delay) for delay in schedule.retry_delays()[1:]]
    assert delays == sorted(delays)
    assert sum(schedule.retry_delays()) >= 24 * 3600
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.next_attempt_at is None
    assert len(attempts_of(delivery)) == len(schedule.retry_delays()) + 1
    assert len(receiver.requests) == len(schedule.retry_delays()) + 1
    assert send_due(now=after(scheduled[-1], 30 * 24 * 3600)) == []
    portal.refresh_from_db()
    assert portal.last_delivered_at is None


def test_the_first_retry_comes_after_the_first_delay(portal, receiver, publish_news):
    receiver.fail_first(1)
    publish_news()
    send_due()
    delivery = only_delivery(portal)
    (first,) = attempts_of(delivery)
    assert delivery.next_attempt_at == first.started_at + datetime.timedelta(
        seconds=schedule.retry_delays()[0]
    )
    assert delivery.last_status_code == 500
    assert delivery.last_error == "HTTP 500"


def test_a_redirect_is_not_followed_and_says_where_to(portal, receiver, publish_news):
    receiver.answer_with(308)
    publish_news()
    send_due()
    (attempt,) = attempts_of(only_delivery(portal))
    assert attempt.status_code == 308
    assert "redirects are not followed" in attempt.error
    assert len(receiver.requests) == 1


# Receivers that are down or slow


def test_a_receiver_that_refuses_the_connection_gets_a_retry(portal, receiver, publish_news):
    receiver.answer_with(httpx.ConnectError("[Errno 111] Connection refused"))
    news = publish_news()
    assert news.live
    send_due()
    delivery = only_delivery(portal)
    (attempt,) = attempts_of(delivery)
    assert attempt.status_code is None
    assert "refused" in attempt.error.lower()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.next_attempt_at > attempt.started_at


def test_a_receiver_slower_than_the_timeout_fails_the_attempt(
    portal, receiver, publish_news, webhook_settings
):
    webhook_settings.WEBHOOK_TIMEOUT = 0.5
    receiver.answer_with(httpx.ReadTimeout("timed out"))
    publish_news()
    send_due()
    delivery = only_delivery(portal)
    (attempt,) = attempts_of(delivery)
    assert attempt.error == "No answer within 0.5 s."
    assert attempt.status_code is None
    assert delivery.status == WebhookDelivery.Status.PENDING


# Never losing a delivery


def test_a_delivery_whose_sender_died_is_sent_again_after_its_lease(portal, receiver, publish_news):
    publish_news()
    delivery = only_delivery(portal)
    claimed, _attempt = sender.claim(delivery.pk)  # ... and the worker is killed
    assert claimed.status == WebhookDelivery.Status.SENDING
    assert send_due() == []

    (outcome,) = send_due(now=after(claimed.lease_expires_at))
    assert outcome.delivered
    (request,) = receiver.requests
    assert request["headers"]["webhook-id"] == delivery.webhook_id
    first, second = attempts_of(delivery)
    assert (first.finished_at, first.error, first.succeeded) == (
        claimed.lease_expires_at + datetime.timedelta(seconds=1),
        sender.INTERRUPTED,
        False,
    )
    assert (second.number, second.status_code, second.succeeded) == (2, 204, True)


def test_two_senders_never_take_the_same_attempt(portal, publish_news):
    publish_news()
    delivery = only_delivery(portal)
    assert sender.claim(delivery.pk) is not None
    assert sender.claim(delivery.pk) is None
    assert sender.send_webhook.call(delivery.pk) == "not due"
    assert len(attempts_of(delivery)) == 1


# Redelivery


def test_redeliver_sends_the_same_message_again_and_is_audit_logged(
    portal, receiver, publish_news, django_user_model
):
    editor = django_user_model.objects.create_superuser("editor", "", "pw")
    publish_news()
    send_due()
    delivery = only_delivery(portal)
    assert delivery.status == WebhookDelivery.Status.DELIVERED

    queued = outbox.redeliver(delivery, user=editor)
    assert queued.next_attempt_at is not None
    send_due()
    first, again = receiver.requests
    assert again["headers"]["webhook-id"] == first["headers"]["webhook-id"] == delivery.webhook_id
    assert again["body"] == first["body"]
    assert verify(portal, again)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == (WebhookDelivery.Status.DELIVERED, 2)
    (entry,) = ModelLogEntry.objects.filter(action=outbox.REDELIVER_ACTION)
    assert (entry.object_id, entry.content_type.model, entry.user) == (
        str(delivery.pk),
        "webhookdelivery",
        editor,
    )
    assert entry.data["webhook_id"] == delivery.webhook_id
    assert entry.data["previous_status"] == "delivered"


def test_redeliver_gives_a_failed_delivery_a_fresh_retry_schedule(portal, receiver, publish_news):
    publish_news()
    delivery = only_delivery(portal)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED, next_attempt_at=None, consecutive_failures=9
    )
    outbox.redeliver(delivery)
    (outcome,) = send_due()
    assert outcome.delivered
    assert len(receiver.requests) == 1


def test_a_delivery_being_sent_cannot_be_redelivered(portal, publish_news):
    publish_news()
    delivery = only_delivery(portal)
    sender.claim(delivery.pk)
    with pytest.raises(outbox.DeliveryInFlight):
        outbox.redeliver(delivery)
    assert not ModelLogEntry.objects.filter(action=outbox.REDELIVER_ACTION).exists()


# The scheduler's sweep


def test_deliver_webhooks_sends_what_is_due_and_says_so(portal, receiver, publish_news):
    publish_news()
    publish_news()
    out = io.StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue() == (
        "Webhooks: 2 sent, 2 delivered, 0 to retry, 0 given up; 0 still due.\n"
    )
    assert len(receiver.requests) == 2
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_deliver_webhooks_counts_failures_to_retry(portal, receiver, publish_news):
    receiver.fail_first(1)
    publish_news()
    out = io.StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue() == "Webhooks: 1 sent, 0 delivered, 1 to retry, 0 given up; 0 still due.\n"


def test_deliver_webhooks_starts_no_attempt_after_its_time_limit(
    make_portal, receiver, publish_news
):
    # The first attempt outlasts the limit, so the run ends after it; the other
    # portals' deliveries wait for the next run.
    for number in range(3):
        make_portal(f"{receiver.url}?portal={number}")

    def slow_failure(request):
        time.sleep(0.05)
        return httpx.Response(500)

    receiver.transport.handler = slow_failure
    publish_news()
    out = io.StringIO()
    call_command("deliver_webhooks", "--time-limit", "0.01", stdout=out)
    assert out.getvalue() == "Webhooks: 1 sent, 0 delivered, 1 to retry, 0 given up; 2 still due.\n"


def test_deliver_webhooks_refuses_a_time_limit_that_is_not_positive(portal, receiver, publish_news):
    publish_news()
    with pytest.raises(CommandError, match="--time-limit"):
        call_command("deliver_webhooks", "--time-limit", "0")
    assert receiver.requests == []


def test_a_sweep_leaves_time_for_its_last_attempt_within_the_minute(webhook_settings):
    webhook_settings.WEBHOOK_TIMEOUT = 10
    assert schedule.sweep_time_limit() + 10 < 60


def test_the_sweep_skips_a_receiver_it_cannot_reach_for_the_rest_of_the_run(
    make_portal, receiver, publish_news
):
    down = make_portal("http://127.0.0.1:9/down")
    up = make_portal(receiver.url)

    def answer(request):
        if request.url.path == "/down":
            raise httpx.ConnectError("[Errno 111] Connection refused")
        return httpx.Response(204)

    receiver.transport.handler = answer
    for _ in range(3):
        publish_news()
    outcomes = send_due()
    assert [(o.portal_id, o.delivered) for o in outcomes].count((down.pk, False)) == 1
    assert [o.portal_id for o in outcomes if o.delivered] == [up.pk] * 3
    assert WebhookDelivery.objects.filter(portal=down, attempt_count=0).count() == 2
