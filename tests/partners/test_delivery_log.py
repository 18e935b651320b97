"""The webhook delivery log in the Wagtail admin: listing, attempts, payload, redelivery."""

import csv
import datetime
import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from cms.editorial import EDITORS, MODERATORS, ensure_roles
from partners import outbox
from partners.models import WebhookAttempt, WebhookDelivery
from tests.partners.admin_support import (
    DELIVERIES_URL,
    SITE_HISTORY_URL,
    failed_attempts,
    logged_in,
    make_delivery,
    make_portal,
    member_of,
    refused,
    soup_of,
    with_permissions,
)

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"


@pytest.fixture
def portal(site_tree, closed_port):
    return make_portal(closed_port)


@pytest.fixture
def failing_delivery(portal):
    """A delivery whose receiver failed three times: a 500, a timeout, a refused connection."""
    delivery = make_delivery(portal, title="Advisory board meets in Riga")
    return failed_attempts(
        delivery,
        (500, "HTTP 500: Internal Server Error", 87),
        (None, "No answer within 10 s.", 10004),
        (None, "[Errno 111] Connection refused", 2),
    )


def detail_url(delivery):
    return f"{DELIVERIES_URL}{delivery.pk}/"


def redeliver_url(delivery):
    return f"{DELIVERIES_URL}{delivery.pk}/redeliver/"


def log_rows(soup):
    """The log's rows as {column header: cell text}."""
    headers = [" ".join(th.get_text().split()) for th in soup.select("table thead th")]
    return [
        {
            header: " ".join(cell.get_text(" ").split())
            for header, cell in zip(headers, row.find_all("td"), strict=True)
        }
        for row in soup.select("table tbody tr")
    ]


# The log ----------------------------------------------------------------------


def test_the_log_lists_each_delivery_with_its_last_attempt(admin_client, failing_delivery):
    soup = soup_of(admin_client.get(DELIVERIES_URL))

    [row] = log_rows(soup)
    assert row["Portal"] == "Riga city portal"
    assert row["Event"] == "news.published"
    assert row["Item"] == "Advisory board meets in Riga"
    assert row["Status"] == "Pending"
    assert row["Attempts"] == "3"
    assert row["Last status"] == ""
    assert row["Last response (ms)"] == "2"
    assert row["Last error"] == "[Errno 111] Connection refused"
    local = timezone.localtime(failing_delivery.created_at)
    assert row["Time"] == local.strftime("%Y-%m-%d %H:%M:%S")
    link = soup.select_one("table tbody tr a[href]")
    assert link["href"] == detail_url(failing_delivery)


def test_the_log_filters_by_portal_and_status(admin_client, portal, closed_port):
    tallinn = make_portal(closed_port, name="Tallinn portal", slug="tallinn")
    make_delivery(portal, title="Riga pending")
    make_delivery(portal, title="Riga failed", status=WebhookDelivery.Status.FAILED)
    make_delivery(tallinn, title="Tallinn failed", status=WebhookDelivery.Status.FAILED)

    def items(query):
        return [row["Item"] for row in log_rows(soup_of(admin_client.get(DELIVERIES_URL + query)))]

    assert items(f"?portal={portal.pk}") == ["Riga failed", "Riga pending"]
    assert items("?status=failed") == ["Tallinn failed", "Riga failed"]
    assert items(f"?portal={tallinn.pk}&status=pending") == []


def test_the_filtered_log_downloads_as_csv(admin_client, failing_delivery, closed_port):
    other = make_portal(closed_port, name="Tallinn portal", slug="tallinn")
    make_delivery(other, title="Not for Riga")

    response = admin_client.get(f"{DELIVERIES_URL}?portal={failing_delivery.portal_id}&export=csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["Item"], row["Webhook id"], row["Attempts"]) for row in rows] == [
        ("Advisory board meets in Riga", failing_delivery.webhook_id, "3")
    ]
    assert rows[0]["Last error"] == "[Errno 111] Connection refused"


def test_a_long_error_is_cut_short_in_the_log(admin_client, portal):
    delivery = make_delivery(portal)
    failed_attempts(delivery, (502, "HTTP 502: " + "Bad gateway. " * 40, 31))

    [row] = log_rows(soup_of(admin_client.get(DELIVERIES_URL)))

    assert row["Last error"].startswith("HTTP 502: Bad gateway.")
    assert len(row["Last error"]) <= 80


def test_the_log_reads_a_page_in_a_fixed_number_of_queries(
    admin_client, portal, django_assert_max_num_queries
):
    make_delivery(portal)
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(DELIVERIES_URL)
    for number in range(12):
        make_delivery(portal, title=f"Item {number}")

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = admin_client.get(DELIVERIES_URL)
    assert len(log_rows(soup_of(response))) == 13


# One delivery -----------------------------------------------------------------


def test_the_detail_page_lists_every_attempt(admin_client, failing_delivery):
    soup = soup_of(admin_client.get(detail_url(failing_delivery)))

    rows = [
        [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        for row in soup.select("table[data-attempts] tbody tr")
    ]
    started = [
        timezone.localtime(attempt.started_at).strftime("%Y-%m-%d %H:%M:%S")
        for attempt in WebhookAttempt.objects.filter(delivery=failing_delivery)
    ]
    assert rows == [
        ["1", started[0], "500", "87", "HTTP 500: Internal Server Error"],
        ["2", started[1], "", "10004", "No answer within 10 s."],
        ["3", started[2], "", "2", "[Errno 111] Connection refused"],
    ]
    assert failing_delivery.webhook_id in soup.select_one("[data-delivery-summary]").get_text()


def test_the_payload_is_shown_as_escaped_json(admin_client, portal):
    delivery = make_delivery(portal, title=HOSTILE_TITLE)

    response = admin_client.get(detail_url(delivery))

    assert "<script>alert(1)" not in response.content.decode()
    assert "<img src=x" not in response.content.decode()
    soup = soup_of(response)
    assert soup.select("[data-payload] script, [data-payload] img") == []
    shown = soup.select_one("[data-payload]").get_text()
    assert '"title": "<script>alert(1)</script> & <img src=x onerror=alert(2)>"' in shown
    assert '"type": "news.published"' in shown


# Redelivery -------------------------------------------------------------------


def test_redelivering_queues_the_same_message_again(admin_client, portal):
    delivery = make_delivery(
        portal,
        status=WebhookDelivery.Status.FAILED,
        next_attempt_at=None,
        consecutive_failures=9,
        attempt_count=9,
    )
    before = timezone.now()

    response = admin_client.post(redeliver_url(delivery), follow=True)

    again = WebhookDelivery.objects.get(pk=delivery.pk)
    assert again.status == WebhookDelivery.Status.PENDING
    assert again.webhook_id == delivery.webhook_id
    assert again.payload == delivery.payload
    assert again.consecutive_failures == 0
    assert before <= again.next_attempt_at <= timezone.now()
    assert "queued for redelivery" in soup_of(response).get_text()
    entry = ModelLogEntry.objects.get(action="feeds.webhook.redeliver")
    assert (entry.object_id, entry.user.username) == (str(delivery.pk), "admin")


def test_a_redelivery_shows_in_the_site_history(admin_client, portal):
    delivery = make_delivery(portal, status=WebhookDelivery.Status.FAILED)
    admin_client.post(redeliver_url(delivery))

    soup = soup_of(admin_client.get(SITE_HISTORY_URL))

    # The report's filter offers the action by its label.
    box = soup.find("input", attrs={"name": "action", "value": "feeds.webhook.redeliver"})
    label = box.find_parent("label") or soup.find("label", attrs={"for": box["id"]})
    assert label.get_text(strip=True) == "Redeliver webhook"
    rows = [" ".join(row.get_text(" ").split()) for row in soup.select("table.listing tbody tr")]
    [row] = [row for row in rows if delivery.webhook_id in row]
    assert "queued for redelivery to Riga city portal; it was failed" in row
    link = soup.find("a", string=lambda text: text and "Advisory board" in text)
    assert link["href"] == detail_url(delivery)


def test_a_delivery_being_sent_is_not_redelivered(admin_client, portal):
    delivery = make_delivery(
        portal,
        status=WebhookDelivery.Status.SENDING,
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=1),
    )

    response = admin_client.post(redeliver_url(delivery), follow=True)

    assert "being sent right now" in soup_of(response).get_text()
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDelivery.Status.SENDING
    assert not ModelLogEntry.objects.filter(action="feeds.webhook.redeliver").exists()


def test_redelivering_needs_a_post(admin_client, portal):
    delivery = make_delivery(portal, status=WebhookDelivery.Status.FAILED)

    assert admin_client.get(redeliver_url(delivery)).status_code == 405
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDelivery.Status.FAILED


# The send runs in another thread, which sees only committed rows; the
# serialized rollback keeps the default Site and content types for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_redelivery_is_sent_again_and_its_attempt_logged(
    admin_client, portal, settings, closed_port
):
    settings.WEBHOOK_TIMEOUT = 2
    # The portal's receiver is a closed port on 127.0.0.1: let the attempt reach it.
    settings.OUTBOUND_ALLOW_PRIVATE = True
    delivery = failed_attempts(
        make_delivery(portal, status=WebhookDelivery.Status.FAILED, next_attempt_at=None),
        (500, "HTTP 500", 12),
    )

    admin_client.post(redeliver_url(delivery))
    outbox.wait_for_deliveries(timeout=30)

    delivery.refresh_from_db()
    assert delivery.attempt_count == 2
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.next_attempt_at > timezone.now()
    soup = soup_of(admin_client.get(detail_url(delivery)))
    numbers = [row["data-attempt"] for row in soup.select("table[data-attempts] tbody tr")]
    assert numbers == ["1", "2"]
    assert "refused" in soup.select_one("tr[data-attempt='2']").get_text().lower()


# Who may ----------------------------------------------------------------------


@pytest.fixture
def roles(site_tree):
    return ensure_roles(site_tree.home, site_tree.news_index)


def test_a_moderator_sees_the_log_and_can_redeliver(client, django_user_model, roles, portal):
    delivery = make_delivery(portal, status=WebhookDelivery.Status.FAILED)
    logged_in(client, member_of(django_user_model, MODERATORS, "moderator"))

    assert [row["Item"] for row in log_rows(soup_of(client.get(DELIVERIES_URL)))] == [
        "Advisory board meets in Riga"
    ]
    assert soup_of(client.get(detail_url(delivery))).select_one("form[data-redeliver]")
    assert client.post(redeliver_url(delivery)).status_code == 302
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDelivery.Status.PENDING


def test_an_editor_can_neither_see_the_log_nor_redeliver(client, django_user_model, roles, portal):
    delivery = make_delivery(portal, status=WebhookDelivery.Status.FAILED)
    logged_in(client, member_of(django_user_model, EDITORS, "editor"))

    assert refused(client.get(DELIVERIES_URL))
    assert refused(client.get(detail_url(delivery)))
    assert refused(client.post(redeliver_url(delivery)))
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDelivery.Status.FAILED


def test_viewing_the_log_does_not_allow_redelivering(client, django_user_model, portal):
    delivery = make_delivery(portal, status=WebhookDelivery.Status.FAILED)
    viewer = with_permissions(
        django_user_model.objects.create_user("viewer", password="pw"),
        "wagtailadmin.access_admin",
        "partners.view_webhookdelivery",
    )
    logged_in(client, viewer)

    assert soup_of(client.get(detail_url(delivery))).select_one("form[data-redeliver]") is None
    assert refused(client.post(redeliver_url(delivery)))
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDelivery.Status.FAILED


def test_redelivering_needs_a_csrf_token(django_user_model, portal):
    delivery = make_delivery(portal, status=WebhookDelivery.Status.FAILED)
    client = logged_in(
        Client(enforce_csrf_checks=True),
        django_user_model.objects.create_superuser("admin", "", "pw"),
    )

    assert client.post(redeliver_url(delivery)).status_code == 403
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == WebhookDelivery.Status.FAILED
