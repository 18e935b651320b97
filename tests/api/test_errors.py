"""Every bad parameter is a 400 problem naming it; unknown things are 404s; never a 500."""

import pytest

from tests.factories import PartnerFactory

NUL = "\x00"
BAD_PARAMETERS = [
    ("/api/v1/news/", {"limit": "0"}, "limit"),
    ("/api/v1/news/", {"limit": "101"}, "limit"),
    ("/api/v1/news/", {"limit": "99999999999999999999999"}, "limit"),
    ("/api/v1/news/", {"limit": "-1"}, "limit"),
    ("/api/v1/news/", {"limit": "ten"}, "limit"),
    ("/api/v1/news/", {"limit": "1.5"}, "limit"),
    ("/api/v1/news/", {"offset": "-5"}, "offset"),
    ("/api/v1/news/", {"offset": "100000000000000000000000000000"}, "offset"),
    ("/api/v1/news/", {"offset": "1e3"}, "offset"),
    ("/api/v1/news/", {"date_from": "yesterday"}, "date_from"),
    ("/api/v1/news/", {"date_from": "2007-13-45"}, "date_from"),
    ("/api/v1/news/", {"date_to": "31.12.2007"}, "date_to"),
    ("/api/v1/news/", {"date_to": "9999-12-31"}, "date_to"),
    ("/api/v1/news/", {"date_from": "0001-01-01T00:00:00+14:00"}, "date_from"),
    ("/api/v1/news/", {"date_from": "2007-12-01", "date_to": "2007-01-01"}, "date_to"),
    ("/api/v1/news/", {"event_from": "2007-06-01T10:00:00"}, "event_from"),
    ("/api/v1/news/", {"event_to": "soon"}, "event_to"),
    ("/api/v1/news/", {"event_from": "2007-12-01", "event_to": "2007-01-01"}, "event_to"),
    ("/api/v1/news/", {"work_package": "five"}, "work_package"),
    ("/api/v1/news/", {"work_package": "0"}, "work_package"),
    ("/api/v1/news/", {"work_package": "99999999"}, "work_package"),
    ("/api/v1/news/", {"partner": "nobody"}, "partner"),
    ("/api/v1/news/", {"partner": "a b"}, "partner"),
    ("/api/v1/news/", {"tag": f"work{NUL}shop"}, "tag"),
    ("/api/v1/news/", {"tag": "<script>"}, "tag"),
    ("/api/v1/news/", {"search": f"cluster{NUL}"}, "search"),
    ("/api/v1/news/", {"search": "x" * 201}, "search"),
    ("/api/v1/news/", {"locale": "xx"}, "locale"),
    ("/api/v1/news/", {"ordering": "-pk"}, "ordering"),
    ("/api/v1/news/", {"ordering": "relevance"}, "ordering"),
    ("/api/v1/news/", {"fields": "title,password"}, "fields"),
    ("/api/v1/news/", {"page": "2"}, "page"),
    ("/api/v1/news/", {"format": "xml"}, "format"),
    ("/api/v1/news/", {"limit": ["10", "20"]}, "limit"),
    ("/api/v1/news/by-slug/anything/", {"locale": "klingon"}, "locale"),
    ("/api/v1/news/1/", {"fields": "nonsense"}, "fields"),
    ("/api/v1/events/", {"ordering": "random"}, "ordering"),
    ("/api/v1/events/", {"event_from": "2007-02-30"}, "event_from"),
    ("/api/v1/work-packages/", {"ordering": "date"}, "ordering"),
    ("/api/v1/work-packages/", {"locale": NUL}, "locale"),
    ("/api/v1/work-packages/1/", {"fields": "body"}, "fields"),
    ("/api/v1/partners/", {"role": "boss"}, "role"),
    ("/api/v1/partners/", {"country": "Finland"}, "country"),
    ("/api/v1/partners/", {"city": "../etc"}, "city"),
    ("/api/v1/partners/x/", {"fields": "teaser"}, "fields"),
    ("/api/v1/tags/", {"ordering": "popularity"}, "ordering"),
    ("/api/v1/tags/", {"limit": "1000"}, "limit"),
    ("/api/v1/pages/resolve/", {}, "path"),
    ("/api/v1/pages/resolve/", {"path": f"/news/{NUL}/"}, "path"),
    ("/api/v1/pages/resolve/", {"path": "/" + "a" * 2001}, "path"),
    ("/api/v1/changes/", {"since": "last week"}, "since"),
    ("/api/v1/changes/", {"since": "-1"}, "since"),
    ("/api/v1/changes/", {"since": "9" * 40}, "since"),
    ("/api/v1/changes/", {"type": "image"}, "type"),
    ("/api/v1/changes/", {"limit": "500"}, "limit"),
    ("/api/v1/preview/", {"token": "x" * 1001}, "token"),
    ("/api/v1/", {"anything": "1"}, "anything"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD_PARAMETERS)
def test_bad_parameter_is_a_400_problem_naming_it(api, site_tree, path, params, name):
    PartnerFactory(slug="x")
    response = api.get(path, params, status=400)
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["type"] == "http://testserver/api/problems/invalid-parameters/"
    assert body["title"] == "Invalid query parameters"
    assert name in body["detail"]
    assert name in [entry["name"] for entry in body["invalid_params"]]
    assert all(entry["reason"] for entry in body["invalid_params"])


def test_every_bad_parameter_is_reported_at_once(api, site_tree):
    body = api.get(
        "/api/v1/news/", {"limit": "0", "offset": "-1", "tag": "!", "sort": "x"}, status=400
    ).json()
    assert sorted(entry["name"] for entry in body["invalid_params"]) == [
        "limit",
        "offset",
        "sort",
        "tag",
    ]


def test_unknown_parameter_reason_lists_the_accepted_ones(api, site_tree):
    body = api.get("/api/v1/partners/", {"tags": "x"}, status=400).json()
    assert "role" in body["invalid_params"][0]["reason"]


def test_problem_type_uri_explains_the_problem(api, site_tree):
    body = api.get("/api/v1/news/", {"limit": "0"}, status=400).json()
    # The explanation is for people and is not part of the versioned API's schema.
    explanation = api.client.get(body["type"]).json()
    assert explanation["title"] == body["title"]
    assert explanation["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing/",
        "/api/v2/pages/",
        "/api/",
        "/api/v1/news/12/extra/",
        "/api/v1/news/by-slug/",
        "/api/problems/no-such-problem/",
        # Line breaks, which a regular expression's "." does not match
        # (schemathesis found it: the site's HTML 404 answered).
        "/api/v1/partners/a%0Ab%0Dc%C2%85d%0Be%0Cf%E2%80%A8g%E2%80%A9h%0D%0Ai/",
        "/api/v1/news/by-slug/%0A/",
        "/api/v1/nothing%0A",
    ],
)
def test_unknown_api_address_is_a_404_problem(api, site_tree, path):
    body = api.get(path, status=404).json()
    assert body["status"] == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, site_tree, method):
    response = getattr(client, method)("/api/v1/news/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/method-not-allowed/")
    assert "GET" in response["Allow"]


def test_any_accept_header_gets_json(api, site_tree):
    response = api.get("/api/v1/news/", headers={"Accept": "text/html"})
    assert response["Content-Type"] == "application/json"


HOSTILE_VALUES = [
    NUL,
    "\x00\x01\x1f",
    "'; DROP TABLE wagtailcore_page; --",
    "%00",
    "../../etc/passwd",
    "<img src=x onerror=alert(1)>",
    "9" * 300,
    "-9" * 50,
    "\U0001f600" * 50,
    " ",
    "",
    "2007-02-29",
    "2007-06-01T25:61:00",
    "NaN",
    "1e309",
    "true",
    "[]",
    "{}",
]
PARAMETERS = [
    ("/api/v1/news/", "limit"),
    ("/api/v1/news/", "offset"),
    ("/api/v1/news/", "date_from"),
    ("/api/v1/news/", "date_to"),
    ("/api/v1/news/", "event_from"),
    ("/api/v1/news/", "work_package"),
    ("/api/v1/news/", "partner"),
    ("/api/v1/news/", "tag"),
    ("/api/v1/news/", "search"),
    ("/api/v1/news/", "ordering"),
    ("/api/v1/news/", "fields"),
    ("/api/v1/news/", "locale"),
    ("/api/v1/events/", "event_to"),
    ("/api/v1/partners/", "country"),
    ("/api/v1/partners/", "city"),
    ("/api/v1/tags/", "ordering"),
    ("/api/v1/work-packages/", "locale"),
    ("/api/v1/pages/resolve/", "path"),
    ("/api/v1/changes/", "since"),
    ("/api/v1/preview/", "token"),
]


@pytest.mark.parametrize(("path", "name"), PARAMETERS)
def test_hostile_values_never_cause_a_server_error(api, news, path, name):
    news(tags=["workshop"], partners=[PartnerFactory(slug="city-of-riga")])
    news()
    for value in HOSTILE_VALUES:
        response = api.client.get(path, {name: value})
        assert response.status_code < 500, (name, value, response.content[:300])
        assert response.status_code in (200, 400, 403, 404), (name, value)
        api.check(response)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/news/%00/",
        "/api/v1/news/by-slug/%00/",
        "/api/v1/partners/%00/",
        "/api/v1/news/99999999999999999999999999/",
        "/api/v1/work-packages/99999999999999999999999999/",
        "/api/v1/news/by-slug/" + "a" * 3000 + "/",
    ],
)
def test_hostile_paths_are_404s(api, demo, path):
    api.get(path, status=404)
