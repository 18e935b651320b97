"""Helpers for the feed tests: fetching and parsing real responses, a real WebSub hub,
a real webhook receiver and partner portals that post to it."""

import datetime
import http.server
import json
import socket
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

from django.utils import timezone

import feedparser
import icalendar
import pytest

from cms.models import NewsPage
from feeds import webhooks, websub
from tests.factories import CityFactory, ImageFactory, NewsPageFactory, PartnerPortalFactory

FEED_PATHS = {
    "rss": "/feeds/news.rss",
    "atom": "/feeds/news.atom",
    "json": "/feeds/news.json",
}
ALL_PATHS = [*FEED_PATHS.values(), "/feeds/events.ics"]


@pytest.fixture
def make_news(site_tree):
    """News items under the site's news index, published through Wagtail's revisions."""

    def make(**kwargs):
        kwargs.setdefault("parent", site_tree.news_index)
        return NewsPageFactory(**kwargs)

    return make


@pytest.fixture
def make_event(make_news):
    def make(**kwargs):
        kwargs.setdefault("event_start_date", datetime.date(2006, 6, 13))
        kwargs.setdefault("event_city", CityFactory(name="Riga", time_zone="Europe/Riga"))
        return make_news(**kwargs)

    return make


@pytest.fixture
def image():
    return ImageFactory(title="Workshop in Malmö")


def fetch(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code, response.content[:500])
    return response


def xml_root(response):
    """The root element of an XML response of our own."""
    return ET.fromstring(response.content)  # noqa: S314 - the site's own output, in a test


def parse_feed(client, path, **headers):
    """A feed parsed with feedparser, which must have found nothing wrong with it."""
    response = fetch(client, path, **headers)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def parse_json(client, path, **headers):
    return json.loads(fetch(client, path, **headers).content)


def parse_calendar(client, path="/feeds/events.ics", **headers):
    return icalendar.Calendar.from_ical(fetch(client, path, **headers).content)


def entry_ids(client, kind, path=None):
    """The ids of the entries of a feed (or the UIDs of a calendar), in order."""
    if kind == "json":
        return [item["id"] for item in parse_json(client, path or FEED_PATHS["json"])["items"]]
    if kind == "ics":
        calendar = parse_calendar(client, path or "/feeds/events.ics")
        return [str(event["uid"]) for event in calendar.walk("VEVENT")]
    return [entry.id for entry in parse_feed(client, path or FEED_PATHS[kind]).entries]


def titles_in(client, path):
    """The titles of the items a feed or calendar shows."""
    if path.endswith(".json") or ".json?" in path:
        return [item["title"] for item in parse_json(client, path)["items"]]
    if path.endswith(".ics") or ".ics?" in path:
        return [str(event["summary"]) for event in parse_calendar(client, path).walk("VEVENT")]
    return [entry.title for entry in parse_feed(client, path).entries]


def set_expiry(page, moment):
    """Set a live page's expiry time directly, as if time had moved on to it."""
    NewsPage.objects.filter(pk=page.pk).update(expire_at=moment)


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


class Hub:
    """A WebSub hub on 127.0.0.1: records each publish ping and answers as told."""

    def __init__(self, statuses=(), hold=None):
        self.statuses = list(statuses)
        self.hold = hold
        self.pings = []
        self.pinged = threading.Event()
        self.holding = threading.Event()
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                if hub.hold is not None:
                    hub.holding.set()
                    hub.hold.wait(30)
                status = hub.statuses.pop(0) if hub.statuses else 204
                hub.pings.append({"form": form, "status": status, "headers": dict(self.headers)})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                hub.pinged.set()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hub"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def topics(self):
        return [topic for ping in self.pings for topic in ping["form"].get("hub.url", [])]

    def close(self):
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def websub_settings(settings):
    # Small waits so that retries happen within a test.
    settings.WEBSUB_BACKOFF = 0.01
    settings.WEBSUB_TIMEOUT = 5
    settings.WEBSUB_ATTEMPTS = 3
    yield settings
    websub.wait_for_pings(timeout=30)


@pytest.fixture
def hub(site_tree, websub_settings):
    server = Hub()
    websub_settings.WEBSUB_HUB_URL = server.url
    yield server
    websub.wait_for_pings(timeout=30)
    server.close()


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port


# Webhooks: a partner's receiver on 127.0.0.1 and portals that post to it


class Receiver:
    """A partner portal's webhook endpoint on 127.0.0.1.

    Records every request (headers and the raw body, as a partner would verify
    them) as it arrives, then answers as told: ``fail_first(n)`` answers 500 to
    the next n requests; ``hold()`` keeps each request waiting, unanswered,
    until ``release()``; ``trickle()`` sends its answer a byte at a time.
    """

    def __init__(self):
        self.requests = []
        self.statuses = []
        self.gate = None
        self.trickling = False
        self.arrived = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.arrived:
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                    status = receiver.statuses.pop(0) if receiver.statuses else 204
                    gate = receiver.gate
                    receiver.arrived.notify_all()
                if gate is not None:
                    gate.wait(30)
                try:
                    if receiver.trickling:
                        self.trickle_answer(status)
                    else:
                        self.answer(status)
                except OSError:
                    pass  # the sender gave up waiting and closed the connection

            def answer(self, status):
                text = b"" if status == 204 else f"answer {status}".encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(text)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(text)

            def trickle_answer(self, status):
                head = f"HTTP/1.1 {status} OK\r\nX-Padding: {'x' * 200}\r\n\r\n".encode()
                for byte in head:
                    if receiver.gate is not None and receiver.gate.is_set():
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/baltmet"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def fail_first(self, count, status=500):
        self.statuses = [status] * count

    def hold(self):
        """Keep requests waiting until release(); returns the gate."""
        self.gate = threading.Event()
        return self.gate

    def trickle(self):
        """Answer a byte every 50 ms (some 10 s in all) until release()."""
        self.trickling = True
        self.gate = threading.Event()

    def release(self):
        if self.gate is not None:
            self.gate.set()

    def wait_for(self, count, timeout=30):
        """Wait until ``count`` requests have arrived; the requests."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)
        return list(self.requests)

    def messages(self):
        return [json.loads(request["body"]) for request in self.requests]

    def close(self):
        self.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook_settings(settings):
    # A short timeout keeps tests of unresponsive receivers short; the retry
    # schedule stays the production one (tests move the clock instead).
    settings.WEBHOOK_TIMEOUT = 2
    yield settings
    webhooks.wait_for_deliveries(timeout=30)


@pytest.fixture
def webhook_receiver(webhook_settings):
    server = Receiver()
    yield server
    # Whatever a test left held or in flight finishes before the server (and
    # the test database) goes away.
    server.release()
    webhooks.wait_for_deliveries(timeout=30)
    server.close()


@pytest.fixture
def make_portal(site_tree, webhook_settings):
    """Partner portals (the registry's rows) for the webhook tests."""

    def make(url, **kwargs):
        return PartnerPortalFactory(webhook_url=url, **kwargs)

    yield make
    webhooks.wait_for_deliveries(timeout=30)


@pytest.fixture
def portal(make_portal, webhook_receiver):
    """One active portal, no filters, posting to the test's receiver."""
    return make_portal(webhook_receiver.url, name="Riga city portal", slug="riga")
