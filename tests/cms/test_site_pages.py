"""The project site, on the demo content: what a visitor comes to each page for."""

import itertools

import pytest
from bs4 import BeautifulSoup

from cms.models import NewsIndexPage

pytestmark = pytest.mark.django_db

SITE_PAGES = [
    "/",
    "/news/",
    "/news/workshops-st-petersburg-june-2007/",
    "/work-packages/",
    "/work-packages/joint-innovation-policy-framework/",
    "/partners/",
    "/search/?q=workshop",
]


def get_soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def test_home_page_lists_the_latest_news_newest_first_with_read_more_links(client, demo):
    soup = get_soup(client, "/")
    items = soup.select(".latest-news .news-item")
    titles = [text_of(item.select_one(".news-item__title")) for item in items]
    assert titles[0] == 'WP 3 "Cluster Development" final conference in Berlin'
    assert titles[-1] == "Joint Innovation Policies for the Baltic Sea Region: workshop in Helsinki"
    first = items[0]
    assert first.select_one("time")["datetime"].startswith("2007-11-13")
    read_more = first.select_one("a.read-more")
    assert text_of(read_more).startswith("Read more")
    assert read_more["href"] == "/news/cluster-development-final-conference/"


def test_news_page_shows_the_st_petersburg_workshop_dates_and_place(client, demo):
    soup = get_soup(client, "/news/workshops-st-petersburg-june-2007/")
    event = text_of(soup.select_one(".event-details"))
    assert "13–15 June 2007" in event
    assert "St Petersburg" in event


def test_news_page_shows_the_lead_image_with_alt_text(client, demo):
    soup = get_soup(client, "/news/workshops-st-petersburg-june-2007/")
    image = soup.select_one(".lead-image img")
    assert image["alt"] == "St Petersburg workshops: an illustration"
    assert "width-960" in image["srcset"] or "width-960" in image["src"]


def test_work_package_page_shows_milestone_4_period_and_the_malmo_workshop(client, demo):
    soup = get_soup(client, "/work-packages/joint-innovation-policy-framework/")
    milestone = soup.select_one("#milestone-4")
    assert text_of(milestone.select_one(".timeline__period")) == "July – December 2006"
    meetings = [" ".join(meeting.get_text().split()) for meeting in milestone.select(".meeting")]
    assert meetings[0].startswith("Workshop, August 2006, Malmö")
    assert "in every partner city" in meetings[1]


def test_work_package_page_lists_the_milestones_in_order(client, demo):
    soup = get_soup(client, "/work-packages/joint-innovation-policy-framework/")
    headings = [text_of(h) for h in soup.select(".timeline__item h3")]
    assert headings == ["Milestone 3", "Milestone 4", "Milestone 5", "Milestone 6"]


def test_work_package_list_shows_the_five_work_packages_in_order(client, demo):
    soup = get_soup(client, "/work-packages/")
    numbers = [text_of(number) for number in soup.select(".work-package-list .wp-number")]
    assert numbers == ["WP 1", "WP 2", "WP 3", "WP 4", "WP 5"]


def test_partner_list_separates_partners_from_observers(client, demo):
    soup = get_soup(client, "/partners/")
    sections = soup.select("main section")
    assert len(sections[0].select(".partner")) == 14
    observers = [text_of(name) for name in sections[1].select(".partner__name")]
    assert observers == ["City of Oslo", "City of Vilnius", "City of Warsaw"]


def test_news_list_filters_by_tag(client, demo):
    soup = get_soup(client, "/news/?tag=workshop")
    titles = [text_of(title) for title in soup.select(".news-item__title")]
    assert len(titles) == 2
    assert all("orkshop" in title for title in titles)


def test_news_list_filters_by_work_package(client, demo):
    soup = get_soup(client, "/news/?work_package=3")
    titles = [text_of(title) for title in soup.select(".news-item__title")]
    assert titles == ['WP 3 "Cluster Development" final conference in Berlin']


def test_news_list_answers_a_malformed_work_package_with_404(client, demo):
    assert client.get("/news/?work_package=three").status_code == 404


def test_news_list_paginates_and_keeps_the_filter_in_page_links(client, demo):
    NewsIndexPage.objects.update(items_per_page=1)
    soup = get_soup(client, "/news/?tag=seminar")
    assert len(soup.select(".news-item")) == 1
    assert soup.select_one(".pagination a[rel=next]")["href"] == "?tag=seminar&page=2"
    second = get_soup(client, "/news/?tag=seminar&page=2")
    assert len(second.select(".news-item")) == 1


def test_search_finds_news_by_a_word_of_its_text(client, demo):
    soup = get_soup(client, "/search/?q=clusters")
    results = [text_of(link) for link in soup.select(".search-results h3 a")]
    assert 'WP 3 "Cluster Development" final conference in Berlin' in results


def test_search_with_a_stray_quote_is_not_an_error(client, demo):
    assert client.get('/search/?q="Baltic').status_code == 200


def test_sitemap_lists_every_public_page_with_absolute_urls(client, demo):
    soup = BeautifulSoup(client.get("/sitemap.xml").content, "xml")
    locations = {loc.text for loc in soup.find_all("loc")}
    assert "http://testserver/news/workshops-st-petersburg-june-2007/" in locations
    # The Latvian side: its home page, the news and partners aliases, three news items.
    assert len(locations) == 1 + 3 + 5 + 5 + (1 + 2 + 3)


def test_robots_txt_points_at_the_sitemap(client, demo):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_an_unknown_address_gets_the_sites_404_page(client, demo):
    soup = get_soup(client, "/no-such-page/", status=404)
    assert text_of(soup.find("h1")) == "Page not found"


@pytest.mark.parametrize("url", SITE_PAGES)
def test_every_page_has_the_landmarks_one_h1_and_headings_in_order(client, demo, url):
    soup = get_soup(client, url)
    for landmark in ("header", "nav", "main", "footer"):
        assert soup.find(landmark) is not None, landmark
    assert soup.find("html")["lang"] == "en"
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert len(soup.find_all("h1")) == 1
    levels = [int(heading.name[1]) for heading in soup.find_all(["h1", "h2", "h3", "h4"])]
    assert all(current <= previous + 1 for previous, current in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("url", SITE_PAGES)
def test_every_page_loads_only_its_own_assets_and_gives_images_alt_text(client, demo, url):
    soup = get_soup(client, url)
    assets = [tag["src"] for tag in soup.select("script[src], img[src]")] + [
        tag["href"] for tag in soup.select("link[rel=stylesheet], link[rel=icon]")
    ]
    assert assets
    assert all(asset.startswith("/") and not asset.startswith("//") for asset in assets)
    assert all(image.has_attr("alt") for image in soup.find_all("img"))
