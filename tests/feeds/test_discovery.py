"""Discovery: alternate links in every page, the /feeds/ page and the OPML list."""

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from tests.factories import PartnerFactory, WorkPackagePageFactory
from tests.feeds.conftest import fetch, parse_feed, xml_root

pytestmark = pytest.mark.django_db

FEED_TYPES = ["application/rss+xml", "application/atom+xml", "application/feed+json"]


def alternates(client, path):
    soup = BeautifulSoup(fetch(client, path).content, "html.parser")
    return [
        (link["type"], link["href"], link["title"])
        for link in soup.head.find_all("link", rel="alternate")
        # News pages also name their oEmbed endpoint (tests/feeds/test_oembed.py).
        if link.get("type") in FEED_TYPES
    ]


@pytest.fixture
def news(make_news):
    return make_news(tags=["clusters"])


@pytest.mark.parametrize("page", ["home", "news_index", "news_page", "work_package_index"])
def test_every_page_offers_the_site_wide_feeds(client, site_tree, news, page):
    path = {
        "home": "/",
        "news_index": "/news/",
        "news_page": f"/news/{news.slug}/",
        "work_package_index": "/work-packages/",
    }[page]
    assert alternates(client, path) == [
        ("application/rss+xml", "http://testserver/feeds/news.rss", "BaltMet Inno news (RSS)"),
        ("application/atom+xml", "http://testserver/feeds/news.atom", "BaltMet Inno news (Atom)"),
        (
            "application/feed+json",
            "http://testserver/feeds/news.json",
            "BaltMet Inno news (JSON Feed)",
        ),
    ]


def test_the_offered_feeds_exist(client, site_tree, news):
    for _type, href, _title in alternates(client, "/"):
        fetch(client, href.removeprefix("http://testserver"))


def test_a_tag_filtered_news_page_offers_the_filtered_feeds(client, site_tree, news):
    links = alternates(client, "/news/?tag=clusters")
    assert [(kind, href) for kind, href, _title in links] == [
        (kind, f"http://testserver/feeds/news.{ext}?tag=clusters")
        for kind, ext in zip(FEED_TYPES, ["rss", "atom", "json"], strict=True)
    ]
    assert links[0][2] == "BaltMet Inno news – topic: clusters (RSS)"


def test_a_work_package_filtered_news_page_offers_the_filtered_feeds(client, site_tree, make_news):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=2)
    make_news(work_packages=[wp])
    links = alternates(client, "/news/?work_package=2&tag=")
    assert links[1][1] == "http://testserver/feeds/news.atom?work_package=2"
    parse_feed(client, "/feeds/news.atom?work_package=2")


def test_an_unknown_filter_is_a_404_that_offers_the_site_wide_feeds(client, site_tree, news):
    # A filter naming nothing public is a 404, as in the feeds (cms.models.NewsIndexPage).
    response = client.get("/news/?tag=no-such-tag")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    feeds = [link["href"] for link in soup.head.find_all("link", rel="alternate")]
    assert "http://testserver/feeds/news.rss" in feeds


def test_a_filter_on_another_page_is_not_a_feed_filter(client, site_tree, news):
    links = alternates(client, "/work-packages/?tag=clusters")
    assert links[0][1] == "http://testserver/feeds/news.rss"


def test_a_page_in_another_language_offers_that_languages_feeds(client, site_tree, news):
    locale = Locale.objects.get_or_create(language_code="de")[0]
    home = site_tree.home.copy_for_translation(locale)
    home.save_revision().publish()
    links = alternates(client, "/de/")
    assert links[0][1] == "http://testserver/feeds/news.rss?locale=de"


def test_the_admin_offers_no_feeds(client, admin_client, site_tree):
    response = admin_client.get("/admin/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("link", type="application/rss+xml") is None


def test_the_feeds_page_lists_every_feed_with_instructions(client, site_tree, news):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4, title="Clusters")
    PartnerFactory(name="Riga City Council", slug="riga-city")
    response = fetch(client, "/feeds/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("header", class_="site-header"), "it is a page of the site"
    assert soup.h1.get_text() == "News feeds and calendars"
    assert soup.find(id="subscribe-title")
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert {
        "http://testserver/feeds/news.rss",
        "http://testserver/feeds/news.atom",
        "http://testserver/feeds/news.json",
        "http://testserver/feeds/events.ics",
        f"http://testserver/feeds/news.atom?work_package={wp.number}",
        "http://testserver/feeds/news.rss?partner=riga-city",
        "http://testserver/feeds/news.json?tag=clusters",
        "http://testserver/feeds/opml.xml",
    } <= hrefs
    # The page offers the feeds for discovery too.
    assert soup.head.find("link", type="application/atom+xml")


def test_the_feeds_page_lists_subject_feeds_in_another_language(client, site_tree, news):
    Locale.objects.get_or_create(language_code="de")
    PartnerFactory(name="Riga City Council", slug="riga-city")
    soup = BeautifulSoup(fetch(client, "/feeds/?locale=de").content, "html.parser")
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert "http://testserver/feeds/news.rss?partner=riga-city&locale=de" in hrefs
    assert "http://testserver/feeds/news.rss?partner=riga-city" not in hrefs
    assert "http://testserver/feeds/opml.xml?locale=de" in hrefs


def test_the_opml_lists_site_wide_work_package_and_partner_feeds(client, site_tree, news):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4, title="Clusters")
    PartnerFactory(name="Riga City Council", slug="riga-city")
    response = fetch(client, "/feeds/opml.xml")
    assert response["Content-Type"] == "text/x-opml; charset=utf-8"
    opml = xml_root(response)
    assert opml.tag == "opml"
    assert opml.get("version") == "2.0"
    assert opml.find("head/title").text == "BaltMet Inno news feeds"
    sections = {
        section.get("text"): [
            (outline.get("text"), outline.get("xmlUrl")) for outline in section.findall("outline")
        ]
        for section in opml.find("body").findall("outline")
    }
    assert sections == {
        "All news": [("All news (English)", "http://testserver/feeds/news.rss")],
        "News by work package": [
            (f"WP {wp.number}: Clusters", "http://testserver/feeds/news.rss?work_package=4")
        ],
        "News by partner": [
            ("Riga City Council", "http://testserver/feeds/news.rss?partner=riga-city")
        ],
    }
    for outline in opml.iter("outline"):
        if outline.get("type") == "rss":
            assert outline.get("htmlUrl").startswith("http://testserver/")
            parse_feed(client, outline.get("xmlUrl").removeprefix("http://testserver"))


def test_the_opml_lists_every_language_with_news(client, site_tree, news):
    locale = Locale.objects.get_or_create(language_code="de")[0]
    site_tree.home.copy_for_translation(locale).save_revision().publish()
    site_tree.news_index.copy_for_translation(locale).save_revision().publish()
    opml = xml_root(fetch(client, "/feeds/opml.xml"))
    all_news = opml.find("body/outline")
    assert [outline.get("xmlUrl") for outline in all_news.findall("outline")] == [
        "http://testserver/feeds/news.rss",
        "http://testserver/feeds/news.rss?locale=de",
    ]


def test_every_page_links_to_the_feeds_page(client, site_tree, news):
    soup = BeautifulSoup(fetch(client, f"/news/{news.slug}/").content, "html.parser")
    footer_links = {
        a["href"] for a in soup.find("footer", class_="site-footer").find_all("a", href=True)
    }
    assert "/feeds/" in footer_links
