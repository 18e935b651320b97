"""Purges of the HTTP cache in front: written with the publication, sent after it, retried."""

import datetime
import http.server
import threading

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

import pytest

from cms import frontend_cache
from cms.models import FrontendPurge
from tests.factories import NewsPageFactory, PartnerFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


class Cache:
    """An HTTP cache on 127.0.0.1 that records the bans it is sent and answers as told."""

    def __init__(self):
        self.bans = []
        self.status = 200
        cache = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_BAN(self):
                cache.bans.append(set(self.headers["X-Purge-Tags"].split()))
                self.send_response(cache.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _in_this_thread(monkeypatch):
    # The test's transaction is visible to this thread only: send here, at once.
    def send(ids):
        frontend_cache.send_with_retries(ids, sleep=lambda seconds: None, prepare=lambda: None)

    monkeypatch.setattr(frontend_cache, "_in_background", send)


@pytest.fixture
def varnish(site_tree, settings):
    # After the site is built: the tests count only the purges of their own changes.
    cache = Cache()
    settings.FRONTEND_CACHE_URLS = [cache.url]
    yield cache
    cache.close()


@pytest.fixture
def news_item(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Workshop in Riga")


def published(site_tree, capture):
    with capture(execute=True):
        return NewsPageFactory(parent=site_tree.news_index, title="Conference in Tallinn")


def test_nothing_is_queued_without_a_cache_in_front(news_item):
    news_item.unpublish()
    assert not FrontendPurge.objects.exists()


def test_a_news_publish_purges_its_page_and_the_lists_of_news(
    varnish, site_tree, django_capture_on_commit_callbacks
):
    page = published(site_tree, django_capture_on_commit_callbacks)
    assert varnish.bans == [
        {f"page-{page.pk}", f"translations-{page.translation_key}", "news", "pages"}
    ]
    assert FrontendPurge.objects.get().sent_at is not None


def test_a_work_package_publish_purges_the_lists_that_name_work_packages(
    varnish, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = WorkPackagePageFactory(parent=site_tree.work_package_index)
    assert {"workpackages", f"page-{page.pk}"} <= varnish.bans[-1]
    assert "news" not in varnish.bans[-1]


def test_a_partner_edit_purges_everything(varnish, site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PartnerFactory(name="Riga City Council")
    assert varnish.bans
    assert all(ban == {"all"} for ban in varnish.bans)


def test_the_purge_is_written_in_the_publishing_transaction(news_item, varnish):
    with pytest.raises(RuntimeError), transaction.atomic():
        news_item.unpublish()
        assert FrontendPurge.objects.count() == 1
        raise RuntimeError("the publication rolls back")
    assert not FrontendPurge.objects.exists()
    assert varnish.bans == []


def test_a_cache_that_cannot_be_reached_is_purged_by_the_scheduler_later(
    varnish, site_tree, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(frontend_cache, "QUICK_RETRIES", ())
    varnish.status = 503
    page = published(site_tree, django_capture_on_commit_callbacks)
    purge = FrontendPurge.objects.get()
    assert purge.sent_at is None
    assert "HTTP 503" in purge.error
    assert purge.attempts == 1

    varnish.status = 200
    # Not due yet: the scheduler's next run, a minute later, sends it.
    FrontendPurge.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("purge_frontend_cache", verbosity=0)
    assert FrontendPurge.objects.get().sent_at is not None
    assert f"page-{page.pk}" in varnish.bans[-1]


def test_a_cache_where_nothing_listens_is_a_failure_kept_for_the_scheduler(
    site_tree, settings, closed_port
):
    settings.FRONTEND_CACHE_URLS = [f"http://127.0.0.1:{closed_port}"]
    NewsPageFactory(parent=site_tree.news_index)
    assert frontend_cache.send_due() is False
    purge = FrontendPurge.objects.get()
    assert (purge.sent_at, purge.attempts) == (None, 1)
    assert f"http://127.0.0.1:{closed_port}: " in purge.error


def test_pending_purges_go_out_together(varnish, site_tree):
    # Without commit callbacks: the rows wait in the outbox, as after a crash.
    first = NewsPageFactory(parent=site_tree.news_index)
    second = NewsPageFactory(parent=site_tree.news_index)
    assert frontend_cache.send_due()
    assert len(varnish.bans) == 1
    assert {f"page-{first.pk}", f"page-{second.pk}"} <= varnish.bans[0]
    assert FrontendPurge.objects.filter(sent_at__isnull=True).count() == 0


def test_everything_can_be_purged_by_hand(varnish, site_tree):
    call_command("purge_frontend_cache", "--all", verbosity=0)
    assert varnish.bans == [{"all"}]


class RecordingBackend:
    """A Wagtail frontend-cache backend that remembers the URLs it is asked to purge."""

    purged = []

    def __init__(self, params):
        pass

    def purge_batch(self, urls):
        RecordingBackend.purged.extend(urls)


def test_a_cdn_is_purged_by_url_through_wagtails_backends(
    settings, site_tree, django_capture_on_commit_callbacks
):
    settings.FRONTEND_CACHE_URLS = []
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.cms.test_frontend_cache.RecordingBackend"}
    }
    RecordingBackend.purged = []
    page = published(site_tree, django_capture_on_commit_callbacks)
    assert page.get_full_url() in RecordingBackend.purged
    assert site_tree.news_index.get_full_url() in RecordingBackend.purged
    assert "http://testserver/feeds/news.atom" in RecordingBackend.purged


def test_the_scheduler_forgets_purges_sent_a_week_ago(varnish):
    FrontendPurge.objects.create(tags="all", sent_at=timezone.now() - datetime.timedelta(days=8))
    recent = FrontendPurge.objects.create(tags="all", sent_at=timezone.now())
    call_command("purge_frontend_cache", verbosity=0)
    assert list(FrontendPurge.objects.values_list("pk", flat=True)) == [recent.pk]
