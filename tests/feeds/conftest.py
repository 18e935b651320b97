"""Helpers for the feed tests: fetching and parsing real responses, a real WebSub hub."""

import http.server
import json
import threading
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup

from feeds import websub

FEED_PATHS = {
    "rss": "/feeds/news.rss",
    "atom": "/feeds/news.atom",
    "json": "/feeds/news.json",
}
ALL_PATHS = [*FEED_PATHS.values(), "/feeds/events.ics"]


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
    return [shown_title(entry) for entry in parse_feed(client, path).entries]


def shown_title(entry):
    """An entry's title as a reader shows it: an HTML title (RSS's) as the text it renders."""
    if entry.title_detail.type == "text/html":
        return BeautifulSoup(entry.title, "html.parser").get_text()
    return entry.title


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
    # The hub listens on 127.0.0.1, which outbound requests may not reach otherwise.
    settings.OUTBOUND_ALLOW_PRIVATE = True
    yield settings
    websub.wait_for_pings(timeout=30)


@pytest.fixture
def hub(site_tree, websub_settings):
    server = Hub()
    websub_settings.WEBSUB_HUB_URL = server.url
    yield server
    websub.wait_for_pings(timeout=30)
    server.close()
