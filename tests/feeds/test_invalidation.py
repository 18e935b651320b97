"""Every way content changes reaches the next response, through the content version.

These run against the cache the settings configure: Redis when REDIS_URL is
set, so the renderings are shared as between web processes; the version is
read from the database.
"""

import datetime

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cms import freshness
from cms.models import ContentVersion, NewsPage
from cms.response_cache import process_copies
from tests.factories import NewsIndexPageFactory, NewsPageFactory, PartnerFactory, ago, set_expiry
from tests.feeds.conftest import ALL_PATHS, fetch, titles_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def shown(client, make_event):
    """A news item every feed and the calendar show, with their responses cached."""
    news = make_event(title="Shown")
    for path in ALL_PATHS:
        assert "Shown" in titles_in(client, path)
    return news


def in_every_feed(client, title):
    return [title in titles_in(client, path) for path in ALL_PATHS]


def test_a_publish_shows_up_in_the_next_response(client, shown, make_event):
    make_event(title="New")
    assert in_every_feed(client, "New") == [True] * 4


def test_an_edit_shows_up_in_the_next_response(client, shown):
    shown.title = "Shown, corrected"
    shown.save_revision().publish()
    assert in_every_feed(client, "Shown, corrected") == [True] * 4


def test_an_unpublish_shows_up_in_the_next_response(client, shown):
    shown.unpublish()
    assert in_every_feed(client, "Shown") == [False] * 4


def test_a_scheduled_publish_shows_up_when_the_scheduler_runs(client, shown, site_tree):
    page = NewsPageFactory(
        parent=site_tree.news_index,
        publish=False,
        title="Scheduled",
        event_start_date=datetime.date(2006, 6, 1),
        event_city=shown.event_city,
    )
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    assert in_every_feed(client, "Scheduled") == [False] * 4

    past = ago(seconds=1)
    NewsPage.objects.filter(pk=page.pk).update(go_live_at=past)
    for revision in page.revisions.exclude(approved_go_live_at=None):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    assert in_every_feed(client, "Scheduled") == [True] * 4


def test_an_expiry_shows_up_when_the_scheduler_runs(client, shown):
    set_expiry(shown, ago(seconds=1))
    call_command("publish_scheduled")
    assert in_every_feed(client, "Shown") == [False] * 4


def test_an_expiry_shows_up_on_time_without_the_scheduler(client, make_event, monkeypatch):
    expiring = make_event(title="Expiring")
    set_expiry(expiring, timezone.now() + datetime.timedelta(hours=1))
    # The expiry time set without an event: the cache still holds the old
    # version, as it would between an editor's save and the expiry.
    for path in ALL_PATHS:
        assert "Expiring" in titles_in(client, path)
    assert fetch(client, "/feeds/news.atom")["Cache-Control"].startswith("public, max-age=")

    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert in_every_feed(client, "Expiring") == [False] * 4


def test_a_delete_shows_up_in_the_next_response(client, shown):
    shown.delete()
    assert in_every_feed(client, "Shown") == [False] * 4


def test_a_move_shows_up_in_the_next_response(client, shown, site_tree):
    archive = NewsIndexPageFactory(parent=site_tree.home, slug="archive", title="Archive")
    shown.move(archive, pos="last-child")
    entry_link = fetch(client, "/feeds/news.json").json()["items"][0]["url"]
    assert entry_link == f"http://testserver/archive/{shown.slug}/"


def test_a_view_restriction_on_the_page_hides_it_at_once(client, shown):
    restriction = PageViewRestriction.objects.create(
        page=shown, restriction_type=PageViewRestriction.LOGIN
    )
    assert in_every_feed(client, "Shown") == [False] * 4
    restriction.delete()
    assert in_every_feed(client, "Shown") == [True] * 4


def test_a_view_restriction_on_an_ancestor_hides_the_news_below(client, shown, site_tree):
    restriction = PageViewRestriction.objects.create(
        page=site_tree.news_index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert in_every_feed(client, "Shown") == [False] * 4
    restriction.delete()
    assert in_every_feed(client, "Shown") == [True] * 4


def test_a_renamed_partner_shows_up_in_its_feed(client, make_news):
    partner = PartnerFactory(slug="riga-city", name="Riga City Council")
    make_news(partners=[partner])
    title = fetch(client, "/feeds/news.json?partner=riga-city").json()["title"]
    assert title == "BaltMet Inno news – Riga City Council"
    partner.name = "City of Riga"
    partner.save()
    title = fetch(client, "/feeds/news.json?partner=riga-city").json()["title"]
    assert title == "BaltMet Inno news – City of Riga"


def test_a_change_made_by_another_process_is_seen_by_this_one(client, shown, settings, monkeypatch):
    settings.CONTENT_VERSION_TTL = 0.5
    now = [1000.0]
    monkeypatch.setattr(freshness, "clock", lambda: now[0])
    freshness.forget()
    assert in_every_feed(client, "Shown") == [True] * 4
    assert process_copies.entries, "this process keeps copies of what it served"
    # Another process publishes an edit: the page and the version row change
    # in the database; nothing in this process does.
    NewsPage.objects.filter(pk=shown.pk).update(title="Edited elsewhere")
    ContentVersion.objects.update(counter=F("counter") + 1, changed_at=timezone.now())
    assert in_every_feed(client, "Edited elsewhere") == [False] * 4, "within its copy's life"
    now[0] += 0.5
    assert in_every_feed(client, "Edited elsewhere") == [True] * 4
