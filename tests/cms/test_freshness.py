"""The content version lives in the database, commits with the journal and names the next expiry."""

import datetime

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms import freshness
from cms.models import ContentVersion, NewsPage, PublicationEvent
from tests.factories import NewsPageFactory, PartnerFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Shown")


@pytest.fixture
def clock(monkeypatch, settings):
    """The clock that bounds a process's copy of the version, at half a second's life."""
    settings.CONTENT_VERSION_TTL = 0.5
    now = [1000.0]
    monkeypatch.setattr(freshness, "clock", lambda: now[0])
    freshness.forget()
    return now


def queries(function):
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return result, len(captured)


def test_a_publish_bumps_the_version_row(news):
    before = ContentVersion.objects.get().counter
    news.title = "Edited"
    news.save_revision().publish()
    assert ContentVersion.objects.get().counter == before + 1


def test_a_rolled_back_publish_leaves_the_version_as_it_was(news):
    before = freshness.content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        news.unpublish()
        raise RuntimeError("the publishing transaction fails after the journal")
    freshness.forget()
    assert freshness.content_version() == before
    assert not PublicationEvent.objects.filter(kind=PublicationEvent.Kind.UNPUBLISHED).exists()


def test_a_related_change_bumps_it_too(site_tree):
    before = freshness.content_version()
    PartnerFactory(name="Tallinn City Council")
    assert freshness.content_version() != before


def test_reading_it_is_one_query_then_none_while_the_copy_lives(news, clock):
    version, count = queries(freshness.current)
    assert count == 1
    clock[0] += 0.4
    assert queries(freshness.current) == (version, 0)
    clock[0] += 0.1
    assert queries(freshness.current)[1] == 1


def test_another_process_change_is_read_once_the_copy_has_lived(news, clock):
    before = freshness.content_version()
    # What another process's publish commits: nothing in this process changes.
    ContentVersion.objects.update(counter=ContentVersion.objects.get().counter + 1)
    assert freshness.content_version() == before
    clock[0] += 0.5
    assert freshness.content_version() != before


def test_the_process_that_changes_it_sees_the_change_at_once(news, clock):
    before = freshness.content_version()
    news.unpublish()
    assert freshness.content_version() != before


def test_an_expiry_changes_the_version_when_it_passes_without_any_event(news, clock, monkeypatch):
    NewsPage.objects.filter(pk=news.pk).update(expire_at=timezone.now() + HOUR)
    freshness.forget()
    before = freshness.current()
    assert before.next_expiry is not None
    later = timezone.now() + 2 * HOUR
    monkeypatch.setattr(timezone, "now", lambda: later)
    # No time has passed for the copy's clock: the expiry alone ends it.
    after = freshness.current()
    assert after.token != before.token
    assert after.next_expiry is None


def test_an_expiry_that_has_passed_is_the_last_modified(news, monkeypatch):
    expiry = timezone.now() + HOUR
    NewsPage.objects.filter(pk=news.pk).update(expire_at=expiry)
    later = expiry + datetime.timedelta(seconds=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    freshness.forget()
    version = freshness.current()
    assert version.last_modified == int(expiry.timestamp())
    assert version.exact


def test_seconds_to_expiry_bound_how_long_anything_is_kept(news):
    expiry = timezone.now() + datetime.timedelta(seconds=90)
    NewsPage.objects.filter(pk=news.pk).update(expire_at=expiry)
    freshness.forget()
    assert 88 <= freshness.current().seconds_to_expiry() <= 90


def test_the_change_time_never_goes_back_when_clocks_disagree(news, monkeypatch):
    row = ContentVersion.objects.get()
    behind = row.changed_at - datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: behind)
    freshness.content_changed()
    after = ContentVersion.objects.get()
    assert after.changed_at == row.changed_at + datetime.timedelta(microseconds=1)
    assert after.previous_changed_at == row.changed_at


def test_two_changes_in_one_second_make_the_date_inexact(news, monkeypatch):
    # Both changes inside one second whatever the wall clock says.
    moment = ContentVersion.objects.get().changed_at + HOUR
    moment = moment.replace(microsecond=250_000)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    freshness.content_changed()
    monkeypatch.setattr(timezone, "now", lambda: moment + datetime.timedelta(milliseconds=500))
    freshness.content_changed()
    version = freshness.current()
    assert version.last_modified == int(moment.timestamp())
    assert not version.exact


def test_a_database_without_the_row_starts_from_nothing(news):
    ContentVersion.objects.all().delete()
    freshness.forget()
    assert freshness.current().token.startswith("0.")
    freshness.content_changed()
    assert ContentVersion.objects.get().counter == 1
