"""The events calendar (RFC 5545): events of the news, with stable UIDs and time zones."""

import datetime
import zoneinfo

import pytest

from tests.conftest import forget_cached_outputs
from tests.factories import CityFactory, WorkPackagePageFactory
from tests.feeds.conftest import fetch, parse_calendar

pytestmark = pytest.mark.django_db


def events(client, path="/feeds/events.ics"):
    return {str(event["summary"]): event for event in parse_calendar(client, path).walk("VEVENT")}


def test_the_calendar_is_served_as_icalendar(client, make_event):
    make_event()
    response = fetch(client, "/feeds/events.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse_calendar(client)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//BaltMet Inno//Events calendar//EN"
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-wr-calname"]) == "BaltMet Inno events"


def test_only_news_with_event_details_are_events(client, make_news, make_event):
    make_news(title="A report")
    make_event(title="A workshop")
    assert list(events(client)) == ["A workshop"]


def test_a_whole_day_event_ends_the_day_after_its_last_day(client, make_event):
    make_event(
        title="Workshop",
        event_start_date=datetime.date(2006, 6, 13),
        event_end_date=datetime.date(2006, 6, 15),
    )
    event = events(client)["Workshop"]
    assert event.decoded("dtstart") == datetime.date(2006, 6, 13)
    assert event.decoded("dtend") == datetime.date(2006, 6, 16)


def test_a_timed_event_is_in_its_citys_time_zone(client, make_event):
    riga = CityFactory(name="Riga", time_zone="Europe/Riga")
    make_event(
        title="Seminar",
        event_city=riga,
        event_start_date=datetime.date(2006, 11, 8),
        event_start_time=datetime.time(10, 0),
        event_end_time=datetime.time(16, 30),
    )
    calendar = parse_calendar(client)
    (event,) = calendar.walk("VEVENT")
    tz = zoneinfo.ZoneInfo("Europe/Riga")
    assert event.decoded("dtstart") == datetime.datetime(2006, 11, 8, 10, 0, tzinfo=tz)
    assert event.decoded("dtend") == datetime.datetime(2006, 11, 8, 16, 30, tzinfo=tz)
    assert event["dtstart"].params["TZID"] == "Europe/Riga"
    # The time zone travels with the calendar, for applications that need it.
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Riga"]


def test_an_event_has_its_location_url_and_description(client, make_event):
    news = make_event(title="Workshop", event_venue="Town hall", teaser="Partners meet.")
    event = events(client)["Workshop"]
    assert str(event["location"]) == "Town hall, Riga, Finland"
    assert str(event["url"]) == f"http://testserver/news/{news.slug}/"
    assert str(event["description"]) == f"Partners meet.\n\nhttp://testserver/news/{news.slug}/"


def test_the_uid_stays_when_the_news_item_is_renamed(client, make_event):
    news = make_event(title="Workshop")
    uid = str(events(client)["Workshop"]["uid"])
    assert uid == f"news-{news.pk}@testserver"
    news.title = "Workshop on clusters"
    news.slug = "workshop-on-clusters"
    news.save_revision().publish()
    assert str(events(client)["Workshop on clusters"]["uid"]) == uid


def test_dates_come_from_the_content_so_the_calendar_is_stable(client, make_event):
    news = make_event(title="Workshop")
    news.refresh_from_db()
    first = fetch(client, "/feeds/events.ics").content
    forget_cached_outputs()
    assert fetch(client, "/feeds/events.ics").content == first
    event = events(client)["Workshop"]
    assert event.decoded("dtstamp") == news.last_published_at.replace(microsecond=0)


def test_the_calendar_is_filtered_like_the_feeds(client, make_event, site_tree):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4)
    make_event(title="WP 4 workshop", work_packages=[wp], tags=["clusters"])
    make_event(title="Other workshop")
    assert list(events(client, "/feeds/events.ics?work_package=4")) == ["WP 4 workshop"]
    assert list(events(client, "/feeds/events.ics?tag=clusters")) == ["WP 4 workshop"]
    assert sorted(events(client)) == ["Other workshop", "WP 4 workshop"]


def test_the_calendar_takes_no_page_parameter(client, make_event):
    make_event()
    response = client.get("/feeds/events.ics?page=2")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "page"


def test_the_calendar_names_its_filter(client, make_event):
    make_event(tags=["clusters"])
    calendar = parse_calendar(client, "/feeds/events.ics?tag=clusters")
    assert str(calendar["x-wr-calname"]) == "BaltMet Inno events – topic: clusters"
    assert str(calendar["source"]) == "http://testserver/feeds/events.ics?tag=clusters"
