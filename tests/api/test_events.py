import datetime

from tests.api.conftest import ids, results
from tests.factories import CityFactory, PartnerFactory


def test_demo_events_in_order_of_their_start(api, demo):
    body = api.get("/api/v1/events/", {"locale": "en"}).json()
    assert [item["event"]["start_date"] for item in body["results"]] == [
        "2006-10-31",
        "2007-06-13",
        "2007-10-09",
        "2007-10-09",
        "2007-11-13",
    ]
    assert all(item["type"] == "news" for item in body["results"])


def test_multi_day_event_has_its_last_day(api, demo):
    item = next(
        entry
        for entry in results(api.get("/api/v1/events/"))
        if entry["slug"] == "workshops-st-petersburg-june-2007"
    )
    assert item["event"]["start_date"] == "2007-06-13"
    assert item["event"]["end_date"] == "2007-06-15"
    assert item["event"]["city"]["name"] == "St Petersburg"


def test_news_without_event_is_not_an_event(api, news):
    news()
    assert api.get("/api/v1/events/").json()["count"] == 0


def test_event_times_are_in_the_city_time_zone(api, news):
    riga = CityFactory(name="Riga", time_zone="Europe/Riga", country="LV")
    page = news(
        event_start_date=datetime.date(2007, 6, 13),
        event_start_time=datetime.time(9, 30),
        event_end_date=datetime.date(2007, 6, 14),
        event_end_time=datetime.time(17, 0),
        event_venue="Town hall",
        event_city=riga,
    )
    event = api.get(f"/api/v1/news/{page.pk}/").json()["event"]
    assert event["start_time"] == "09:30"
    assert event["starts_at"] == "2007-06-13T09:30:00+03:00"
    assert event["ends_at"] == "2007-06-14T17:00:00+03:00"
    assert event["venue"] == "Town hall"


def test_event_range(api, news):
    city = CityFactory()
    early = news(event_start_date=datetime.date(2007, 1, 10), event_city=city)
    middle = news(event_start_date=datetime.date(2007, 5, 10), event_city=city)
    news(event_start_date=datetime.date(2007, 9, 10), event_city=city)
    response = api.get("/api/v1/events/", {"event_from": "2007-01-01", "event_to": "2007-06-30"})
    assert ids(response) == [early.pk, middle.pk]


def test_events_ordered_by_start_time_within_a_day(api, news):
    city = CityFactory()
    day = datetime.date(2007, 3, 1)
    afternoon = news(event_start_date=day, event_start_time=datetime.time(14), event_city=city)
    morning = news(event_start_date=day, event_start_time=datetime.time(9), event_city=city)
    assert ids(api.get("/api/v1/events/")) == [morning.pk, afternoon.pk]
    assert ids(api.get("/api/v1/events/", {"ordering": "-event_start"})) == [
        afternoon.pk,
        morning.pk,
    ]


def test_events_filter_by_partner_and_tag(api, news):
    city = CityFactory(name="Oslo", country="NO", time_zone="Europe/Oslo")
    partner = PartnerFactory(slug="city-of-oslo", city=city)
    match = news(event_start_date=datetime.date(2007, 2, 1), event_city=city, tags=["seminar"])
    news(event_start_date=datetime.date(2007, 2, 1), event_city=city, tags=["workshop"])
    news(partners=[partner], tags=["seminar"])
    response = api.get("/api/v1/events/", {"partner": "city-of-oslo", "tag": "seminar"})
    assert ids(response) == [match.pk]


def test_events_accept_the_news_orderings_too(api, news):
    city = CityFactory()
    b = news(title="b", event_start_date=datetime.date(2007, 1, 1), event_city=city)
    a = news(title="a", event_start_date=datetime.date(2007, 2, 1), event_city=city)
    assert ids(api.get("/api/v1/events/", {"ordering": "title"})) == [a.pk, b.pk]


def test_event_ordering_is_refused_on_news(api, news):
    body = api.get("/api/v1/news/", {"ordering": "event_start"}, status=400).json()
    assert body["invalid_params"][0]["name"] == "ordering"
