"""Conditional requests, caching, invalidation through the publication path, CORS."""

import time

from django.utils.http import http_date, parse_http_date

from tests.factories import PartnerFactory


def test_responses_carry_validators_and_cache_control(api, news):
    news()
    response = api.get("/api/v1/news/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"


def test_matching_etag_gives_304_without_a_body(api, news):
    news()
    first = api.get("/api/v1/news/")
    again = api.get("/api/v1/news/", headers={"If-None-Match": first["ETag"]}, status=304)
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=60"


def test_other_etag_gives_the_full_response(api, news):
    news()
    response = api.get("/api/v1/news/", headers={"If-None-Match": '"something-else"'})
    assert response.json()["count"] == 1


def test_if_modified_since_gives_304_when_nothing_changed(api, news):
    news()
    first = api.get("/api/v1/news/")
    # (A date equal to Last-Modified proves nothing here: the test's publishes
    # all fall within one second; tests/feeds/test_http.py covers that rule.)
    later = http_date(parse_http_date(first["Last-Modified"]) + 1)
    api.get("/api/v1/news/", headers={"If-Modified-Since": later}, status=304)
    earlier = http_date(time.time() - 3600)
    api.get("/api/v1/news/", headers={"If-Modified-Since": earlier})


def test_second_request_is_answered_from_the_cache(api, news):
    news()
    assert api.get("/api/v1/news/")["X-Cache"] == "MISS"
    assert api.get("/api/v1/news/")["X-Cache"] == "HIT"


def test_same_query_in_another_order_shares_the_entry(api, news):
    news()
    api.get("/api/v1/news/?limit=5&offset=0")
    assert api.get("/api/v1/news/?offset=0&limit=5")["X-Cache"] == "HIT"


def test_publishing_invalidates_cached_responses(api, news):
    page = news(title="Before")
    first = api.get(f"/api/v1/news/{page.pk}/")
    page.title = "After"
    page.save_revision().publish()
    second = api.get(f"/api/v1/news/{page.pk}/", headers={"If-None-Match": first["ETag"]})
    assert second["X-Cache"] == "MISS"
    assert second.json()["title"] == "After"
    assert second["ETag"] != first["ETag"]


def test_unpublishing_removes_the_item_from_cached_lists(api, news):
    page = news()
    assert api.get("/api/v1/news/").json()["count"] == 1
    page.unpublish()
    assert api.get("/api/v1/news/").json()["count"] == 0
    api.get(f"/api/v1/news/{page.pk}/", status=404)


def test_editing_a_partner_invalidates_cached_responses(api, news):
    partner = PartnerFactory(name="Old name")
    page = news(partners=[partner])
    api.get(f"/api/v1/news/{page.pk}/")
    partner.name = "New name"
    partner.save()
    item = api.get(f"/api/v1/news/{page.pk}/").json()
    assert item["partners"][0]["name"] == "New name"


def test_errors_are_not_cached(api, site_tree):
    response = api.get("/api/v1/news/", {"limit": "0"}, status=400)
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response
    assert "X-Cache" not in api.get("/api/v1/news/", {"limit": "0"}, status=400)


def test_head_answers_like_get(client, news):
    news()
    get = client.get("/api/v1/news/")
    head = client.head("/api/v1/news/")
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert head.content == b""


def test_cors_allows_any_origin_without_credentials(api, news):
    news()
    response = api.get("/api/v1/news/", headers={"Origin": "https://portal.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cors_headers_on_cached_and_error_responses(api, news):
    news()
    origin = {"Origin": "https://portal.example"}
    api.get("/api/v1/news/", headers=origin)
    assert api.get("/api/v1/news/", headers=origin)["Access-Control-Allow-Origin"] == "*"
    error = api.get("/api/v1/news/", {"limit": "0"}, headers=origin, status=400)
    assert error["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_allows_get_with_authorization(client, site_tree):
    response = client.options(
        "/api/v1/news/",
        headers={
            "Origin": "https://portal.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_cors_is_limited_to_the_api(client, site_tree):
    response = client.get("/", headers={"Origin": "https://portal.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_responses_do_not_depend_on_the_clients_language(api, demo):
    english = api.get("/api/v1/work-packages/", headers={"Accept-Language": "en"})
    german = api.get("/api/v1/work-packages/", headers={"Accept-Language": "de"})
    assert english.content == german.content
    assert "Accept-Language" not in german.get("Vary", "")
