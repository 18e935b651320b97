import datetime
import zoneinfo

from wagtail.models import Locale

import pytest

from tests.api.conftest import ids, results
from tests.factories import CityFactory, PartnerFactory, WorkPackagePageFactory

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def slugs(response):
    return [item["slug"] for item in results(response)]


def at(*args):
    return datetime.datetime(*args, tzinfo=HELSINKI)


# On the demo content ---------------------------------------------------------------
# Its English items: the Latvian translations share their slugs, tags and relations.
ENGLISH = {"locale": "en"}


def test_work_package_filter_on_demo(api, demo):
    assert slugs(api.get("/api/v1/news/", {**ENGLISH, "work_package": 3})) == [
        "cluster-development-final-conference"
    ]


def test_partner_filter_on_demo(api, demo):
    assert slugs(api.get("/api/v1/news/", {**ENGLISH, "partner": "city-of-helsinki"})) == [
        "workshop-helsinki-2006"
    ]


def test_tag_filter_on_demo(api, demo):
    assert slugs(api.get("/api/v1/news/", {**ENGLISH, "tag": "open-days"})) == [
        "open-days-seminar-report",
        "open-days-seminar-announcement",
    ]


def test_date_range_on_demo(api, demo):
    response = api.get(
        "/api/v1/news/", {**ENGLISH, "date_from": "2007-06-01", "date_to": "2007-09-30"}
    )
    assert slugs(response) == [
        "open-days-seminar-announcement",
        "workshops-st-petersburg-june-2007",
    ]


def test_event_range_on_demo(api, demo):
    response = api.get(
        "/api/v1/news/", {**ENGLISH, "event_from": "2007-10-01", "event_to": "2007-10-31"}
    )
    assert slugs(response) == ["open-days-seminar-report", "open-days-seminar-announcement"]


def test_search_on_demo(api, demo):
    assert slugs(api.get("/api/v1/news/", {**ENGLISH, "search": "Petersburg"})) == [
        "workshops-st-petersburg-june-2007"
    ]


def test_combined_tag_and_date_on_demo(api, demo):
    response = api.get("/api/v1/news/", {**ENGLISH, "tag": "workshop", "date_from": "2007-01-01"})
    assert slugs(response) == ["workshops-st-petersburg-june-2007"]


def test_combined_partner_and_work_package_on_demo(api, demo):
    response = api.get("/api/v1/news/", {**ENGLISH, "partner": "tsb-berlin", "work_package": 3})
    assert slugs(response) == ["cluster-development-final-conference"]
    assert (
        api.get("/api/v1/news/", {**ENGLISH, "partner": "tsb-berlin", "work_package": 5}).json()[
            "count"
        ]
        == 0
    )


def test_locale_filter_on_demo(api, demo):
    assert api.get("/api/v1/news/", {"locale": "en"}).json()["count"] == 5
    assert api.get("/api/v1/news/", {"locale": "lv"}).json()["count"] == 3
    assert api.get("/api/v1/news/", {"locale": "fi"}).json()["count"] == 0


# On generated content ----------------------------------------------------------------


def test_work_package_filter(api, news, site_tree):
    wp1 = WorkPackagePageFactory(parent=site_tree.work_package_index, number=1)
    wp2 = WorkPackagePageFactory(parent=site_tree.work_package_index, number=2)
    first = news(work_packages=[wp1])
    news(work_packages=[wp2])
    both = news(work_packages=[wp1, wp2])
    assert sorted(ids(api.get("/api/v1/news/", {"work_package": 1}))) == sorted([first.pk, both.pk])


def test_partner_filter_includes_events_in_the_partners_city(api, news, site_tree):
    riga = CityFactory(name="Riga", time_zone="Europe/Riga", country="LV")
    partner = PartnerFactory(slug="city-of-riga", city=riga)
    named = news(partners=[partner])
    event_there = news(event_start_date=datetime.date(2007, 3, 1), event_city=riga)
    news(partners=[PartnerFactory()])
    assert set(ids(api.get("/api/v1/news/", {"partner": "city-of-riga"}))) == {
        named.pk,
        event_there.pk,
    }


def test_tag_filter(api, news):
    tagged = news(tags=["clusters"])
    news(tags=["seminar"])
    assert ids(api.get("/api/v1/news/", {"tag": "clusters"})) == [tagged.pk]


def test_unknown_tag_gives_an_empty_list(api, news):
    news(tags=["clusters"])
    assert api.get("/api/v1/news/", {"tag": "nothing-like-it"}).json()["count"] == 0


def test_date_to_includes_the_whole_day(api, news):
    late = news(publication_date=at(2007, 5, 31, 23, 30))
    news(publication_date=at(2007, 6, 1, 0, 30))
    assert ids(api.get("/api/v1/news/", {"date_to": "2007-05-31"})) == [late.pk]


def test_date_from_is_inclusive(api, news):
    news(publication_date=at(2007, 5, 31, 23, 59))
    first = news(publication_date=at(2007, 6, 1, 0, 0))
    assert ids(api.get("/api/v1/news/", {"date_from": "2007-06-01"})) == [first.pk]


def test_dates_accept_times_with_offsets(api, news):
    before = news(publication_date=at(2007, 6, 1, 11, 0))
    after = news(publication_date=at(2007, 6, 1, 13, 0))
    # 12:00 in Helsinki is 09:00 UTC.
    response = api.get("/api/v1/news/", {"date_from": "2007-06-01T09:00:00Z"})
    assert ids(response) == [after.pk]
    response = api.get("/api/v1/news/", {"date_to": "2007-06-01T12:00:00+03:00"})
    assert ids(response) == [before.pk]


def test_event_range_includes_multi_day_events_that_overlap(api, news):
    city = CityFactory()
    spanning = news(
        event_start_date=datetime.date(2007, 6, 13),
        event_end_date=datetime.date(2007, 6, 15),
        event_city=city,
    )
    news(event_start_date=datetime.date(2007, 6, 10), event_city=city)
    news(event_start_date=datetime.date(2007, 6, 20), event_city=city)
    news()
    response = api.get("/api/v1/news/", {"event_from": "2007-06-14", "event_to": "2007-06-16"})
    assert ids(response) == [spanning.pk]


def test_event_from_leaves_out_news_without_events(api, news):
    news()
    assert api.get("/api/v1/news/", {"event_from": "2000-01-01"}).json()["count"] == 0


def test_search_finds_words_in_the_body(api, news):
    found = news(body=[("paragraph", "<p>The advisory board met in Vilnius.</p>")])
    news(body=[("paragraph", "<p>Nothing to see.</p>")])
    assert ids(api.get("/api/v1/news/", {"search": "Vilnius"})) == [found.pk]


def test_search_with_a_stray_quote_is_not_an_error(api, news):
    news(title="Open Days seminar")
    api.get("/api/v1/news/", {"search": 'Open "Days'})


def test_search_orders_by_relevance_by_default_and_by_ordering_when_asked(api, news):
    older = news(title="Cluster cluster cluster", publication_date=at(2006, 1, 1))
    newer = news(
        title="A conference",
        teaser="About one cluster.",
        publication_date=at(2007, 1, 1),
    )
    by_relevance = ids(api.get("/api/v1/news/", {"search": "cluster"}))
    assert set(by_relevance) == {older.pk, newer.pk}
    by_date = ids(api.get("/api/v1/news/", {"search": "cluster", "ordering": "-published"}))
    assert by_date == [newer.pk, older.pk]
    assert ids(api.get("/api/v1/news/", {"search": "cluster", "ordering": "published"})) == [
        older.pk,
        newer.pk,
    ]


def test_search_is_counted_and_paged(api, news):
    for number in range(3):
        news(title=f"Seminar {number}")
    first = api.get("/api/v1/news/", {"search": "seminar", "limit": 2}).json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    rest = api.get(first["next"]).json()
    assert len(rest["results"]) == 1
    assert {item["id"] for item in first["results"] + rest["results"]} == set(
        ids(api.get("/api/v1/news/", {"search": "seminar"}))
    )


def test_search_combines_with_filters(api, news):
    match = news(title="Seminar in Riga", tags=["seminar"])
    news(title="Seminar in Oslo", tags=["other"])
    assert ids(api.get("/api/v1/news/", {"search": "seminar", "tag": "seminar"})) == [match.pk]


def test_locale_filter(api, news, site_tree):
    german = Locale.objects.create(language_code="de")
    english = news()
    german_page = english.copy_for_translation(german, copy_parents=True)
    german_page.save_revision().publish()
    assert ids(api.get("/api/v1/news/", {"locale": "de"})) == [german_page.pk]
    assert ids(api.get("/api/v1/news/", {"locale": "en"})) == [english.pk]
    assert set(ids(api.get("/api/v1/news/"))) == {english.pk, german_page.pk}


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("-published", ["b", "a", "c"]),
        ("published", ["c", "a", "b"]),
        ("title", ["a", "b", "c"]),
        ("-title", ["c", "b", "a"]),
    ],
)
def test_orderings(api, news, ordering, expected):
    news(title="a", slug="a", publication_date=at(2007, 1, 2))
    news(title="b", slug="b", publication_date=at(2007, 1, 3))
    news(title="c", slug="c", publication_date=at(2007, 1, 1))
    assert slugs(api.get("/api/v1/news/", {"ordering": ordering})) == expected


def test_ordering_by_update(api, news):
    first = news()
    second = news()
    first.save_revision().publish()
    assert ids(api.get("/api/v1/news/", {"ordering": "-updated"})) == [first.pk, second.pk]
    assert ids(api.get("/api/v1/news/", {"ordering": "updated"})) == [second.pk, first.pk]


def test_filters_combine(api, news, site_tree):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4)
    partner = PartnerFactory(slug="wista")
    match = news(
        work_packages=[wp],
        partners=[partner],
        tags=["conference"],
        publication_date=at(2007, 11, 13, 18),
    )
    news(work_packages=[wp], partners=[partner], tags=["seminar"])
    news(work_packages=[wp], tags=["conference"], publication_date=at(2007, 11, 13))
    news(partners=[partner], tags=["conference"], publication_date=at(2007, 11, 13))
    news(
        work_packages=[wp],
        partners=[partner],
        tags=["conference"],
        publication_date=at(2006, 1, 1),
    )
    response = api.get(
        "/api/v1/news/",
        {
            "work_package": 4,
            "partner": "wista",
            "tag": "conference",
            "date_from": "2007-01-01",
            "date_to": "2007-12-31",
        },
    )
    assert ids(response) == [match.pk]
