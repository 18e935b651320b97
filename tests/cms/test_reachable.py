"""Public means reachable: a page no visitor can reach at its own URL is listed nowhere.

A page below a draft (or unpublished) section, or a translation whose language's
home page is still a draft, is not public, whatever its own state: no list,
feed, sitemap or API names it, and its URL serves neither it nor another page.
"""

from wagtail.models import Locale, Page

import feedparser
import pytest
from bs4 import BeautifulSoup

from cms.models import NewsPage, PublicationEvent
from cms.public import ANCESTOR_LOOKUP_DEPTH, is_public, public_pages
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def latvian(db):
    return Locale.objects.get_or_create(language_code="lv")[0]


@pytest.fixture
def latvian_news_under_drafts(site_tree, latvian):
    """The issue's case: a Latvian news item published while its translated parents are drafts."""
    english = NewsPageFactory(parent=site_tree.news_index, slug="riga-workshop", title="Workshop")
    # Translated as drafts, as the admin's "include subtree" translation of the home page does.
    site_tree.home.copy_for_translation(latvian)
    site_tree.news_index.copy_for_translation(latvian)
    translation = english.copy_for_translation(latvian)
    translation.title = "Darbnīca"
    translation.save_revision().publish()
    return english, NewsPage.objects.get(pk=translation.pk)


def api_titles(client, query):
    response = client.get(f"/api/v1/news/{query}")
    assert response.status_code == 200
    return [item["title"] for item in response.json()["results"]]


def feed_titles(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return [entry.title for entry in feedparser.parse(response.content).entries]


def sitemap_urls(client):
    soup = BeautifulSoup(client.get("/sitemap.xml").content, "xml")
    return [loc.get_text() for loc in soup.find_all("loc")]


def test_a_translation_below_draft_parents_is_not_public(latvian_news_under_drafts):
    _english, latvian_news = latvian_news_under_drafts
    assert latvian_news.live
    assert not is_public(latvian_news)


def test_a_translation_below_draft_parents_is_not_in_the_api(client, latvian_news_under_drafts):
    assert api_titles(client, "?locale=lv") == []


def test_a_translation_below_draft_parents_is_not_in_its_languages_feed(
    client, latvian_news_under_drafts
):
    assert feed_titles(client, "/feeds/news.rss?locale=lv") == []


def test_a_translation_below_draft_parents_is_not_in_the_sitemap(client, latvian_news_under_drafts):
    urls = sitemap_urls(client)
    assert "http://testserver/news/riga-workshop/" in urls
    assert not [url for url in urls if "/lv/" in url]


def test_the_translations_url_does_not_serve_the_english_page(client, latvian_news_under_drafts):
    assert client.get("/lv/news/riga-workshop/").status_code == 404
    assert client.get("/lv/").status_code == 404


def test_the_english_page_names_no_unreachable_translation(client, latvian_news_under_drafts):
    soup = BeautifulSoup(client.get("/news/riga-workshop/").content, "html.parser")
    assert soup.select("link[hreflang=lv]") == []


def test_publishing_the_parents_makes_the_translation_public_and_journals_it(
    client, latvian_news_under_drafts
):
    _english, latvian_news = latvian_news_under_drafts
    assert not PublicationEvent.objects.filter(page_id=latvian_news.pk).exists()
    for ancestor in latvian_news.get_ancestors().filter(depth__gt=1).specific():
        ancestor.save_revision().publish()
    assert api_titles(client, "?locale=lv") == ["Darbnīca"]
    assert feed_titles(client, "/feeds/news.rss?locale=lv") == ["Darbnīca"]
    soup = BeautifulSoup(client.get("/lv/news/riga-workshop/").content, "html.parser")
    assert soup.find("h1").get_text() == "Darbnīca"
    event = PublicationEvent.objects.filter(page_id=latvian_news.pk).get()
    assert (event.kind, event.url) == ("published", "http://testserver/lv/news/riga-workshop/")


@pytest.fixture
def news_under_unpublished_section(site_tree):
    section = NewsIndexPageFactory(parent=site_tree.home, slug="archive", title="Archive")
    news = NewsPageFactory(parent=section, slug="old-workshop", title="Old workshop")
    section.unpublish()
    news.refresh_from_db()
    return news


def test_a_live_page_below_an_unpublished_section_is_not_public(news_under_unpublished_section):
    assert news_under_unpublished_section.live
    assert news_under_unpublished_section.pk not in public_pages().values_list("pk", flat=True)


def test_a_live_page_below_an_unpublished_section_is_listed_nowhere(
    client, news_under_unpublished_section
):
    assert "Old workshop" not in api_titles(client, "")
    assert "Old workshop" not in feed_titles(client, "/feeds/news.rss")
    assert not [url for url in sitemap_urls(client) if "old-workshop" in url]


def test_a_live_page_below_an_unpublished_section_is_not_served(
    client, news_under_unpublished_section
):
    assert client.get("/archive/old-workshop/").status_code == 404


def test_unpublishing_a_section_journals_the_pages_it_closes(news_under_unpublished_section):
    kinds = list(
        PublicationEvent.objects.filter(page_id=news_under_unpublished_section.pk)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["published", "unpublished"]


def test_republishing_a_section_does_not_journal_its_pages_as_updated(site_tree):
    news = NewsPageFactory(parent=site_tree.news_index)
    site_tree.news_index.save_revision().publish()
    assert list(
        PublicationEvent.objects.filter(page_id=news.pk).values_list("kind", flat=True)
    ) == ["published"]


@pytest.mark.parametrize("closed_depth", [3, ANCESTOR_LOOKUP_DEPTH - 1, ANCESTOR_LOOKUP_DEPTH + 1])
def test_an_unpublished_ancestor_at_any_depth_closes_the_pages_below(site_tree, closed_depth):
    # Ancestors down to ANCESTOR_LOOKUP_DEPTH are looked up by exact path, the
    # deeper ones by prefix: both ways close what is below them.
    parent, chain = site_tree.home, []
    while parent.depth < ANCESTOR_LOOKUP_DEPTH + 3:
        parent = parent.add_child(instance=Page(title=f"Level {parent.depth + 1}"))
        chain.append(parent)
    chain[-1].save_revision().publish()
    leaf = chain[-1]
    assert public_pages().filter(pk=leaf.pk).exists()

    next(page for page in chain if page.depth == closed_depth).unpublish()

    assert not public_pages().filter(pk=leaf.pk).exists()
