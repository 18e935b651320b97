"""The site's search, over what a visitor reads: milestones and their meetings,
event places, partner names, in each language; snippets; an empty result that helps."""

import pytest
from bs4 import BeautifulSoup

from cms import search
from cms.models import WorkPackagePage
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db

WORK_PACKAGE_5 = "Joint innovation policy framework"


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def result_titles(soup):
    return [" ".join(link.get_text().split()) for link in soup.select(".search-results h3 a")]


@pytest.mark.parametrize("query", ["Copenhagen", "Malmö", "copenhagen"])
def test_a_meeting_place_finds_the_work_package_whose_milestones_met_there(client, demo, query):
    soup = get_soup(client, f"/search/?q={query}")
    assert WORK_PACKAGE_5 in result_titles(soup)


def test_a_meeting_name_finds_its_work_package(client, demo):
    soup = get_soup(client, "/search/?q=Preparatory+meeting")
    assert result_titles(soup) == [WORK_PACKAGE_5]


def test_a_milestone_period_finds_its_work_package(client, demo):
    # Milestone 4 of work package 5 runs from July to December 2006.
    soup = get_soup(client, "/search/?q=Malmö+August+2006")
    assert WORK_PACKAGE_5 in result_titles(soup)


def test_a_partner_name_finds_the_partners_page(client, demo):
    soup = get_soup(client, "/search/?q=Culminatum")
    assert "Partners" in result_titles(soup)


def test_an_event_place_finds_the_news_of_the_event(client, demo):
    soup = get_soup(client, "/search/?q=Petersburg")
    assert "BaltMet Inno workshops in St Petersburg, 13–15 June 2007" in result_titles(soup)


def test_results_show_a_snippet_with_the_words_found_marked(client, demo):
    soup = get_soup(client, "/search/?q=Copenhagen")
    result = next(
        item
        for item in soup.select(".search-results li")
        if item.find("h3").get_text(strip=True) == WORK_PACKAGE_5
    )
    snippet = result.select_one(".search-results__snippet")
    assert [mark.get_text() for mark in snippet.find_all("mark")][:1] == ["Copenhagen"]
    assert "Preparatory meeting" in snippet.get_text()


def test_a_query_that_finds_nothing_suggests_a_spelling_the_work_packages_and_the_news(
    client, demo
):
    soup = get_soup(client, "/search/?q=Copenhagn")
    suggestions = soup.select_one(".search-suggestions")
    assert not soup.select(".search-results li")
    spelling = suggestions.select_one(".search-suggestions__spelling a")
    assert spelling.get_text() == "Copenhagen"
    assert spelling["href"] == "?q=Copenhagen"
    work_packages = suggestions.select(".search-suggestions__work-packages a")
    assert len(work_packages) == 5
    assert work_packages[4].get_text() == f"WP 5: {WORK_PACKAGE_5}"
    assert suggestions.find("a", href="/news/") is not None


def test_a_query_with_no_near_spelling_suggests_no_spelling(client, demo):
    soup = get_soup(client, "/search/?q=Xylophone")
    assert soup.select_one(".search-suggestions") is not None
    assert soup.select_one(".search-suggestions__spelling") is None


def test_a_published_change_to_a_milestone_is_found_at_once(client, demo):
    work_package = WorkPackagePage.objects.get(number=1)
    milestone = MilestoneFactory.build(number=9, title="Kick-off in Gdynia", page=work_package)
    work_package.milestones.add(milestone)
    work_package.save_revision().publish()
    soup = get_soup(client, "/search/?q=Gdynia")
    assert result_titles(soup) == ["Innovation strategy development"]


def test_a_latvian_query_finds_the_latvian_page_under_lv(client, latvian_news):
    soup = get_soup(client, "/lv/search/?q=darbnīcas")
    assert result_titles(soup) == ["BaltMet Inno darbnīcas Sanktpēterburgā"]
    assert soup.select_one(".search-results h3 a")["href"] == latvian_news.get_url()


def test_the_english_search_does_not_list_the_latvian_page(client, latvian_news):
    soup = get_soup(client, "/search/?q=darbnīcas")
    assert result_titles(soup) == []


def test_snippet_marks_words_whatever_their_case_and_accents():
    text = "A workshop in Malmö, then a meeting in MALMO."
    html = search.snippet(text, "malmö")
    assert html.count("<mark>") == 2
    assert "<mark>Malmö</mark>" in html and "<mark>MALMO</mark>" in html


def test_snippet_escapes_the_text_and_marks_only_the_words_found():
    html = search.snippet("<b>Copenhagen</b> & Malmö", "Copenhagen")
    assert html == "&lt;b&gt;<mark>Copenhagen</mark>&lt;/b&gt; &amp; Malmö"


def test_snippet_starts_shortly_before_a_match_deep_in_the_text():
    text = " ".join(f"word{n}" for n in range(100)) + " Copenhagen " + "tail " * 50
    html = search.snippet(text, "Copenhagen")
    assert html.startswith("…word90 ")
    assert "<mark>Copenhagen</mark>" in html
    assert html.endswith("…")
