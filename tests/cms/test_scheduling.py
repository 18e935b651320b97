"""Scheduled publishing and expiry run from the scheduler process."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.models import NewsPage, PublicationEvent
from tests.factories import NewsPageFactory, make_schedule_due

pytestmark = pytest.mark.django_db


def test_a_scheduled_news_item_waits_for_its_time(client, site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=1)
    page.save_revision().publish()
    call_command("run_scheduler", once=True)
    assert client.get(f"/news/{page.slug}/").status_code == 404


def test_the_scheduler_publishes_a_news_item_whose_time_has_come(client, site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=1)
    page.save_revision().publish()
    make_schedule_due(page)

    call_command("run_scheduler", once=True)

    assert client.get(f"/news/{page.slug}/").status_code == 200
    assert PublicationEvent.objects.filter(page_id=page.pk).last().kind == "published"


def test_the_scheduler_unpublishes_an_expired_news_item(client, site_tree):
    page = NewsPageFactory(parent=site_tree.news_index)
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("run_scheduler", once=True)
    page.refresh_from_db()
    assert (page.live, page.expired) == (False, True)
    assert PublicationEvent.objects.filter(page_id=page.pk).last().cause == "expiry"


def test_the_scheduler_runs_every_scheduled_command(site_tree, settings):
    page = NewsPageFactory(parent=site_tree.news_index)
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    # A failing command must not keep the ones after it from running.
    settings.SCHEDULED_COMMANDS = ["no_such_command", "publish_scheduled"]
    call_command("run_scheduler", once=True)
    page.refresh_from_db()
    assert page.expired
