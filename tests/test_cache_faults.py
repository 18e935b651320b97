"""With its Redis stopped or frozen the site still answers, publishes and stays fresh.

A redis-server of the test's own, on a free port, that the test stops, starts
again and freezes (SIGSTOP); the site runs in this process on the production
cache configuration (django-redis behind cms.cache.FailOpenCache).
"""

from urllib.parse import quote

from django.test import override_settings

import pytest
import redis

from cms import cache, freshness
from cms.models import PublicationEvent
from tests.factories import NewsPageFactory, PartnerPortalFactory
from tests.services import RedisServer, wait_until

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def on_redis(redis_server):
    """The site's cache on the test's own Redis, with short time-outs as in production."""
    if redis_server.process.poll() is not None:
        redis_server.start()
    caches = {
        "default": {
            "BACKEND": "cms.cache.FailOpenCache",
            "LOCATION": "store",
            "OPTIONS": {"RETRY_AFTER": 1},
        },
        "store": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
        },
    }
    cache.breaker.reset()
    with override_settings(CACHES=caches):
        yield redis_server
    redis_server.thaw()
    cache.breaker.reset()


@pytest.fixture
def content(site_tree):
    portal = PartnerPortalFactory(slug="riga", webhook_url="http://localhost:9/hook")
    news = NewsPageFactory(parent=site_tree.news_index, title="Workshop in Riga", slug="riga")
    return portal, news


def public_paths(news):
    url = quote(f"http://testserver/news/{news.slug}/", safe="")
    return [
        "/",
        "/news/",
        f"/news/{news.slug}/",
        "/work-packages/",
        "/partners/",
        "/search/?q=riga",
        "/sitemap.xml",
        "/robots.txt",
        "/feeds/",
        "/feeds/news.rss",
        "/feeds/news.atom",
        "/feeds/news.json",
        "/feeds/events.ics",
        "/feeds/opml.xml",
        "/api/v1/news/",
        f"/api/v1/news/{news.pk}/",
        "/api/v1/events/",
        "/api/v1/work-packages/",
        "/api/v1/partners/",
        "/api/v1/tags/",
        "/api/v1/changes/",
        "/embed/news.json?portal=riga",
        "/embed/news/?portal=riga",
        f"/embed/news/{news.pk}/",
        f"/oembed/?url={url}",
        "/embed/news.js",
    ]


def answers(client, paths):
    return {path: client.get(path).status_code for path in paths}


def shows(client, title):
    """Whether every kind of output shows ``title`` (the site, a feed, the API, the widget)."""
    return all(
        title in client.get(path).content.decode()
        for path in ("/news/", "/feeds/news.atom", "/api/v1/news/", "/embed/news.json?portal=riga")
    )


def test_every_public_output_answers_with_redis_stopped(client, on_redis, content):
    _portal, news = content
    paths = public_paths(news)
    assert set(answers(client, paths).values()) == {200}, "warm, with Redis"
    on_redis.stop()
    assert answers(client, paths) == dict.fromkeys(paths, 200)


def test_every_public_output_answers_with_redis_frozen(client, on_redis, content):
    _portal, news = content
    paths = public_paths(news)
    on_redis.freeze()
    assert answers(client, paths) == dict.fromkeys(paths, 200)
    # After a time-out the cache is left alone for a while, not asked on every request.
    assert not cache.available()


def test_publishing_with_redis_down_journals_writes_the_outbox_and_bumps_the_version(
    client, on_redis, content, site_tree
):
    portal, news = content
    on_redis.stop()
    before = freshness.content_version()

    added = NewsPageFactory(parent=site_tree.news_index, title="Conference in Tallinn")
    news.unpublish()

    published, unpublished = PublicationEvent.objects.order_by("-id")[:2][::-1]
    assert (published.page_id, published.kind) == (added.pk, "published")
    assert (unpublished.page_id, unpublished.kind) == (news.pk, "unpublished")
    assert portal.deliveries.filter(event__in=[published, unpublished]).count() == 2
    assert freshness.content_version() != before
    assert shows(client, "Conference in Tallinn")
    assert not shows(client, "Workshop in Riga")


def test_once_redis_is_back_the_outputs_are_fresh_and_cached_again(
    client, on_redis, content, site_tree
):
    assert shows(client, "Workshop in Riga")
    on_redis.stop()
    NewsPageFactory(parent=site_tree.news_index, title="Conference in Tallinn")
    on_redis.start()

    stored = redis.Redis.from_url(on_redis.url)

    def fresh_and_cached():
        return shows(client, "Conference in Tallinn") and stored.dbsize() > 0

    assert wait_until(fresh_and_cached, timeout=2) < 2
