import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.test import override_settings
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from api import preview
from tests.factories import WorkPackagePageFactory


def preview_get(api, token, status=200):
    return api.get("/api/v1/preview/", headers={"X-Preview-Token": token}, status=status)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")


@pytest.fixture
def outsider(db):
    user = get_user_model().objects.create_user("outsider", "outsider@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_token_gives_the_drafts_representation(api, news):
    page = news(title="Published title")
    page.title = "Draft title"
    page.teaser = "A draft teaser."
    revision = page.save_revision()
    item = preview_get(api, preview.make_token(revision)).json()
    assert item["id"] == page.pk
    assert item["title"] == "Draft title"
    assert item["teaser"] == "A draft teaser."
    assert api.get(f"/api/v1/news/{page.pk}/").json()["title"] == "Published title"


def test_a_page_never_published_can_be_previewed(api, news):
    draft = news(title="Only a draft", publish=False, tags=["draft-tag"])
    item = preview_get(api, preview.make_token(draft.get_latest_revision())).json()
    assert item["title"] == "Only a draft"
    assert [tag["slug"] for tag in item["tags"]] == ["draft-tag"]
    api.get(f"/api/v1/news/{draft.pk}/", status=404)


def test_draft_relations_come_from_the_revision(api, news, site_tree):
    public_wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=1)
    draft_wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=2, publish=False)
    page = news()
    page.work_packages = [public_wp, draft_wp]
    revision = page.save_revision()
    item = preview_get(api, preview.make_token(revision)).json()
    assert [wp["number"] for wp in item["work_packages"]] == [1]


def test_work_package_draft_preview(api, site_tree):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4)
    wp.objective = "A new objective."
    item = preview_get(api, preview.make_token(wp.save_revision())).json()
    assert item["type"] == "work_package"
    assert item["objective"] == "A new objective."


def test_preview_is_never_cached(api, news):
    page = news()
    response = preview_get(api, preview.make_token(page.save_revision()))
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert response["X-Robots-Tag"] == "noindex"


def test_expired_token_is_refused(api, news, monkeypatch):
    page = news()
    revision = page.save_revision()
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - preview.max_age() - 5)
    token = preview.make_token(revision)
    monkeypatch.undo()
    body = preview_get(api, token, status=403).json()
    assert body["type"].endswith("/invalid-preview-token/")
    assert "expired" in body["detail"]


@override_settings(API_PREVIEW_MAX_AGE=600)
def test_token_within_its_age_is_accepted(api, news, monkeypatch):
    page = news()
    revision = page.save_revision()
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 590)
    token = preview.make_token(revision)
    monkeypatch.undo()
    preview_get(api, token)


def test_tampered_token_is_refused(api, news):
    page = news()
    token = preview.make_token(page.save_revision())
    _payload, _sep, rest = token.partition(":")
    forged = signing.dumps({"page": page.pk, "revision": 999}, salt=preview.SALT)
    for bad in (token[:-2] + "xx", forged.partition(":")[0] + ":" + rest, token + "x"):
        preview_get(api, bad, status=403)


def test_token_signed_for_something_else_is_refused(api, news):
    page = news()
    revision = page.save_revision()
    other = signing.dumps({"page": page.pk, "revision": revision.pk}, salt="another.purpose")
    preview_get(api, other, status=403)


def test_missing_token_is_a_400(api, db):
    body = api.get("/api/v1/preview/", status=400).json()
    assert body["invalid_params"] == [
        {
            "name": "X-Preview-Token",
            "reason": "Required: the token of a preview, in this request header.",
        }
    ]


def test_a_token_in_the_query_string_is_refused_and_never_repeated(api, news, caplog):
    token = preview.make_token(news().save_revision())
    response = api.get("/api/v1/preview/", {"token": token}, status=400)
    [entry] = response.json()["invalid_params"]
    assert entry["name"] == "token"
    assert "X-Preview-Token header" in entry["reason"]
    assert token not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    # Django's own log line for the 400 names the path, not the query.
    assert all(token not in record.getMessage() for record in caplog.records)


def test_a_token_in_the_query_string_is_refused_even_beside_a_good_header(api, news):
    token = preview.make_token(news().save_revision())
    api.get("/api/v1/preview/?token=" + token, headers={"X-Preview-Token": token}, status=400)


def test_an_overlong_header_is_a_400_naming_it(api, db):
    body = preview_get(api, "x" * 1001, status=400).json()
    assert [entry["name"] for entry in body["invalid_params"]] == ["X-Preview-Token"]


def test_browsers_on_other_origins_may_send_the_preview_header(client, db):
    response = client.options(
        "/api/v1/preview/",
        headers={
            "Origin": "http://127.0.0.1:3000",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-preview-token",
        },
    )
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert "x-preview-token" in allowed


def test_the_schema_documents_the_header_not_a_query_parameter(openapi_schema):
    parameters = openapi_schema["paths"]["/api/v1/preview/"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("X-Preview-Token", "header", True)
    ]


def test_token_of_a_deleted_page_is_404(api, news):
    page = news()
    token = preview.make_token(page.save_revision())
    page.delete()
    preview_get(api, token, status=404)


def test_editor_gets_a_preview_token_in_the_admin(client, api, editor, news):
    page = news(title="Live")
    page.title = "Being edited"
    page.save_revision(user=editor)
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert reverse("api_preview_link", args=[page.pk]) in edit.content.decode()
    response = client.get(reverse("api_preview_link", args=[page.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    url = soup.select_one("[data-api-preview-url]")["value"]
    token = soup.select_one("[data-api-preview-token]")["value"]
    # The address carries no token: it is for the header alone.
    assert url == "http://testserver/api/v1/preview/"
    assert not any(token in link.get("href", "") for link in soup.find_all(href=True))
    client.logout()
    assert api.get(url, headers={"X-Preview-Token": token}).json()["title"] == "Being edited"


def test_no_preview_link_for_pages_without_an_api_representation(client, editor, site_tree):
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[site_tree.news_index.pk]))
    assert reverse("api_preview_link", args=[site_tree.news_index.pk]) not in edit.content.decode()


def test_user_without_edit_permission_gets_no_link(client, outsider, news):
    page = news()
    client.force_login(outsider)
    response = client.get(reverse("api_preview_link", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert b"/api/v1/preview/" not in response.content


def test_anonymous_visitor_is_sent_to_log_in(client, news):
    page = news()
    response = client.get(reverse("api_preview_link", args=[page.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
