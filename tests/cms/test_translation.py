"""Translated pages: made by editors in the admin, served under /<language>/ with hreflang."""

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from cms.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finnish(db):
    return Locale.objects.create(language_code="fi")


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "", "pw"))
    return client


@pytest.fixture
def translated_news(site_tree, finnish, admin_client):
    """A news item translated into Finnish through the admin's Translate action, then published."""
    news = NewsPageFactory(parent=site_tree.news_index, slug="workshops", title="Workshops")
    response = admin_client.post(
        f"/admin/translation/submit/page/{site_tree.home.pk}/",
        {"locales": [finnish.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    finnish_news = news.get_translation(finnish).specific
    for page in finnish_news.get_ancestors().filter(depth__gt=1).specific():
        page.save_revision().publish()
    finnish_news.title = "Työpajat"
    finnish_news.save_revision().publish()
    return news, NewsPage.objects.get(pk=finnish_news.pk)


def test_the_translate_action_copies_a_page_and_its_parents_as_drafts(
    site_tree, finnish, admin_client
):
    news = NewsPageFactory(parent=site_tree.news_index)
    admin_client.post(
        f"/admin/translation/submit/page/{site_tree.home.pk}/",
        {"locales": [finnish.pk], "include_subtree": "on"},
    )
    copy = news.get_translation(finnish)
    assert copy.title == news.title
    assert not copy.live


def test_a_translation_is_served_under_its_language_prefix(client, translated_news):
    response = client.get("/fi/news/workshops/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert soup.find("html")["lang"] == "fi"
    assert soup.find("h1").get_text() == "Työpajat"


def test_a_page_names_its_translations_as_hreflang_alternates(client, translated_news):
    soup = BeautifulSoup(client.get("/news/workshops/").content, "html.parser")
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")
    }
    assert alternates == {
        "en": "http://testserver/news/workshops/",
        "fi": "http://testserver/fi/news/workshops/",
        "x-default": "http://testserver/news/workshops/",
    }


def test_the_language_switcher_links_to_the_translation(client, translated_news):
    soup = BeautifulSoup(client.get("/news/workshops/").content, "html.parser")
    links = {link["hreflang"]: link for link in soup.select(".language-switcher a")}
    assert links["fi"]["href"] == "/fi/news/workshops/"
    assert links["fi"].get_text() == "suomi"
    assert links["en"]["aria-current"] == "true"


def test_an_unpublished_translation_is_not_offered(client, site_tree, translated_news):
    _english, finnish_news = translated_news
    finnish_news.unpublish()
    soup = BeautifulSoup(client.get("/news/workshops/").content, "html.parser")
    assert soup.select(".language-switcher a") == []
    assert soup.select("link[hreflang]") == []


def test_the_finnish_news_list_shows_only_finnish_news(client, translated_news):
    soup = BeautifulSoup(client.get("/fi/news/").content, "html.parser")
    titles = [title.get_text(strip=True) for title in soup.select(".news-item__title")]
    assert titles == ["Työpajat"]
