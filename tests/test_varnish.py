"""Varnish in front (deploy/varnish.vcl): it keeps public outputs, a publication purges
them at once, and previews never enter it.

Debian's varnishd, started by the test on free ports in front of the test's
live server; skipped with one line where it is not installed, except in CI
(REQUIRE_VARNISH_TESTS=1).
"""

import json
import time

import pytest

from api import preview
from cms import frontend_cache
from tests.factories import NewsPageFactory
from tests.services import Varnish, get, wait_until

# serialized_rollback: the flush after each test would take the default Site along.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUTPUTS = ["/", "/news/", "/feeds/news.atom", "/api/v1/news/", "/sitemap.xml"]


@pytest.fixture(scope="module")
def varnish(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    cache = Varnish(backend_port=port)
    yield cache
    cache.close()


@pytest.fixture
def purging(varnish, settings, monkeypatch):
    settings.FRONTEND_CACHE_URLS = [varnish.url]

    # Sent right after the commit, in this thread rather than another: the
    # in-memory SQLite test database refuses two writers at once.
    def send(ids):
        frontend_cache.send_with_retries(ids, prepare=lambda: None)

    monkeypatch.setattr(frontend_cache, "_in_background", send)
    # Each test starts with an empty Varnish: the site's skeleton is committed
    # once for the run (tests/conftest.py), so no test's own setup publishes
    # the home page, which would purge everything.
    frontend_cache.ban({frontend_cache.ALL})
    return varnish


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Workshop in Riga", slug="riga")


def through(varnish, path, **headers):
    return get(varnish.url + path, headers=headers)


def cache_state(varnish, path):
    status, headers, _body = through(varnish, path)
    assert status == 200, path
    return headers["X-Varnish-Cache"]


def test_a_second_request_is_a_hit(purging, news):
    for path in OUTPUTS:
        assert cache_state(purging, path) == "MISS", path
        assert cache_state(purging, path) == "HIT", path


def test_varnish_keeps_its_surrogate_headers_to_itself(purging, news):
    _status, headers, _body = through(purging, "/news/riga/")
    assert "Surrogate-Key" not in headers
    assert "Surrogate-Control" not in headers
    assert headers["Cache-Control"] == "public, max-age=0"


def shown_everywhere(varnish, title):
    return [title in through(varnish, path)[2].decode() for path in OUTPUTS[1:4]]


def test_a_publish_and_an_unpublish_are_visible_through_varnish_within_a_second(
    purging, news, site_tree
):
    assert shown_everywhere(purging, "Workshop in Riga") == [True] * 3
    assert all(cache_state(purging, path) == "HIT" for path in OUTPUTS[1:4])

    began = time.monotonic()
    added = NewsPageFactory(parent=site_tree.news_index, title="Conference in Tallinn")
    published = wait_until(
        lambda: all(shown_everywhere(purging, "Conference in Tallinn")), 1, since=began
    )
    began = time.monotonic()
    added.unpublish()
    unpublished = wait_until(
        lambda: not any(shown_everywhere(purging, "Conference in Tallinn")), 1, since=began
    )
    print(f"\nthrough Varnish: publish seen after {published:.3f} s, unpublish {unpublished:.3f} s")


def test_a_purge_leaves_what_the_change_does_not_touch(purging, news, site_tree):
    assert cache_state(purging, "/robots.txt") == "MISS"
    assert cache_state(purging, "/news/riga/") == "MISS"
    NewsPageFactory(parent=site_tree.news_index, title="Conference in Tallinn")
    wait_until(lambda: cache_state(purging, "/news/") == "MISS", 1)
    assert cache_state(purging, "/robots.txt") == "HIT"
    assert cache_state(purging, "/news/riga/") == "HIT"


def test_a_preview_never_enters_varnish(purging, news):
    news.title = "Draft title"
    token = preview.make_token(news.save_revision())
    for _ in range(2):
        status, headers, body = through(purging, "/api/v1/preview/", **{"X-Preview-Token": token})
        assert status == 200
        assert json.loads(body)["title"] == "Draft title"
        assert headers["X-Varnish-Cache"] == "MISS"
    assert "Draft title" not in through(purging, "/news/riga/")[2].decode()
    assert "Draft title" not in through(purging, "/api/v1/news/")[2].decode()


def test_an_editors_request_passes_to_the_app(purging, news):
    assert cache_state(purging, "/news/riga/") == "MISS"
    _status, headers, _body = through(purging, "/news/riga/", Cookie="sessionid=an-editor")
    assert headers["X-Varnish-Cache"] == "MISS"
    assert cache_state(purging, "/news/riga/") == "HIT"
