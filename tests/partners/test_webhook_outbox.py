"""The webhook outbox: which deliveries a publication event writes, and when.

Nothing here is sent: these tests run inside a transaction that never
commits, so the dispatch that waits for the commit never happens. What is
sent, and how, is in test_webhook_delivery.py.
"""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.models import PublicationEvent
from partners import outbox, schedule
from partners.models import WebhookDelivery
from tests.factories import PartnerFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db

# Never contacted: no transaction in these tests commits.
URL = "http://127.0.0.1:9/webhooks"


def deliveries_for(portal):
    return list(WebhookDelivery.objects.filter(portal=portal).order_by("id"))


def test_a_publish_writes_one_pending_delivery_per_portal(make_portal, make_news):
    riga, tallinn = make_portal(URL), make_portal(URL)
    news = make_news()
    event = PublicationEvent.objects.get(page_id=news.pk)
    rows = list(WebhookDelivery.objects.order_by("portal_id"))
    assert [(row.portal, row.event, row.event_type, row.status) for row in rows] == [
        (riga, event, "news.published", WebhookDelivery.Status.PENDING),
        (tallinn, event, "news.published", WebhookDelivery.Status.PENDING),
    ]
    assert all(row.next_attempt_at <= timezone.now() for row in rows)
    assert len({row.webhook_id for row in rows}) == 2
    assert all(row.webhook_id.startswith("msg_") for row in rows)


def test_the_delivery_is_written_in_the_publications_transaction_and_sent_after_it(
    make_portal, make_news, django_capture_on_commit_callbacks
):
    portal = make_portal(URL)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        news = make_news()
        # Still inside the publishing transaction: journal entry and delivery
        # are both there, and nothing has been handed to a sender yet.
        event = PublicationEvent.objects.get(page_id=news.pk)
        assert WebhookDelivery.objects.get(portal=portal).event == event
        assert callbacks == []
    sends = [cb for cb in callbacks if getattr(cb, "func", None) is outbox.dispatch]
    assert [cb.args for cb in sends] == [([WebhookDelivery.objects.get(portal=portal).pk],)]


def test_a_rolled_back_publication_leaves_no_delivery(make_portal, make_news):
    make_portal(URL)
    journalled = PublicationEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_news()
        assert WebhookDelivery.objects.count() == 1
        raise RuntimeError("the editor's request fails after the publish")
    assert WebhookDelivery.objects.count() == 0
    assert PublicationEvent.objects.count() == journalled


def test_a_portal_without_a_webhook_url_gets_no_delivery(make_portal, make_news):
    silent = make_portal("")
    listening = make_portal(URL)
    make_news()
    assert deliveries_for(silent) == []
    assert len(deliveries_for(listening)) == 1


def test_an_inactive_portals_delivery_waits_in_the_outbox(make_portal, make_news):
    portal = make_portal(URL, active=False)
    make_news()
    (delivery,) = deliveries_for(portal)
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert not WebhookDelivery.objects.filter(schedule.due(timezone.now())).exists()
    portal.active = True
    portal.save()
    assert list(WebhookDelivery.objects.filter(schedule.due(timezone.now()))) == [delivery]


def test_pages_that_are_not_news_write_no_delivery(make_portal, site_tree):
    make_portal(URL)
    WorkPackagePageFactory(parent=site_tree.work_package_index)
    assert WebhookDelivery.objects.count() == 0


# Filters


@pytest.fixture
def subject(site_tree):
    """What the news item of the filter tests is about."""
    riga = PartnerFactory(slug="riga-city")
    return {
        "work_package": WorkPackagePageFactory(parent=site_tree.work_package_index, number=3),
        "other_work_package": WorkPackagePageFactory(parent=site_tree.work_package_index, number=4),
        "partner": riga,
        "other_partner": PartnerFactory(slug="tallinn-city"),
    }


def filters(subject, name):
    return {
        "work package": {"filter_work_packages": [subject["work_package"].number]},
        "other work package": {"filter_work_packages": [subject["other_work_package"].number]},
        "tag": {"filter_tags": ["clusters"]},
        "other tag": {"filter_tags": ["energy"]},
        "partner": {"filter_partner": subject["partner"]},
        "other partner": {"filter_partner": subject["other_partner"]},
        "locale": {"filter_locale": "en"},
        "other locale": {"filter_locale": "de"},
        "all of them": {
            "filter_work_packages": [subject["work_package"].number],
            "filter_tags": ["clusters", "energy"],
            "filter_partner": subject["partner"],
            "filter_locale": "en",
        },
        "all but the tag": {
            "filter_work_packages": [subject["work_package"].number],
            "filter_tags": ["energy"],
            "filter_partner": subject["partner"],
            "filter_locale": "en",
        },
    }[name]


def publish_about(make_news, subject):
    return make_news(
        tags=["clusters"],
        work_packages=[subject["work_package"]],
        partners=[subject["partner"]],
    )


@pytest.mark.parametrize(
    "name", ["work package", "tag", "partner", "locale", "all of them"], ids=str
)
def test_a_portal_whose_filters_match_gets_the_event(make_portal, make_news, subject, name):
    portal = make_portal(URL, **filters(subject, name))
    publish_about(make_news, subject)
    assert [row.event_type for row in deliveries_for(portal)] == ["news.published"]


@pytest.mark.parametrize(
    "name",
    ["other work package", "other tag", "other partner", "other locale", "all but the tag"],
    ids=str,
)
def test_a_portal_whose_filters_do_not_match_gets_nothing(make_portal, make_news, subject, name):
    portal = make_portal(URL, **filters(subject, name))
    publish_about(make_news, subject)
    assert deliveries_for(portal) == []


def test_news_in_the_city_of_the_filters_partner_matches_it(make_portal, make_news, subject):
    portal = make_portal(URL, filter_partner=subject["partner"])
    make_news(event_start_date="2006-06-13", event_city=subject["partner"].city)
    assert len(deliveries_for(portal)) == 1


def test_a_portal_is_told_when_an_update_takes_the_item_out_of_its_filters(make_portal, make_news):
    portal = make_portal(URL, filter_tags=["clusters"])
    news = make_news(tags=["clusters"])
    news.tags.set(["energy"])
    news.save_revision().publish()
    rows = deliveries_for(portal)
    assert [(row.event_type, row.payload["data"]["cause"]) for row in rows] == [
        ("news.published", "publish"),
        ("news.unpublished", "filter"),
    ]
    assert rows[1].payload["data"]["item"] is None
    # Once it has the tombstone, further edits outside its filters are none of its business.
    news.title = "Edited again"
    news.save_revision().publish()
    assert len(deliveries_for(portal)) == 2


def test_an_unpublish_reaches_a_portal_that_was_sent_the_item(make_portal, make_news):
    portal = make_portal(URL, filter_tags=["clusters"])
    news = make_news(tags=["clusters"])
    news.unpublish()
    assert [row.event_type for row in deliveries_for(portal)] == [
        "news.published",
        "news.unpublished",
    ]


def test_events_of_news_it_never_matched_do_not_reach_a_portal(make_portal, make_news):
    portal = make_portal(URL, filter_tags=["clusters"])
    news = make_news(tags=["energy"])
    news.title = "Edited"
    news.save_revision().publish()
    news.unpublish()
    assert deliveries_for(portal) == []


# Messages


def test_each_kind_of_event_has_its_type_and_tombstones_carry_no_item(make_portal, make_news):
    portal = make_portal(URL)
    news = make_news(title="Kept for a while")
    news.title = "Kept, edited"
    news.save_revision().publish()
    news.unpublish()
    news.save_revision().publish()
    news.delete()
    messages = [row.payload for row in deliveries_for(portal)]
    assert [(m["type"], m["data"]["item"] is None) for m in messages] == [
        ("news.published", False),
        ("news.updated", False),
        ("news.unpublished", True),
        ("news.published", False),
        ("news.deleted", True),
    ]
    assert messages[1]["data"]["item"]["title"] == "Kept, edited"
    assert {m["data"]["id"] for m in messages} == {news.pk}


def test_the_message_carries_the_journal_entrys_identity_and_time(make_portal, make_news):
    portal = make_portal(URL)
    news = make_news()
    event = PublicationEvent.objects.get(page_id=news.pk)
    (delivery,) = deliveries_for(portal)
    message = delivery.payload
    assert message["timestamp"] == message["data"]["time"]
    assert message["data"]["time"] == timezone.localtime(event.occurred_at).isoformat()
    assert message["data"] | {"item": None} == {
        "cursor": event.pk,
        "event": "published",
        "time": message["data"]["time"],
        "id": news.pk,
        "type": "news",
        "locale": "en",
        "cause": "publish",
        "title": news.title,
        "url": event.url,
        "translation_key": str(news.translation_key),
        "item": None,
    }


# Cost


def test_writing_the_outbox_costs_the_same_queries_for_one_portal_or_many(
    make_portal, make_news, site_tree
):
    wps = [WorkPackagePageFactory(parent=site_tree.work_package_index) for _ in range(3)]
    partner = PartnerFactory()
    make_portal(URL)
    make_news(tags=["clusters"], work_packages=wps[:1])  # warms Django's and Wagtail's caches

    def publish_cost():
        news = make_news(publish=False, tags=["clusters"], work_packages=wps[:1])
        revision = news.save_revision()
        with CaptureQueriesContext(connection) as queries:
            revision.publish()
        return len(queries)

    one = publish_cost()
    for number in range(24):
        make_portal(
            URL,
            filter_work_packages=[wps[number % 3].number],
            filter_tags=[["clusters"], ["energy"], []][number % 3],
            filter_partner=partner if number % 4 == 0 else None,
            filter_locale=["", "en", "de"][number % 3],
        )
    many = publish_cost()
    assert WebhookDelivery.objects.values("event").distinct().count() == 3
    assert many == one
