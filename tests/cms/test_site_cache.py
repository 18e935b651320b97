"""The site's public pages come from the response cache; private pages and previews never do."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from cms.models import NewsPage
from tests.factories import NewsPageFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = ["/", "/news/", "/work-packages/", "/partners/", "/sitemap.xml", "/robots.txt"]


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Workshop in Riga", slug="riga")


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(link.get_text().split()) for link in soup.select(".news-item__title")]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_a_second_request_is_answered_from_the_cache_without_a_query(
    client, news, path, django_assert_num_queries
):
    first = client.get(path)
    assert (first.status_code, first["X-Cache"]) == (200, "MISS")
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_a_news_item_is_cached_with_its_validators_and_surrogate_keys(client, news):
    response = client.get("/news/riga/")
    assert response["Cache-Control"] == "public, max-age=0"
    assert response["Surrogate-Control"] == "max-age=3600"
    keys = response["Surrogate-Key"].split()
    assert {"all", f"page-{news.pk}", "workpackages"} <= set(keys)
    assert response["ETag"] and response["Last-Modified"]
    again = client.get("/news/riga/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_publish_shows_on_the_home_page_and_the_news_list_at_once(client, news, site_tree):
    for path in ("/", "/news/"):
        assert titles(client.get(path)) == ["Workshop in Riga"]
    NewsPageFactory(parent=site_tree.news_index, title="Conference in Tallinn")
    for path in ("/", "/news/"):
        response = client.get(path)
        assert response["X-Cache"] == "MISS"
        assert set(titles(response)) == {"Conference in Tallinn", "Workshop in Riga"}


def test_an_unpublished_item_leaves_its_page_and_the_lists(client, news):
    assert client.get("/news/riga/").status_code == 200
    news.unpublish()
    assert client.get("/news/riga/").status_code == 404
    assert titles(client.get("/news/")) == []


def test_an_expired_item_leaves_the_site_on_time_without_the_scheduler(client, news, monkeypatch):
    NewsPage.objects.filter(pk=news.pk).update(
        expire_at=timezone.now() + datetime.timedelta(hours=1)
    )
    client.get("/news/riga/")  # cached while it is public
    assert titles(client.get("/news/")) == ["Workshop in Riga"]
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get("/news/riga/").status_code == 404
    assert titles(client.get("/news/")) == []


def test_browsers_and_varnish_keep_nothing_past_the_next_expiry(client, news):
    news.expire_at = timezone.now() + datetime.timedelta(seconds=90)
    news.save_revision().publish()
    response = client.get("/news/")
    assert 88 <= int(response["Surrogate-Control"].removeprefix("max-age=")) <= 90


def test_a_page_behind_a_view_restriction_is_never_stored(client, news, django_user_model):
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    response = client.get("/news/riga/")
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "Surrogate-Control" not in response
    client.logout()
    assert client.get("/news/riga/").status_code == 302


def test_a_preview_of_a_draft_is_not_answered_with_the_published_page(client, news):
    assert client.get("/news/riga/")["X-Cache"] == "MISS"
    news.title = "Draft title"
    news.save_revision()
    preview = news.make_preview_request()
    assert "Draft title" in preview.content.decode()
    assert "Draft title" not in client.get("/news/riga/").content.decode()


def test_a_visitor_with_a_session_gets_the_same_cached_page(client, news, django_user_model):
    anonymous = client.get("/news/riga/")
    client.force_login(django_user_model.objects.create_user("editor", password="pw"))
    logged_in = client.get("/news/riga/")
    assert logged_in["X-Cache"] == "HIT"
    assert logged_in.content == anonymous.content
    assert "Cookie" not in logged_in.get("Vary", "")


def test_search_results_are_not_stored(client, news):
    assert "X-Cache" not in client.get("/search/?q=riga")


def test_a_work_package_rename_purges_the_news_that_name_it(client, site_tree):
    work_package = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    page = NewsPageFactory(parent=site_tree.news_index, work_packages=[work_package])
    tags = client.get(page.url)["Surrogate-Key"].split()
    assert "workpackages" in tags
    assert "news" in client.get(work_package.url)["Surrogate-Key"].split()


def test_a_head_request_is_answered_but_only_a_get_is_stored(client, news):
    head = client.head("/news/riga/")
    assert (head.status_code, head["X-Cache"]) == (200, "MISS")
    get = client.get("/news/riga/")
    assert get["X-Cache"] == "MISS"
    assert get["ETag"] == head["ETag"]
    assert b"Workshop in Riga" in get.content


@pytest.mark.parametrize(
    "query", ["?utm_source=newsletter", "?cachebuster=4711", "?tag=no-such-tag", "?page=x"]
)
def test_a_made_up_query_never_makes_an_entry(client, news, query):
    response = client.get(f"/news/{query}")
    assert "X-Cache" not in response or response.status_code == 404
    again = client.get(f"/news/{query}")
    assert again.get("X-Cache") != "HIT"


def test_a_tag_only_a_draft_carries_is_a_404_like_an_unknown_one(client, news, site_tree):
    draft = NewsPageFactory(parent=site_tree.news_index, title="Draft plans", tags=["secret-plans"])
    draft.unpublish()
    assert client.get("/news/?tag=secret-plans").status_code == 404
    assert client.get("/news/?tag=no-such-tag").status_code == 404
