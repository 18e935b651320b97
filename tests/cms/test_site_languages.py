"""The site's interface in the page's language: the chrome from the gettext catalogs
(locale/), dates and numbers from cms.l10n."""

import pytest
from bs4 import BeautifulSoup

from cms.models import WorkPackagePage
from tests.factories import publish_translation

pytestmark = pytest.mark.django_db


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def test_the_latvian_home_page_speaks_latvian(client, latvian_news):
    soup = get_soup(client, "/lv/")
    assert soup.find("html")["lang"] == "lv"
    assert text_of(soup.select_one("#latest-news-title")) == "Jaunākās ziņas"
    assert text_of(soup.select_one(".latest-news a.read-more")).startswith("Lasīt vairāk")
    assert soup.select_one(".latest-news").find("a", string="Visi jaunumi") is not None
    assert text_of(soup.select_one(".skip-link")) == "Pāriet uz saturu"
    assert soup.select_one(".site-search button").get_text() == "Meklēt"


def test_latvian_pages_write_dates_the_latvian_way(client, latvian_news):
    soup = get_soup(client, latvian_news.get_url())
    assert text_of(soup.select_one(".news-item__meta time")) == "2007. gada 15. jūnijs"
    assert "2007. gada 13.–15. jūnijs" in text_of(soup.select_one(".event-details"))
    assert text_of(soup.select_one(".event-details h2")) == "Pasākums"


def test_english_pages_keep_british_dates(client, demo):
    soup = get_soup(client, "/news/workshops-st-petersburg-june-2007/")
    assert text_of(soup.select_one(".news-item__meta time")) == "15 June 2007"


def test_a_german_work_package_page_gives_periods_and_meetings_in_german(client, demo):
    german = publish_translation(WorkPackagePage.objects.get(number=5), "de")
    soup = get_soup(client, german.get_url())
    milestone = soup.select_one("#milestone-4")
    assert text_of(milestone.find("h3")).startswith("Meilenstein 4")
    assert text_of(milestone.select_one(".timeline__period")) == "Juli–Dezember 2006"
    meetings = [" ".join(meeting.get_text().split()) for meeting in milestone.select(".meeting")]
    assert meetings[0].startswith("Workshop, August 2006, Malmö")
    assert "in jeder Partnerstadt" in meetings[1]
    # German nouns keep their capital inside a sentence.
    named = " ".join(soup.select_one("#milestone-3 .meeting").get_text().split())
    assert named.startswith("Preparatory meeting (Arbeitsgruppensitzung), März 2006")


def test_search_counts_results_in_the_pages_language(client, latvian_news):
    soup = get_soup(client, "/lv/search/?q=darbnīcas")
    assert text_of(soup.select_one("#results-title")) == "1 rezultāts"


def test_the_404_page_is_in_the_language_of_the_address(client, latvian_news):
    response = client.get("/lv/no-such-page/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 404
    assert text_of(soup.find("h1")) == "Lapa nav atrasta"
