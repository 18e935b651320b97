"""Every feed, filtered and not, parses cleanly and has what a reader needs."""

import datetime

import pytest

from tests.factories import ImageFactory, PartnerFactory, WorkPackagePageFactory
from tests.feeds.conftest import parse_calendar, parse_feed, parse_json
from tests.feeds.test_json_feed import validate

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "?work_package=1",
    "?partner=riga-city",
    "?tag=clusters",
    "?locale=en",
    "?work_package=1&partner=riga-city&tag=clusters",
    "?page=2",
]


@pytest.fixture
def content(site_tree, make_event, make_news, settings):
    settings.FEED_ITEMS = 2
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=1)
    partner = PartnerFactory(slug="riga-city")
    image = ImageFactory()
    for number in range(3):
        make_event(
            tags=["clusters"],
            work_packages=[wp],
            partners=[partner],
            lead_image=image,
            event_start_time=datetime.time(9 + number, 0),
        )
    make_news(tags=["other"], lead_image=image)


def canonical(query):
    # locale=en is the default language; its canonical URL has no parameter.
    return "" if query == "?locale=en" else query


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_xml_feeds_parse_without_complaint_and_have_the_fields(client, content, kind, query):
    parsed = parse_feed(client, f"/feeds/news.{kind}{canonical(query)}")
    assert parsed.feed.title
    assert parsed.feed.link.startswith("http://testserver/")
    assert parsed.feed.language == "en"
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.title
        assert entry.link.startswith("http://testserver/news/")
        assert entry.id.startswith("tag:testserver,2005:news/")
        assert entry.published_parsed
        assert entry.summary
        assert entry.content[0].value
        assert entry.enclosures[0]["href"].startswith("http://testserver/media/")
        assert entry.tags


@pytest.mark.parametrize("query", QUERIES)
def test_json_feeds_validate_and_have_the_fields(client, content, query):
    document = parse_json(client, f"/feeds/news.json{canonical(query)}")
    validate(document)
    assert document["items"]
    for item in document["items"]:
        assert item["title"] and item["content_html"] and item["date_published"]


@pytest.mark.parametrize("query", [q for q in QUERIES if "page" not in q])
def test_calendars_parse_and_have_the_fields(client, content, query):
    calendar = parse_calendar(client, f"/feeds/events.ics{canonical(query)}")
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        for name in ("uid", "dtstamp", "dtstart", "summary", "url", "location"):
            assert event.get(name), name
