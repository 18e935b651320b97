"""Filters by work package, partner, tag and language; bad and unknown values."""

import datetime

from wagtail.models import Locale

import icalendar
import pytest
from bs4 import BeautifulSoup

from tests.factories import CityFactory, PartnerFactory, WorkPackagePageFactory
from tests.feeds.conftest import ALL_PATHS, FEED_PATHS, parse_feed, parse_json, titles_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def german(site_tree):
    """The site's German tree: a translated home page and news index."""
    locale = Locale.objects.get_or_create(language_code="de")[0]
    home = site_tree.home.copy_for_translation(locale)
    home.save_revision().publish()
    news_index = site_tree.news_index.copy_for_translation(locale)
    news_index.save_revision().publish()
    return news_index


@pytest.mark.parametrize("path", ALL_PATHS)
def test_the_work_package_filter_keeps_that_work_packages_news(client, site_tree, make_event, path):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    other = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4)
    make_event(title="In WP 3", work_packages=[wp])
    make_event(title="In WP 4", work_packages=[other])
    assert titles_in(client, f"{path}?work_package=3") == ["In WP 3"]


@pytest.mark.parametrize("path", ALL_PATHS)
def test_the_partner_filter_keeps_news_naming_the_partner_or_in_its_city(client, make_event, path):
    malmo = CityFactory(name="Malmö", slug="malmo", country="SE", time_zone="Europe/Stockholm")
    partner = PartnerFactory(slug="malmo-city", city=malmo)
    make_event(title="Names the partner", partners=[partner])
    make_event(title="In the partner's city", event_city=malmo)
    make_event(title="Elsewhere")
    assert sorted(titles_in(client, f"{path}?partner=malmo-city")) == [
        "In the partner's city",
        "Names the partner",
    ]


@pytest.mark.parametrize("path", ALL_PATHS)
def test_the_tag_filter_keeps_news_with_that_tag(client, make_event, path):
    make_event(title="Tagged", tags=["Cluster policy"])
    make_event(title="Untagged")
    assert titles_in(client, f"{path}?tag=cluster-policy") == ["Tagged"]


@pytest.mark.parametrize("path", ALL_PATHS)
def test_the_locale_filter_gives_the_news_of_one_language(client, make_event, german, path):
    make_event(title="English news")
    make_event(title="Deutsche Nachricht", parent=german)
    assert titles_in(client, path) == ["English news"]
    assert titles_in(client, f"{path}?locale=de") == ["Deutsche Nachricht"]


def test_a_language_feed_says_its_language_and_links_to_its_news_page(client, make_news, german):
    make_news(parent=german)
    feed = parse_feed(client, "/feeds/news.atom?locale=de").feed
    assert feed.language == "de"
    assert feed.link == "http://testserver/de/news/"
    assert feed.title == "BaltMet Inno Nachrichten (Deutsch)"


def test_a_language_feed_writes_its_description_and_event_dates_in_its_language(
    client, make_event, german
):
    make_event(
        parent=german,
        event_start_date=datetime.date(2007, 6, 13),
        event_end_date=datetime.date(2007, 6, 15),
        event_city=CityFactory(name="Tallinn", country="EE", time_zone="Europe/Tallinn"),
    )
    feed = parse_feed(client, "/feeds/news.atom?locale=de")
    assert feed.feed.subtitle.startswith("Nachrichten und Veranstaltungen")
    content = BeautifulSoup(feed.entries[0].content[0].value, "html.parser")
    assert "13.–15. Juni 2007, Tallinn, Estland" in " ".join(content.get_text().split())


def test_the_calendar_of_a_language_is_named_in_it(client, make_event, german):
    make_event(parent=german)
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/events.ics?locale=de").content)
    assert str(calendar["x-wr-calname"]) == "BaltMet Inno Veranstaltungen (Deutsch)"


def test_filters_combine(client, site_tree, make_news):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=2)
    make_news(title="Both", tags=["clusters"], work_packages=[wp])
    make_news(title="Tag only", tags=["clusters"])
    make_news(title="WP only", work_packages=[wp])
    assert titles_in(client, "/feeds/news.atom?work_package=2&tag=clusters") == ["Both"]


def test_a_filtered_feed_names_its_filter_and_links_to_the_filtered_page(client, make_news):
    make_news(tags=["Clusters"])
    feed = parse_feed(client, "/feeds/news.rss?tag=clusters").feed
    assert feed.title == "BaltMet Inno news – topic: Clusters"
    assert feed.link == "http://testserver/news/?tag=clusters"


def test_a_work_package_feed_is_titled_with_the_work_package(client, site_tree, make_news):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=5, title="Clusters")
    make_news(work_packages=[wp])
    document = parse_json(client, "/feeds/news.json?work_package=5")
    assert document["title"] == "BaltMet Inno news – WP 5: Clusters"
    assert document["home_page_url"] == "http://testserver/news/?work_package=5"


@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("work_package=99", "work_package"),
        ("partner=nobody", "partner"),
        ("tag=no-such-tag", "tag"),
        ("locale=xx", "locale"),
    ],
)
def test_an_unknown_value_is_a_404_naming_the_parameter(client, site_tree, path, query, parameter):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404
    assert problem["invalid_params"][0]["name"] == parameter
    assert problem["detail"].startswith(f"{parameter}: ")


def test_a_language_without_content_locale_is_a_404(client, site_tree):
    # Swedish is a content language, but no Swedish locale has been created.
    response = client.get("/feeds/news.atom?locale=sv")
    assert response.status_code == 404
    assert response.json()["invalid_params"][0]["name"] == "locale"


@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("work_package=abc", "work_package"),
        ("work_package=-1", "work_package"),
        ("work_package=0", "work_package"),
        ("work_package=99999999999999999999", "work_package"),
        ("work_package=%D9%A3", "work_package"),  # an Arabic-Indic three
        ("partner=a%20b", "partner"),
        ("partner=%00", "partner"),
        ("tag=%3Cscript%3E", "tag"),
        ("tag=" + "a" * 101, "tag"),
        ("locale=!!", "locale"),
        ("locale=english-please", "locale"),
        ("unknown=1", "unknown"),
        ("tag=a&tag=b", "tag"),
    ],
)
def test_a_malformed_value_is_a_400_naming_the_parameter(client, site_tree, path, query, parameter):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    problem = response.json()
    assert problem["invalid_params"][0]["name"] == parameter


@pytest.mark.parametrize("path", FEED_PATHS.values())
@pytest.mark.parametrize("query", ["page=-1", "page=0", "page=two", "page=1.5", "page=%00"])
def test_a_malformed_page_is_a_400(client, site_tree, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "page"


@pytest.mark.parametrize(
    "query",
    [
        "%ff%fe",
        "tag=%ff",
        "tag",
        "=x",
        "&&&",
        "tag=caf%C3%A9",
        "partner=" + "x" * 5000,
        "work_package=1e3",
        "locale=%E2%80%AE",
        "page=1&page=2",
        "tag=%0D%0ALocation:%20http://evil",
    ],
)
def test_no_query_string_gives_a_server_error(client, site_tree, query):
    for path in ALL_PATHS:
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 301, 400, 404), (path, query)


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("tag=clusters&work_package=2", "work_package=2&tag=clusters"),
        ("tag=clusters&partner=", "tag=clusters"),
        ("locale=en", ""),
        ("locale=DE", "locale=de"),
        ("work_package=02", "work_package=2"),
        ("page=1", ""),
        ("tag=%20clusters%20", "tag=clusters"),
    ],
)
def test_other_spellings_redirect_to_the_one_url_of_the_feed(client, site_tree, query, canonical):
    response = client.get(f"/feeds/news.atom?{query}")
    assert response.status_code == 301
    assert response["Location"] == "/feeds/news.atom" + (f"?{canonical}" if canonical else "")
