"""What a delivery carries is decided when it is sent, and what the log keeps of the answer
depends on where the receiver is: tested against the injected transport
(tests/partners/conftest.py's ``receiver``), the clock moved by ``deliver_due(now=...)``.
"""

import datetime
import ipaddress

from django.utils import timezone

from wagtail.models import PageViewRestriction

import httpx
import pytest

from cms import outbound
from cms.models import NewsPage
from partners import schedule, sender
from partners.models import WebhookDelivery
from tests.partners.webhook_support import after, attempts_of, verify

pytestmark = pytest.mark.django_db


def unpublish(page):
    page.unpublish()


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-riga"
    )


def expire(page):
    # Past its expiry, before the scheduler has unpublished it: public() already
    # leaves it out.
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def delete(page):
    page.delete()


@pytest.mark.parametrize("withdraw", [unpublish, restrict, expire, delete])
def test_a_queued_item_whose_page_is_no_longer_public_goes_as_its_tombstone(
    portal, receiver, make_news, withdraw
):
    receiver.fail_first(1)
    news = make_news(title="Riga hosts the innovation week")
    (first,) = schedule.deliver_due()
    assert not first.delivered
    queued = WebhookDelivery.objects.get(portal=portal, event_type="news.published")

    withdraw(news)
    schedule.deliver_due(now=after(queued.next_attempt_at))

    messages = {r["headers"]["webhook-id"]: verify(portal, r) for r in receiver.requests[1:]}
    resent = messages[queued.webhook_id]
    assert resent["type"] == "news.unpublished"
    assert resent["data"]["item"] is None
    assert resent["data"]["id"] == news.pk
    # No message after the withdrawal carries the item.
    assert all(message["data"]["item"] is None for message in messages.values())
    queued.refresh_from_db()
    assert (queued.event_type, queued.status) == ("news.unpublished", "delivered")
    assert queued.payload == resent


def test_a_queued_item_still_public_goes_as_it_was_written(portal, receiver, make_news):
    receiver.fail_first(1)
    make_news(title="Riga hosts the innovation week")
    schedule.deliver_due()
    queued = WebhookDelivery.objects.get(portal=portal)
    schedule.deliver_due(now=after(queued.next_attempt_at))
    message = verify(portal, receiver.requests[-1])
    assert message["type"] == "news.published"
    assert message["data"]["item"]["title"] == "Riga hosts the innovation week"


# The delivery log's excerpt of an answer


def test_a_loopback_receivers_answer_is_logged_as_its_status_only(portal, receiver, make_news):
    receiver.answer_with(500)
    make_news()
    schedule.deliver_due()
    (attempt,) = attempts_of(WebhookDelivery.objects.get(portal=portal))
    assert (attempt.status_code, attempt.error) == (500, "HTTP 500")


def test_an_internal_services_answer_on_a_real_socket_is_not_logged(
    make_portal, socket_receiver, make_news
):
    portal = make_portal(socket_receiver.url, name="Riga city portal", slug="riga")
    socket_receiver.fail_first(1)
    make_news()
    schedule.deliver_due()
    (attempt,) = attempts_of(WebhookDelivery.objects.get(portal=portal))
    assert (attempt.status_code, attempt.error) == (500, "HTTP 500")


def public_answer(status, content=b"", headers=None):
    """A sender.http_error of an answer from a public address (computed, never written out)."""
    address = ipaddress.IPv4Address((8 << 24) + (8 << 16) + (4 << 8) + 4)
    return sender.http_error(
        outbound.Answer(
            status=status, headers=httpx.Headers(headers or {}), body=content, address=address
        )
    )


def test_a_public_receivers_answer_is_logged_as_a_short_line_of_plain_text():
    body = ("Bad\x00 gateway\r\n\x1b[31m\ufffe" + "x" * 1000).encode()
    error = public_answer(502, body)
    assert error.startswith("HTTP 502: Bad gateway [31m")
    assert len(error) <= len("HTTP 502: ") + sender.RESPONSE_EXCERPT
    assert not any(ord(c) < 32 or c in "\ufffe\x7f" for c in error)


def test_a_public_receivers_redirect_says_where_to():
    error = public_answer(308, headers={"Location": "https://hooks.test/new"})
    assert error == (
        "HTTP 308: redirects are not followed; set the webhook URL to https://hooks.test/new"
    )
