"""Webhooks as the processes send them: after the commit, from a background thread or
the task worker, without holding up the publish.

These tests commit (the sends start after the publishing transaction commits), so
they run with transaction=True; the first two post to a real receiver on
127.0.0.1, the others to the injected transport. The rest of the webhook logic is
tested without either in test_webhook_delivery.py.

Publications run in one transaction each, and a test touches the database only
while no send is under way (after outbox.wait_for_deliveries(), or while the
receiver holds the request): the test database on SQLite is shared in memory,
where a second writer fails at once instead of waiting its turn.
"""

import signal
import threading

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cms.models import PublicationEvent
from partners import outbox, sender
from partners.models import WebhookDelivery
from tests.admin_forms import news_edit_form
from tests.factories import NewsPageFactory
from tests.partners.webhook_support import attempts_of, only_delivery, verify

# serialized_rollback: the flush after each test would take the default Site along.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEND_TASK = "partners.sender.send_webhook"


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


@pytest.fixture
def socket_portal(make_portal, socket_receiver):
    return make_portal(socket_receiver.url, name="Riga city portal", slug="riga")


def test_a_publish_delivers_one_signed_request(socket_portal, socket_receiver, publish_news):
    portal, webhook_receiver = socket_portal, socket_receiver
    news = publish_news(title="Riga hosts the innovation week")
    outbox.wait_for_deliveries()
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


def test_a_publish_returns_while_the_receiver_still_holds_the_request(
    socket_portal, socket_receiver, publish_news, webhook_settings
):
    portal, webhook_receiver = socket_portal, socket_receiver
    webhook_settings.WEBHOOK_TIMEOUT = 30
    gate = webhook_receiver.hold()
    news = publish_news()
    # The publish has returned; the receiver has the request and has not answered.
    webhook_receiver.wait_for(1)
    assert not gate.is_set()
    assert only_delivery(portal).status == WebhookDelivery.Status.SENDING
    assert PublicationEvent.objects.filter(page_id=news.pk).exists()

    webhook_receiver.release()
    outbox.wait_for_deliveries()
    assert only_delivery(portal).status == WebhookDelivery.Status.DELIVERED


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once: PostgreSQL (the in-memory SQLite test database refuses them)",
)
def test_an_admin_publish_returns_while_the_receiver_still_holds_the_request(
    socket_portal, socket_receiver, admin_client, site_tree, webhook_settings
):
    portal, webhook_receiver = socket_portal, socket_receiver
    webhook_settings.WEBHOOK_TIMEOUT = 30
    news = NewsPageFactory(parent=site_tree.news_index, publish=False)
    gate = webhook_receiver.hold()
    form = news_edit_form(news)
    assert admin_client.post(f"/admin/pages/{news.pk}/edit/", form).status_code == 302
    webhook_receiver.wait_for(1)
    assert not gate.is_set()
    assert only_delivery(portal).status == WebhookDelivery.Status.SENDING

    webhook_receiver.release()
    outbox.wait_for_deliveries()
    assert only_delivery(portal).status == WebhookDelivery.Status.DELIVERED


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
        assert sender.claim(delivery.pk) is not None  # row locked until this commits

        def second_sender():
            try:
                results["claim"] = sender.claim(delivery.pk)
            finally:
                connection.close()

        second = threading.Thread(target=second_sender)
        second.start()
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
    second.join(30)
    assert results["claim"] is None
    assert len(attempts_of(delivery)) == 1


def test_the_scheduler_runs_deliver_webhooks(portal, receiver, publish_news, queued, settings):
    webhook_receiver = receiver
    assert "deliver_webhooks" in settings.SCHEDULED_COMMANDS
    publish_news()
    call_command("run_scheduler", "--once")
    assert len(webhook_receiver.requests) == 1


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
    portal, receiver, publish_news, database_tasks, run_worker
):
    webhook_receiver = receiver
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
    portal, receiver, publish_news, database_tasks, run_worker
):
    webhook_receiver = receiver
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
