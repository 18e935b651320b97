"""Security headers on every kind of answer: the site, the admin, the API, the feeds
and the partner iframe (cms/security.py, the settings' Security section)."""

from django.contrib.auth import get_user_model

import pytest

from tests.factories import NewsPageFactory
from tests.partners.embedding import content_security_policy, html, inline_code, make_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Workshop in Riga", slug="riga")


def common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    return content_security_policy(response)


def assert_no_inline_script_allowed(policy):
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("default-src", [])


@pytest.mark.parametrize("path", ["/", "/news/", "/news/riga/", "/search/?q=riga", "/feeds/"])
def test_site_pages_forbid_inline_scripts_and_framing_and_have_none(client, news, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = common_headers(response)
    assert_no_inline_script_allowed(policy)
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert inline_code(html(response)) == []


def test_a_page_from_the_response_cache_has_the_same_policy(client, news):
    first = client.get("/news/riga/")
    again = client.get("/news/riga/")
    assert again["X-Cache"] == "HIT"
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["X-Content-Type-Options"] == "nosniff"


def test_the_site_404_has_the_policy(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_no_inline_script_allowed(common_headers(response))


def test_the_admin_gets_its_relaxed_policy_and_still_works(client, site_tree):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    response = client.get(f"/admin/pages/{site_tree.news_index.pk}/")
    assert response.status_code == 200
    policy = common_headers(response)
    assert "'unsafe-inline'" in policy["script-src"]
    # The preview panel frames the admin's own preview view.
    assert policy["frame-ancestors"] == ["'self'"]
    # Every script the page loads comes from this origin (static files, the admin's
    # translations), which the policy allows; the inline ones are why it is relaxed.
    sources = [tag["src"] for tag in html(response).find_all("script", src=True)]
    assert sources and all(source.startswith("/") for source in sources)
    assert not any(source.startswith("//") for source in sources)


def test_the_admin_login_page_has_the_admin_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in common_headers(response)["script-src"]


def test_api_answers_have_the_site_policy(client, news):
    for path in ("/api/v1/news/", f"/api/v1/news/{news.pk}/", "/api/v1/no-such-thing/"):
        response = client.get(path)
        assert_no_inline_script_allowed(common_headers(response))


def test_the_api_docs_run_no_inline_script(client, db):
    response = client.get("/api/docs/")
    assert_no_inline_script_allowed(common_headers(response))
    assert inline_code(html(response)) == []
    scripts = [tag["src"] for tag in html(response).find_all("script", src=True)]
    start = [src for src in scripts if src.startswith("/api/docs/?")]
    assert start
    assert client.get(start[0])["Content-Type"].startswith("application/javascript")


@pytest.mark.parametrize("path", ["/feeds/news.rss", "/feeds/news.atom", "/feeds/news.json"])
def test_feeds_have_the_site_policy(client, news, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_no_inline_script_allowed(common_headers(response))


def test_the_partner_iframe_keeps_its_own_frame_ancestors(client, news):
    make_portal(slug="riga", allowed_origins="http://127.0.0.1:8080")
    response = client.get("/embed/news/?portal=riga")
    assert response.status_code == 200
    policy = common_headers(response)
    assert sorted(policy["frame-ancestors"]) == ["'self'", "http://127.0.0.1:8080"]
    assert policy["default-src"] == ["'none'"]
    assert "X-Frame-Options" not in response


def test_the_item_card_may_be_framed_anywhere(client, news):
    response = client.get(f"/embed/news/{news.pk}/")
    assert common_headers(response)["frame-ancestors"] == ["*"]
