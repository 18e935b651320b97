"""Rule one: a page that is not public appears on no listing, detail URL, search or sitemap."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from cms.models import NewsPage
from cms.public import is_public, public_pages
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def hidden_news(state, news_index):
    """A news item titled "Zeppelin <state>", in the given state of not being public."""
    title = f"Zeppelin {state}"
    teaser = f"Secret teaser of the {state} item."
    if state == "draft":
        return NewsPageFactory(parent=news_index, title=title, teaser=teaser, publish=False)
    if state == "scheduled":
        page = NewsPageFactory(parent=news_index, title=title, teaser=teaser, publish=False)
        page.go_live_at = timezone.now() + datetime.timedelta(days=1)
        page.save_revision().publish()
        return page
    page = NewsPageFactory(parent=news_index, title=title, teaser=teaser)
    if state == "private":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="baltic"
        )
    elif state in {"expired", "expiry-pending"}:
        NewsPage.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        if state == "expired":
            # The scheduler's run unpublishes it; before that run it is live but past expiry.
            call_command("publish_scheduled")
    elif state == "unpublished":
        page.unpublish()
    page.refresh_from_db()
    return page


STATES = ["draft", "scheduled", "private", "expired", "expiry-pending", "unpublished"]


@pytest.fixture
def public_news(site_tree):
    return NewsPageFactory(
        parent=site_tree.news_index, title="Zeppelin public", teaser="Public teaser."
    )


@pytest.mark.parametrize("state", STATES)
def test_a_hidden_page_is_not_public(site_tree, state):
    page = hidden_news(state, site_tree.news_index)
    assert not is_public(page)
    assert page.pk not in public_pages().values_list("pk", flat=True)


@pytest.mark.parametrize("state", STATES)
def test_a_hidden_page_is_not_on_the_home_page(client, site_tree, public_news, state):
    page = hidden_news(state, site_tree.news_index)
    html = client.get("/").content.decode()
    assert public_news.title in html
    assert page.title not in html


@pytest.mark.parametrize("state", STATES)
def test_a_hidden_page_is_not_in_the_news_list(client, site_tree, public_news, state):
    page = hidden_news(state, site_tree.news_index)
    soup = BeautifulSoup(client.get("/news/").content, "html.parser")
    titles = [heading.get_text(strip=True) for heading in soup.select(".news-item__title")]
    assert public_news.title in titles
    assert page.title not in titles


@pytest.mark.parametrize("state", STATES)
def test_a_hidden_page_does_not_show_at_its_url(client, site_tree, state):
    page = hidden_news(state, site_tree.news_index)
    response = client.get(f"/news/{page.slug}/")
    assert page.teaser not in response.content.decode()
    if state == "private":
        # Wagtail asks for the password instead of showing the page.
        assert response.status_code == 200
        assert b'name="password"' in response.content
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("state", STATES)
def test_a_hidden_page_is_not_found_by_search(client, site_tree, public_news, state):
    page = hidden_news(state, site_tree.news_index)
    soup = BeautifulSoup(client.get("/search/", {"q": "Zeppelin"}).content, "html.parser")
    results = [link.get_text(strip=True) for link in soup.select(".search-results h3 a")]
    assert results == [public_news.title]
    assert page.title not in results


@pytest.mark.parametrize("state", STATES)
def test_a_hidden_page_is_not_in_the_sitemap(client, site_tree, public_news, state):
    page = hidden_news(state, site_tree.news_index)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/news/{public_news.slug}/" in sitemap
    assert f"/news/{page.slug}/" not in sitemap


def test_a_restriction_on_an_ancestor_hides_every_page_below_it(site_tree, public_news):
    PageViewRestriction.objects.create(
        page=site_tree.news_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert not NewsPage.objects.public().exists()
    assert not is_public(site_tree.news_index)


def test_public_pages_of_one_language_exclude_other_languages(site_tree, public_news):
    finnish_locale = Locale.objects.create(language_code="fi")
    finnish = public_news.copy_for_translation(finnish_locale, copy_parents=True)
    finnish.save_revision().publish()
    assert set(NewsPage.objects.public(locale="en")) == {public_news}
    assert set(NewsPage.objects.public(locale="fi")) == {finnish}


def test_public_pages_of_a_site_include_its_translated_trees(site_tree, public_news):
    finnish_locale = Locale.objects.create(language_code="fi")
    finnish = public_news.copy_for_translation(finnish_locale, copy_parents=True)
    finnish.save_revision().publish()
    assert finnish in NewsPage.objects.public(site=site_tree.site)
