"""HTTP behaviour: validators, 304s, caching headers, gzip, and what a request costs."""

import datetime
import gzip
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

import pytest

from feeds import views
from tests.conftest import SiteTree, forget_cached_outputs, module_transaction
from tests.factories import CityFactory, ImageFactory, NewsPageFactory
from tests.feeds.conftest import ALL_PATHS, entry_ids, fetch

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "/feeds/news.rss": "application/rss+xml; charset=utf-8",
    "/feeds/news.atom": "application/atom+xml; charset=utf-8",
    "/feeds/news.json": "application/feed+json",
    "/feeds/events.ics": "text/calendar; charset=utf-8",
    "/feeds/opml.xml": "text/x-opml; charset=utf-8",
}


@pytest.fixture
def news(make_event):
    return make_event()


def frozen_clock(monkeypatch, seconds):
    """Django's clock stopped at ``seconds``, ahead of the real one (the version never
    goes back)."""
    moment = [datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)]
    monkeypatch.setattr(timezone, "now", lambda: moment[0])
    return moment


@pytest.mark.parametrize("path", CONTENT_TYPES)
def test_every_feed_has_its_content_type_and_validators(client, news, path):
    response = fetch(client, path)
    assert response["Content-Type"] == CONTENT_TYPES[path]
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Vary"].startswith("Accept-Encoding")


def test_the_max_age_is_configurable(client, news, settings):
    settings.FEED_MAX_AGE = 60
    assert fetch(client, "/feeds/news.atom")["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("path", ALL_PATHS)
def test_a_repeated_request_with_the_etag_is_a_304(client, news, path):
    etag = fetch(client, path)["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.parametrize("path", ALL_PATHS)
def test_a_repeated_request_with_the_date_is_a_304(client, make_news, monkeypatch, path):
    city = CityFactory()
    # Published in a second of its own: a date equal to it proves the copy current.
    frozen_clock(monkeypatch, time.time() + 10)
    make_news(event_start_date=datetime.date(2006, 6, 13), event_city=city)
    last_modified = fetch(client, path)["Last-Modified"]
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    later = http_date(parse_http_date(last_modified) + 60)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    earlier = http_date(parse_http_date(last_modified) - 1)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_if_none_match_wins_over_if_modified_since(client, news):
    response = fetch(client, "/feeds/news.atom")
    stale = client.get(
        "/feeds/news.atom",
        HTTP_IF_NONE_MATCH='"something-else"',
        HTTP_IF_MODIFIED_SINCE=response["Last-Modified"],
    )
    assert stale.status_code == 200


def test_last_modified_moves_on_with_every_content_change(client, make_news, monkeypatch):
    clock = frozen_clock(monkeypatch, 2_000_000_000)
    make_news()
    first = fetch(client, "/feeds/news.atom")["Last-Modified"]
    clock[0] += datetime.timedelta(seconds=100)
    make_news()
    second = fetch(client, "/feeds/news.atom")["Last-Modified"]
    assert parse_http_date(first) == 2_000_000_000
    assert parse_http_date(second) == 2_000_000_100


def test_a_change_in_the_same_second_is_not_hidden_by_the_date(client, make_news, monkeypatch):
    frozen_clock(monkeypatch, 2_000_000_000)
    make_news(title="First")
    first = fetch(client, "/feeds/news.atom")
    make_news(title="Second")
    # Same second, new content: a client with only the date must not get a 304.
    response = client.get("/feeds/news.atom", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert b"Second" in response.content


def test_a_304_is_given_without_rendering_or_querying(
    client, news, monkeypatch, django_assert_num_queries
):
    etag = fetch(client, "/feeds/news.atom")["ETag"]

    def no_rendering(feed):
        raise AssertionError("rendered although the client has the feed")

    monkeypatch.setitem(views.WRITERS, "atom", no_rendering)
    with django_assert_num_queries(0):
        response = client.get("/feeds/news.atom", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


@pytest.mark.parametrize("path", [*ALL_PATHS, "/feeds/opml.xml", "/feeds/news.rss?tag=x"])
def test_a_warm_request_needs_no_database_query(client, make_news, path, django_assert_num_queries):
    make_news(tags=["x"])
    fetch(client, path)
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200


def test_a_warm_request_is_answered_by_the_view_too(rf, news, django_assert_num_queries):
    views.news_atom(rf.get("/feeds/news.atom"))
    with django_assert_num_queries(0):
        response = views.news_atom(rf.get("/feeds/news.atom"))
    assert response.status_code == 200


@pytest.mark.parametrize("path", ALL_PATHS)
def test_a_publish_gives_a_fresh_200_to_a_client_with_validators(client, make_event, path):
    make_event(title="First")
    first = fetch(client, path)
    make_event(title="Second")
    response = client.get(
        path,
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert response.status_code == 200
    assert b"Second" in response.content
    assert response["ETag"] != first["ETag"]


def test_an_unchanged_feed_keeps_its_etag_when_other_content_changes(client, make_news):
    make_news(tags=["clusters"])
    before = fetch(client, "/feeds/news.atom?tag=clusters")["ETag"]
    make_news(tags=["other"])
    after = client.get("/feeds/news.atom?tag=clusters", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 304


def test_the_feed_is_gzipped_for_clients_that_accept_it(client, news):
    plain = fetch(client, "/feeds/news.atom")
    response = fetch(client, "/feeds/news.atom", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain.content
    assert int(response["Content-Length"]) == len(response.content)
    assert response["ETag"] != plain["ETag"]
    # Either representation's ETag revalidates.
    again = client.get("/feeds/news.atom", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("header", ["", "identity", "gzip;q=0", "br", "*;q=0"])
def test_no_gzip_for_clients_that_do_not_accept_it(client, news, header):
    response = fetch(client, "/feeds/news.atom", HTTP_ACCEPT_ENCODING=header)
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"<?xml")


def test_head_is_answered_like_get_without_a_body(client, news):
    get = fetch(client, "/feeds/news.rss")
    head = client.head("/feeds/news.rss")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == get["Content-Length"]


@pytest.mark.parametrize("path", ALL_PATHS)
def test_feeds_cannot_be_posted_to(client, news, path):
    assert client.post(path).status_code == 405


def test_a_rendering_is_the_same_bytes_every_time(client, news):
    for path in ALL_PATHS:
        first = fetch(client, path)
        forget_cached_outputs()
        second = fetch(client, path)
        assert second.content == first.content, path
        assert second["ETag"] == first["ETag"]


@pytest.fixture(scope="module")
def fifty_events_built_for_module(django_db_setup, django_db_blocker):
    """Fifty events, each with an image, a tag and a link in its body: what an entry
    may need besides its page. Built once for the module (module_transaction)."""
    with module_transaction(django_db_blocker):
        news_index = SiteTree.load().news_index
        image = ImageFactory()
        city = CityFactory(name="Riga", time_zone="Europe/Riga")
        for _ in range(50):
            NewsPageFactory(
                parent=news_index,
                event_start_date=datetime.date(2006, 6, 13),
                event_city=city,
                lead_image=image,
                tags=["clusters"],
                body=[
                    ("paragraph", f'<p><a linktype="page" id="{news_index.pk}">News</a></p>'),
                    ("image", {"image": {"image": image, "alt_text": "", "decorative": True}}),
                ],
            )
        yield


@pytest.mark.parametrize("path", ALL_PATHS)
def test_rendering_50_entries_costs_the_same_queries_as_5(
    client, fifty_events_built_for_module, db, settings, path
):
    kind = path.rsplit(".", 1)[1]  # rss, atom, json or ics

    def queries(entries):
        settings.FEED_ITEMS = settings.FEED_CALENDAR_EVENTS = entries
        forget_cached_outputs()
        with CaptureQueriesContext(connection) as context:
            fetch(client, path)
        assert len(entry_ids(client, kind, path)) == entries
        return len(context)

    settings.FEED_ITEMS = settings.FEED_CALENDAR_EVENTS = 50
    fetch(client, path)  # renditions are made once, on first use
    assert queries(50) == queries(5)
