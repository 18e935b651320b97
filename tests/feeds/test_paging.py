"""Paging (RFC 5005 paged feeds, JSON Feed next_url): every item can be reached."""

import pytest

from tests.feeds.conftest import fetch, parse_feed, parse_json, xml_root

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def seven_news(make_news, settings):
    settings.FEED_ITEMS = 3
    return [make_news() for _ in range(7)]


def links(client, path):
    """rel -> href of the feed-level links of an Atom or RSS feed."""
    root = xml_root(fetch(client, path))
    parent = root.find("channel") if root.tag == "rss" else root
    return {link.get("rel"): link.get("href") for link in parent.findall(f"{A}link")}


def test_a_feed_lists_a_fixed_number_of_the_newest_items(client, seven_news):
    entries = parse_feed(client, "/feeds/news.atom").entries
    newest = sorted(seven_news, key=lambda news: news.publication_date, reverse=True)[:3]
    assert [entry.title for entry in entries] == [news.title for news in newest]


def test_twenty_items_by_default(client, make_news, settings):
    assert settings.FEED_ITEMS == 20
    for _ in range(21):
        make_news()
    assert len(parse_feed(client, "/feeds/news.rss").entries) == 20


@pytest.mark.parametrize("path", ["/feeds/news.atom", "/feeds/news.rss"])
def test_the_first_page_links_to_the_next_and_the_last(client, seven_news, path):
    page_links = links(client, path)
    assert page_links["first"] == f"http://testserver{path}"
    assert page_links["next"] == f"http://testserver{path}?page=2"
    assert page_links["last"] == f"http://testserver{path}?page=3"
    assert "previous" not in page_links


@pytest.mark.parametrize("path", ["/feeds/news.atom", "/feeds/news.rss"])
def test_a_middle_page_links_both_ways(client, seven_news, path):
    page_links = links(client, f"{path}?page=2")
    assert page_links["previous"] == f"http://testserver{path}"
    assert page_links["next"] == f"http://testserver{path}?page=3"
    assert page_links["self"] == f"http://testserver{path}?page=2"


@pytest.mark.parametrize("path", ["/feeds/news.atom", "/feeds/news.rss"])
def test_following_next_reaches_every_item_once(client, seven_news, path):
    seen = []
    url = f"http://testserver{path}"
    while url:
        relative = url.removeprefix("http://testserver")
        seen += [entry.id for entry in parse_feed(client, relative).entries]
        url = links(client, relative).get("next")
    assert sorted(seen) == sorted(f"tag:testserver,2005:news/{news.pk}" for news in seven_news)


def test_following_next_url_reaches_every_json_item_once(client, seven_news):
    seen = []
    url = "http://testserver/feeds/news.json"
    while url:
        document = parse_json(client, url.removeprefix("http://testserver"))
        seen += [item["id"] for item in document["items"]]
        url = document.get("next_url")
    assert len(seen) == len(set(seen)) == 7


def test_paging_keeps_the_filters(client, make_news, settings):
    settings.FEED_ITEMS = 1
    make_news(tags=["clusters"])
    make_news(tags=["clusters"])
    assert links(client, "/feeds/news.atom?tag=clusters")["next"] == (
        "http://testserver/feeds/news.atom?tag=clusters&page=2"
    )


def test_every_page_belongs_to_the_same_feed(client, seven_news):
    first = parse_feed(client, "/feeds/news.atom").feed.id
    assert parse_feed(client, "/feeds/news.atom?page=3").feed.id == first


def test_a_page_past_the_last_is_a_404(client, seven_news):
    response = client.get("/feeds/news.atom?page=4")
    assert response.status_code == 404
    assert response.json()["invalid_params"][0]["name"] == "page"


def test_an_empty_feed_has_its_first_page(client, site_tree):
    parsed = parse_feed(client, "/feeds/news.atom")
    assert parsed.entries == []
    assert "next" not in links(client, "/feeds/news.atom")
