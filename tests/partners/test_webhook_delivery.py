"""Webhook deliveries to a real receiver on 127.0.0.1: signed, retried, logged, never lost.

These tests commit (the sends start after the publishing transaction commits,
in another thread or a worker), so they run with transaction=True. The clock
of the retry schedule is moved with deliver_due(now=...), never waited for.

Publications run in one transaction each (the journal entry and its outbox
rows commit together), and a test touches the database only while no send is
under way (after webhooks.wait_for_deliveries(), or while the receiver holds
the request): the test database on SQLite is shared in memory, where a second
writer fails at once instead of waiting its turn.
"""

import datetime
import io
import itertools
import signal
import threading

from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from cms.models import PublicationEvent
from cms.publication import publication_event
from partners import webhooks
from partners.models import WebhookAttempt, WebhookDelivery
from tests.admin_forms import news_edit_form
from tests.factories import NewsPageFactory

# serialized_rollback: the flush after each test would take the default Site along.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEND_TASK = "partners.webhooks.send_webhook"


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


@pytest.fixture(autouse=True)
def _no_sender_outlives_the_test():
    # Autouse fixtures are torn down last: after the receiver and the portals.
    yield
    assert [t for t in threading.enumerate() if t.name == "webhook-delivery"] == []


def in_one_transaction(action, *args, **kwargs):
    """Run a publication as one transaction; the sends start when it commits."""
    with transaction.atomic():
        return action(*args, **kwargs)


@pytest.fixture
def publish_news(make_news):
    def publish(**kwargs):
        return in_one_transaction(make_news, **kwargs)

    return publish


@pytest.fixture
def queued(settings):
    """A task backend that only queues: a publish writes its deliveries and sends nothing,
    as when the worker is down."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "", "pw"))
    return client


# One signed request per event


def test_a_publish_delivers_one_signed_request(portal, webhook_receiver, publish_news):
    news = publish_news(title="Riga hosts the innovation week")
    webhooks.wait_for_deliveries()
    (request,) = webhook_receiver.requests
    message = verify(portal, request)
    delivery = only_delivery(portal)
    assert request["path"] == "/webhooks/baltmet"
    assert request["headers"]["webhook-id"] == delivery.webhook_id
    assert request["headers"]["Content-Type"] == "application/json"
    assert message["type"] == "news.published"
    assert message["data"]["id"] == news.pk
    assert message["data"]["title"] == "Riga hosts the innovation week"
    assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_the_signature_fails_with_another_portals_secret(portal, webhook_receiver, publish_news):
    publish_news()
    webhooks.wait_for_deliveries()
    (request,) = webhook_receiver.requests
    other = "whsec_" + "QmFsdE1ldCBJbm5vIHdyb25nIHNlY3JldCE="
    with pytest.raises(Exception, match="No matching signature"):
        verify(portal, request, secret=other)


def test_the_delivered_item_is_the_apis_representation(
    portal, webhook_receiver, publish_news, client
):
    news = publish_news(tags=["clusters"], teaser="A week of workshops.")
    webhooks.wait_for_deliveries()
    (request,) = webhook_receiver.requests
    item = verify(portal, request)["data"]["item"]
    assert item == client.get(f"/api/v1/news/{news.pk}/").json()
    assert item["teaser"] == "A week of workshops."


def test_an_update_is_delivered_as_news_updated_with_the_new_item(
    portal, webhook_receiver, publish_news, client
):
    news = publish_news(title="First title")
    webhooks.wait_for_deliveries()
    news.title = "Second title"
    in_one_transaction(lambda: news.save_revision().publish())
    webhooks.wait_for_deliveries()
    published, updated = [verify(portal, request) for request in webhook_receiver.requests]
    assert (published["type"], updated["type"]) == ("news.published", "news.updated")
    assert updated["data"]["item"] == client.get(f"/api/v1/news/{news.pk}/").json()
    assert updated["data"]["item"]["title"] == "Second title"


@pytest.mark.parametrize("removal", ["unpublish", "delete"])
def test_an_unpublish_or_delete_is_delivered_as_a_tombstone(
    portal, webhook_receiver, publish_news, removal
):
    news = publish_news()
    page_id = news.pk
    webhooks.wait_for_deliveries()
    in_one_transaction(getattr(news, removal))
    webhooks.wait_for_deliveries()
    _published, removed = webhook_receiver.requests
    tombstone = verify(portal, removed)
    assert tombstone["type"] == {"unpublish": "news.unpublished", "delete": "news.deleted"}[removal]
    assert tombstone["data"]["id"] == page_id
    assert tombstone["data"]["item"] is None


def test_during_a_secret_rotation_both_secrets_verify(portal, webhook_receiver, publish_news):
    old_secret = portal.webhook_secret
    portal.rotate_secret()
    publish_news()
    webhooks.wait_for_deliveries()
    (request,) = webhook_receiver.requests
    assert verify(portal, request, secret=old_secret) == verify(portal, request)
    assert portal.webhook_secret != old_secret


def test_only_the_portals_whose_filters_match_are_sent_the_event(
    make_portal, webhook_receiver, publish_news
):
    make_portal(webhook_receiver.url + "?portal=clusters", filter_tags=["clusters"])
    make_portal(webhook_receiver.url + "?portal=energy", filter_tags=["energy"])
    make_portal(webhook_receiver.url + "?portal=german", filter_locale="de")
    make_portal("", slug="no-url")
    publish_news(tags=["clusters"])
    webhooks.wait_for_deliveries()
    assert [request["path"] for request in webhook_receiver.requests] == [
        "/webhooks/baltmet?portal=clusters"
    ]


def test_an_inactive_portal_gets_nothing_until_it_is_active_again(
    make_portal, webhook_receiver, publish_news
):
    portal = make_portal(webhook_receiver.url, active=False)
    publish_news()
    webhooks.wait_for_deliveries()
    assert webhooks.deliver_due() == []
    assert webhook_receiver.requests == []

    portal.active = True
    portal.save()
    (outcome,) = webhooks.deliver_due()
    assert outcome.delivered
    (request,) = webhook_receiver.requests
    assert verify(portal, request)["type"] == "news.published"


def test_outside_a_request_the_journal_entry_and_its_deliveries_stand_or_fall_together(
    portal, webhook_receiver, make_news
):
    def failing_receiver(**kwargs):
        raise RuntimeError("a receiver after the outbox fails")

    publication_event.connect(failing_receiver, dispatch_uid="test-failing-receiver")
    try:
        with pytest.raises(RuntimeError):
            make_news(title="Never announced")  # no transaction around it, as in a shell
    finally:
        publication_event.disconnect(dispatch_uid="test-failing-receiver")
    webhooks.wait_for_deliveries()
    assert not PublicationEvent.objects.filter(title="Never announced").exists()
    assert not WebhookDelivery.objects.exists()
    assert webhook_receiver.requests == []


def test_a_rolled_back_publication_sends_nothing(portal, webhook_receiver, make_news):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_news(title="Rolled back")
        raise RuntimeError("the editor's request fails after the publish")
    webhooks.wait_for_deliveries()
    assert not WebhookDelivery.objects.exists()
    assert webhook_receiver.requests == []


# Retries


def test_a_receiver_that_fails_three_times_gets_the_event_on_the_fourth_attempt(
    portal, webhook_receiver, publish_news
):
    webhook_receiver.fail_first(3)
    publish_news()
    webhooks.wait_for_deliveries()
    delivery = only_delivery(portal)
    for _retry in range(3):
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.PENDING
        assert webhooks.deliver_due(now=delivery.next_attempt_at - datetime.timedelta(1)) == []
        webhooks.deliver_due(now=after(delivery.next_attempt_at))

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert [r["headers"]["webhook-id"] for r in webhook_receiver.requests] == (
        [delivery.webhook_id] * 4
    )
    assert len({r["body"] for r in webhook_receiver.requests}) == 1
    assert all(verify(portal, request) for request in webhook_receiver.requests)
    log = attempts_of(delivery)
    assert [(a.number, a.status_code, a.succeeded) for a in log] == [
        (1, 500, False),
        (2, 500, False),
        (3, 500, False),
        (4, 204, True),
    ]
    assert [a.error for a in log] == ["HTTP 500: answer 500"] * 3 + [""]
    assert all(a.response_ms is not None and a.finished_at >= a.started_at for a in log)
    portal.refresh_from_db()
    assert portal.last_delivered_at == delivery.delivered_at


def test_the_retries_back_off_over_more_than_a_day_then_give_up(
    portal, webhook_receiver, publish_news
):
    webhook_receiver.fail_first(100)
    publish_news()
    webhooks.wait_for_deliveries()
    delivery = only_delivery(portal)
    scheduled = []
    while delivery.status == WebhookDelivery.Status.PENDING:
        scheduled.append(delivery.next_attempt_at)
        webhooks.deliver_due(now=after(delivery.next_attempt_at))
        delivery.refresh_from_db()

    delays = [
        (later - earlier).total_seconds() - 1 for earlier, later in itertools.pairwise(scheduled)
    ]
    assert delays == [float(delay) for delay in webhooks.retry_delays()[1:]]
    assert delays == sorted(delays)
    assert sum(webhooks.retry_delays()) >= 24 * 3600
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.next_attempt_at is None
    assert len(attempts_of(delivery)) == len(webhooks.retry_delays()) + 1
    assert len(webhook_receiver.requests) == len(webhooks.retry_delays()) + 1
    assert webhooks.deliver_due(now=after(scheduled[-1], 30 * 24 * 3600)) == []
    portal.refresh_from_db()
    assert portal.last_delivered_at is None


def test_the_first_retry_comes_after_the_first_delay(portal, webhook_receiver, publish_news):
    webhook_receiver.fail_first(1)
    publish_news()
    webhooks.wait_for_deliveries()
    delivery = only_delivery(portal)
    (first,) = attempts_of(delivery)
    assert delivery.next_attempt_at == first.started_at + datetime.timedelta(
        seconds=webhooks.retry_delays()[0]
    )
    assert delivery.last_status_code == 500
    assert delivery.last_error == "HTTP 500: answer 500"


# Never blocking a publish


def test_a_publish_with_the_receiver_down_succeeds_and_schedules_a_retry(
    make_portal, closed_port, publish_news
):
    portal = make_portal(f"http://127.0.0.1:{closed_port}/webhooks")
    news = publish_news()
    assert news.live
    webhooks.wait_for_deliveries()
    delivery = only_delivery(portal)
    (attempt,) = attempts_of(delivery)
    assert attempt.status_code is None
    assert "refused" in attempt.error.lower()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.next_attempt_at > attempt.started_at


def test_a_publish_returns_while_the_receiver_still_holds_the_request(
    portal, webhook_receiver, publish_news, webhook_settings
):
    webhook_settings.WEBHOOK_TIMEOUT = 30
    gate = webhook_receiver.hold()
    news = publish_news()
    # The publish has returned; the receiver has the request and has not answered.
    webhook_receiver.wait_for(1)
    assert not gate.is_set()
    assert only_delivery(portal).status == WebhookDelivery.Status.SENDING
    assert PublicationEvent.objects.filter(page_id=news.pk).exists()

    webhook_receiver.release()
    webhooks.wait_for_deliveries()
    assert only_delivery(portal).status == WebhookDelivery.Status.DELIVERED


# Wagtail goes on writing (its log entry) after the publication commits and the
# send starts; SQLite's shared in-memory test database refuses the sender's
# concurrent write at once instead of waiting. The same publish without the
# admin is checked on both databases above.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once: PostgreSQL (the in-memory SQLite test database refuses them)",
)
def test_an_admin_publish_returns_while_the_receiver_still_holds_the_request(
    portal, webhook_receiver, admin_client, site_tree, webhook_settings
):
    webhook_settings.WEBHOOK_TIMEOUT = 30
    news = NewsPageFactory(parent=site_tree.news_index, publish=False)
    gate = webhook_receiver.hold()
    form = news_edit_form(news)
    assert admin_client.post(f"/admin/pages/{news.pk}/edit/", form).status_code == 302
    webhook_receiver.wait_for(1)
    assert not gate.is_set()
    assert only_delivery(portal).status == WebhookDelivery.Status.SENDING

    webhook_receiver.release()
    webhooks.wait_for_deliveries()
    assert only_delivery(portal).status == WebhookDelivery.Status.DELIVERED


def test_a_receiver_slower_than_the_timeout_fails_the_attempt_not_the_publish(
    portal, webhook_receiver, publish_news, webhook_settings
):
    webhook_settings.WEBHOOK_TIMEOUT = 0.5
    gate = webhook_receiver.hold()
    news = publish_news()
    assert news.live
    webhooks.wait_for_deliveries()
    # The sender gave up while the receiver was still holding on to the request.
    assert not gate.is_set()
    delivery = only_delivery(portal)
    (attempt,) = attempts_of(delivery)
    assert attempt.error == "No answer within 0.5 s."
    assert attempt.status_code is None
    assert delivery.status == WebhookDelivery.Status.PENDING


def test_an_answer_trickled_byte_by_byte_is_cut_at_the_timeout(
    portal, webhook_receiver, publish_news, webhook_settings
):
    # Each byte comes well within the timeout; the answer as a whole does not.
    webhook_settings.WEBHOOK_TIMEOUT = 0.5
    webhook_receiver.trickle()
    publish_news()
    webhooks.wait_for_deliveries()
    (attempt,) = attempts_of(only_delivery(portal))
    assert attempt.error == "No answer within 0.5 s."
    assert not webhook_receiver.gate.is_set()


# Never losing a delivery


def test_a_delivery_whose_sender_died_is_sent_again_after_its_lease(
    portal, webhook_receiver, publish_news, queued
):
    publish_news()
    delivery = only_delivery(portal)
    claimed, _attempt = webhooks.claim(delivery.pk)  # ... and the worker is killed
    assert claimed.status == WebhookDelivery.Status.SENDING
    assert webhooks.deliver_due() == []

    (outcome,) = webhooks.deliver_due(now=after(claimed.lease_expires_at))
    assert outcome.delivered
    (request,) = webhook_receiver.requests
    assert request["headers"]["webhook-id"] == delivery.webhook_id
    first, second = attempts_of(delivery)
    assert (first.finished_at, first.error, first.succeeded) == (
        claimed.lease_expires_at + datetime.timedelta(seconds=1),
        webhooks.INTERRUPTED,
        False,
    )
    assert (second.number, second.status_code, second.succeeded) == (2, 204, True)


def test_two_senders_never_take_the_same_attempt(portal, publish_news, queued):
    publish_news()
    delivery = only_delivery(portal)
    assert webhooks.claim(delivery.pk) is not None
    assert webhooks.claim(delivery.pk) is None
    assert webhooks.send_webhook.call(delivery.pk) == "not due"
    assert len(attempts_of(delivery)) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL (SQLite serializes writers)"
)
def test_a_claim_waiting_for_a_concurrent_claim_finds_the_delivery_taken(
    portal, publish_news, queued
):
    publish_news()
    delivery = only_delivery(portal)
    results = {}
    with transaction.atomic():
        assert webhooks.claim(delivery.pk) is not None  # row locked until this commits

        def second_sender():
            try:
                results["claim"] = webhooks.claim(delivery.pk)
            finally:
                connection.close()

        sender = threading.Thread(target=second_sender)
        sender.start()
        with connection.cursor() as cursor:
            for _poll in range(500):
                # Statistics views are a snapshot per transaction unless cleared.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    break
                threading.Event().wait(0.01)
            else:
                pytest.fail("the second sender never waited for the first one's claim")
    sender.join(30)
    assert results["claim"] is None
    assert len(attempts_of(delivery)) == 1


# Redelivery


def test_redeliver_sends_the_same_message_again_and_is_audit_logged(
    portal, webhook_receiver, publish_news, django_user_model
):
    editor = django_user_model.objects.create_superuser("editor", "", "pw")
    publish_news()
    webhooks.wait_for_deliveries()
    delivery = only_delivery(portal)
    assert delivery.status == WebhookDelivery.Status.DELIVERED

    queued = webhooks.redeliver(delivery, user=editor)
    assert queued.next_attempt_at is not None
    webhooks.wait_for_deliveries()
    first, again = webhook_receiver.requests
    assert again["headers"]["webhook-id"] == first["headers"]["webhook-id"] == delivery.webhook_id
    assert again["body"] == first["body"]
    assert verify(portal, again)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == (WebhookDelivery.Status.DELIVERED, 2)
    (entry,) = ModelLogEntry.objects.filter(action=webhooks.REDELIVER_ACTION)
    assert (entry.object_id, entry.content_type.model, entry.user) == (
        str(delivery.pk),
        "webhookdelivery",
        editor,
    )
    assert entry.data["webhook_id"] == delivery.webhook_id
    assert entry.data["previous_status"] == "delivered"


def test_redeliver_gives_a_failed_delivery_a_fresh_retry_schedule(
    portal, webhook_receiver, publish_news, queued
):
    publish_news()
    delivery = only_delivery(portal)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED, next_attempt_at=None, consecutive_failures=9
    )
    webhooks.redeliver(delivery)
    (outcome,) = webhooks.deliver_due()
    assert outcome.delivered
    assert len(webhook_receiver.requests) == 1


def test_a_delivery_being_sent_cannot_be_redelivered(portal, publish_news, queued):
    publish_news()
    delivery = only_delivery(portal)
    webhooks.claim(delivery.pk)
    with pytest.raises(webhooks.DeliveryInFlight):
        webhooks.redeliver(delivery)
    assert not ModelLogEntry.objects.filter(action=webhooks.REDELIVER_ACTION).exists()


# The scheduler's sweep


def test_deliver_webhooks_sends_what_is_due_and_says_so(
    portal, webhook_receiver, publish_news, queued
):
    publish_news()
    publish_news()
    out = io.StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue() == (
        "Webhooks: 2 sent, 2 delivered, 0 to retry, 0 given up; 0 still due.\n"
    )
    assert len(webhook_receiver.requests) == 2
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_deliver_webhooks_counts_failures_to_retry(portal, webhook_receiver, publish_news, queued):
    webhook_receiver.fail_first(1)
    publish_news()
    out = io.StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue() == "Webhooks: 1 sent, 0 delivered, 1 to retry, 0 given up; 0 still due.\n"


def test_deliver_webhooks_starts_no_attempt_after_its_time_limit(
    make_portal, webhook_receiver, publish_news, queued, webhook_settings
):
    # One attempt outlasts the limit (the receiver holds it until the timeout),
    # so the run ends after it; the other portals' deliveries wait for the next run.
    webhook_settings.WEBHOOK_TIMEOUT = 0.5
    for number in range(3):
        make_portal(f"{webhook_receiver.url}?portal={number}")
    webhook_receiver.hold()
    publish_news()
    out = io.StringIO()
    call_command("deliver_webhooks", "--time-limit", "0.01", stdout=out)
    assert out.getvalue() == "Webhooks: 1 sent, 0 delivered, 1 to retry, 0 given up; 2 still due.\n"
    assert len(webhook_receiver.requests) == 1


def test_deliver_webhooks_refuses_a_time_limit_that_is_not_positive(
    portal, webhook_receiver, publish_news, queued
):
    publish_news()
    with pytest.raises(CommandError, match="--time-limit"):
        call_command("deliver_webhooks", "--time-limit", "0")
    assert webhook_receiver.requests == []


def test_a_sweep_leaves_time_for_its_last_attempt_within_the_minute(webhook_settings):
    webhook_settings.WEBHOOK_TIMEOUT = 10
    assert webhooks.sweep_time_limit() + 10 < 60


def test_the_scheduler_runs_deliver_webhooks(
    portal, webhook_receiver, publish_news, queued, settings
):
    assert "deliver_webhooks" in settings.SCHEDULED_COMMANDS
    publish_news()
    call_command("run_scheduler", "--once")
    assert len(webhook_receiver.requests) == 1


def test_the_sweep_skips_a_receiver_it_cannot_reach_for_the_rest_of_the_run(
    make_portal, closed_port, webhook_receiver, publish_news, queued
):
    down = make_portal(f"http://127.0.0.1:{closed_port}/webhooks")
    up = make_portal(webhook_receiver.url)
    for _ in range(3):
        publish_news()
    outcomes = webhooks.deliver_due()
    assert [(o.portal_id, o.delivered) for o in outcomes].count((down.pk, False)) == 1
    assert [o.portal_id for o in outcomes if o.delivered] == [up.pk] * 3
    assert WebhookDelivery.objects.filter(portal=down, attempt_count=0).count() == 2


# The database task backend and its worker


@pytest.fixture
def run_worker():
    """Run django-tasks-db's worker until the queue is empty, leaving the test
    process's signal handlers as they were."""

    def run():
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        if hasattr(signal, "SIGQUIT"):
            handlers[signal.SIGQUIT] = signal.getsignal(signal.SIGQUIT)
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    return run


def send_tasks():
    return DBTaskResult.objects.filter(task_path=SEND_TASK).order_by("enqueued_at")


def test_with_the_database_backend_a_publish_queues_a_task_the_worker_delivers(
    portal, webhook_receiver, publish_news, database_tasks, run_worker
):
    publish_news()
    delivery = only_delivery(portal)
    (task,) = send_tasks()
    assert task.args_kwargs == {"args": [delivery.pk], "kwargs": {}}
    assert webhook_receiver.requests == []

    run_worker()
    (request,) = webhook_receiver.requests
    assert request["headers"]["webhook-id"] == delivery.webhook_id
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == "delivered (HTTP 204)"
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_with_the_database_backend_a_failed_attempt_queues_its_retry_for_when_it_is_due(
    portal, webhook_receiver, publish_news, database_tasks, run_worker
):
    webhook_receiver.fail_first(1)
    publish_news()
    run_worker()
    delivery = only_delivery(portal)
    first, retry = send_tasks()
    assert first.status == "SUCCESSFUL"
    assert (retry.status, retry.run_after) == ("READY", delivery.next_attempt_at)
    assert len(webhook_receiver.requests) == 1  # the worker does not run it early

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    run_worker()
    assert len(webhook_receiver.requests) == 2
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
