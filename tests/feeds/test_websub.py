"""WebSub: hub links in the feeds, and a ping of a real hub after every publication."""

import logging
import threading

from django.db import transaction

from wagtail.models import PageViewRestriction

import pytest
from django_tasks.backends.dummy import DummyBackend

from feeds import websub
from tests.factories import CityFactory, PartnerFactory, WorkPackagePageFactory
from tests.feeds.conftest import Hub, fetch, parse_json, xml_root

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"


def publish(make_news, capture, **kwargs):
    """Publish a news item and run what waits for the commit, as a real request would."""
    with capture(execute=True):
        news = make_news(**kwargs)
    return news


# Discovery of the hub


def test_feeds_name_no_hub_when_none_is_configured(client, make_news, settings):
    settings.WEBSUB_HUB_URL = ""
    make_news()
    atom = xml_root(fetch(client, "/feeds/news.atom"))
    assert [link for link in atom.findall(f"{A}link") if link.get("rel") == "hub"] == []
    assert "hubs" not in parse_json(client, "/feeds/news.json")
    assert "Link" not in fetch(client, "/feeds/news.atom")


def test_atom_names_the_hub(client, make_news, settings):
    settings.WEBSUB_HUB_URL = "https://hub.example.org/"
    make_news()
    links = xml_root(fetch(client, "/feeds/news.atom")).findall(f"{A}link")
    assert {link.get("rel"): link.get("href") for link in links}["hub"] == (
        "https://hub.example.org/"
    )


def test_rss_names_the_hub(client, make_news, settings):
    settings.WEBSUB_HUB_URL = "https://hub.example.org/"
    make_news()
    links = xml_root(fetch(client, "/feeds/news.rss")).find("channel").findall(f"{A}link")
    assert {link.get("rel"): link.get("href") for link in links}["hub"] == (
        "https://hub.example.org/"
    )


def test_json_feed_names_the_hub(client, make_news, settings):
    settings.WEBSUB_HUB_URL = "https://hub.example.org/"
    make_news()
    assert parse_json(client, "/feeds/news.json")["hubs"] == [
        {"type": "WebSub", "url": "https://hub.example.org/"}
    ]


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_the_http_link_header_names_hub_and_self(client, make_news, settings, kind):
    settings.WEBSUB_HUB_URL = "https://hub.example.org/"
    make_news(tags=["clusters"])
    response = fetch(client, f"/feeds/news.{kind}?tag=clusters")
    assert response["Link"] == (
        '<https://hub.example.org/>; rel="hub", '
        f'<http://testserver/feeds/news.{kind}?tag=clusters>; rel="self"'
    )
    # Also on a 304, which may be all a subscriber sees for a while.
    again = client.get(f"/feeds/news.{kind}?tag=clusters", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Link"] == response["Link"]


# Pings


def test_a_publication_pings_the_hub_with_the_feeds_it_changed(
    hub, make_news, site_tree, django_capture_on_commit_callbacks
):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    riga = CityFactory(name="Riga", time_zone="Europe/Riga")
    named = PartnerFactory(slug="turku-science-park")
    PartnerFactory(slug="riga-city", city=riga)
    websub.wait_for_pings(timeout=30)
    hub.pings.clear()

    publish(
        make_news,
        django_capture_on_commit_callbacks,
        tags=["clusters"],
        work_packages=[wp],
        partners=[named],
        event_start_date="2006-06-13",
        event_city=riga,
    )
    websub.wait_for_pings(timeout=30)
    assert len(hub.pings) == 1
    ping = hub.pings[0]
    assert ping["form"]["hub.mode"] == ["publish"]
    assert ping["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    expected = [
        f"http://testserver/feeds/news.{kind}{query}"
        for query in (
            "",
            "?tag=clusters",
            "?work_package=3",
            "?partner=riga-city",
            "?partner=turku-science-park",
        )
        for kind in ("rss", "atom", "json")
    ]
    assert sorted(ping["form"]["hub.url"]) == sorted(expected)


def test_a_publication_in_another_language_pings_that_languages_feeds(
    hub, site_tree, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    from tests.factories import NewsPageFactory

    locale = Locale.objects.get_or_create(language_code="de")[0]
    home = site_tree.home.copy_for_translation(locale)
    home.save_revision().publish()
    index = site_tree.news_index.copy_for_translation(locale)
    index.save_revision().publish()
    websub.wait_for_pings(timeout=30)
    hub.pings.clear()
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=index)
    websub.wait_for_pings(timeout=30)
    assert "http://testserver/feeds/news.atom?locale=de" in hub.topics()
    assert "http://testserver/feeds/news.atom" not in hub.topics()


def test_an_unpublish_pings_the_hub_too(hub, make_news, django_capture_on_commit_callbacks):
    news = make_news()
    websub.wait_for_pings(timeout=30)
    hub.pings.clear()
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    websub.wait_for_pings(timeout=30)
    assert "http://testserver/feeds/news.rss" in hub.topics()


def test_a_rolled_back_publication_pings_nobody(hub, make_news, django_capture_on_commit_callbacks):
    class Abandoned(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                make_news()
                raise Abandoned
        except Abandoned:
            pass
    websub.wait_for_pings(timeout=30)
    assert hub.pings == []


def test_one_journal_entry_of_many_pages_pings_each_feed_once(
    hub, site_tree, make_news, django_capture_on_commit_callbacks
):
    make_news()
    make_news()
    websub.wait_for_pings(timeout=30)
    hub.pings.clear()
    # A restriction on the section takes every news item below it off at once.
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=site_tree.news_index, restriction_type=PageViewRestriction.LOGIN
        )
    websub.wait_for_pings(timeout=30)
    assert hub.topics().count("http://testserver/feeds/news.atom") == 1


def test_a_failing_hub_is_pinged_again(
    websub_settings, site_tree, make_news, django_capture_on_commit_callbacks
):
    server = Hub(statuses=[503, 500])
    websub_settings.WEBSUB_HUB_URL = server.url
    try:
        publish(make_news, django_capture_on_commit_callbacks)
        websub.wait_for_pings(timeout=30)
        assert [ping["status"] for ping in server.pings] == [503, 500, 204]
    finally:
        server.close()


def test_retries_are_bounded(
    websub_settings, site_tree, make_news, django_capture_on_commit_callbacks, caplog
):
    server = Hub(statuses=[503] * 10)
    websub_settings.WEBSUB_HUB_URL = server.url
    try:
        with caplog.at_level(logging.WARNING, logger="feeds.websub"):
            publish(make_news, django_capture_on_commit_callbacks)
            websub.wait_for_pings(timeout=30)
        assert len(server.pings) == 3
        assert "unreachable after 3 attempts" in caplog.text
    finally:
        server.close()


def test_a_hub_that_refuses_the_request_is_not_pinged_again(
    websub_settings, site_tree, make_news, django_capture_on_commit_callbacks
):
    server = Hub(statuses=[400])
    websub_settings.WEBSUB_HUB_URL = server.url
    try:
        publish(make_news, django_capture_on_commit_callbacks)
        websub.wait_for_pings(timeout=30)
        assert [ping["status"] for ping in server.pings] == [400]
    finally:
        server.close()


def test_a_dead_hub_does_not_fail_the_publish(
    websub_settings, site_tree, make_news, closed_port, django_capture_on_commit_callbacks, caplog
):
    websub_settings.WEBSUB_HUB_URL = f"http://127.0.0.1:{closed_port}/hub"
    with caplog.at_level(logging.WARNING, logger="feeds.websub"):
        news = publish(make_news, django_capture_on_commit_callbacks)
        websub.wait_for_pings(timeout=30)
    news.refresh_from_db()
    assert news.live
    assert "unreachable after 3 attempts" in caplog.text


def test_a_hanging_hub_does_not_hold_up_the_publish(
    websub_settings, site_tree, make_news, django_capture_on_commit_callbacks
):
    release = threading.Event()
    server = Hub(hold=release)
    websub_settings.WEBSUB_HUB_URL = server.url
    websub_settings.WEBSUB_TIMEOUT = 60
    try:
        news = publish(make_news, django_capture_on_commit_callbacks)
        # The publish is done while the hub still holds the ping it received.
        assert server.holding.wait(30)
        assert websub.pings_in_flight() == 1
        assert server.pings == []
        news.refresh_from_db()
        assert news.live
    finally:
        release.set()
        websub.wait_for_pings(timeout=30)
        server.close()
    assert len(server.pings) == 1


def test_with_a_queue_backend_the_ping_is_enqueued(
    websub_settings, site_tree, make_news, django_capture_on_commit_callbacks
):
    websub_settings.WEBSUB_HUB_URL = "http://127.0.0.1:9/hub"
    websub_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = websub.ping_hub.get_backend()
    assert isinstance(backend, DummyBackend)
    backend.clear()
    publish(make_news, django_capture_on_commit_callbacks)
    assert websub.pings_in_flight() == 0
    (result,) = [result for result in backend.results if result.task.name == "ping_hub"]
    assert "http://testserver/feeds/news.atom" in result.args[0]


def test_a_retry_is_deferred_on_a_queue_backend(websub_settings, closed_port, site_tree):
    websub_settings.WEBSUB_HUB_URL = f"http://127.0.0.1:{closed_port}/hub"
    websub_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = websub.ping_hub.get_backend()
    backend.clear()
    assert websub.ping_hub.call(["http://testserver/feeds/news.atom"]).startswith("retrying")
    (retry,) = [result for result in backend.results if result.task.name == "ping_hub"]
    assert retry.args == [["http://testserver/feeds/news.atom"], 2]
    assert retry.task.run_after is not None


def test_a_failure_to_list_the_feeds_does_not_fail_the_publish(
    hub, make_news, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(page, language):
        raise RuntimeError("broken")

    monkeypatch.setattr(websub, "topics_for", broken)
    with caplog.at_level(logging.ERROR, logger="feeds.websub"):
        news = publish(make_news, django_capture_on_commit_callbacks)
    news.refresh_from_db()
    assert news.live
    assert "no ping for page" in caplog.text
    assert hub.pings == []
