"""The OpenAPI schema: valid, complete, served, and browsable from local files."""

import json
import os
import subprocess

from django.core.management import call_command

import pytest
import yaml
from bs4 import BeautifulSoup
from openapi_spec_validator import validate

from tests.services import ROOT, require

EXPECTED_PATHS = {
    "/api/v1/",
    "/api/v1/news/",
    "/api/v1/news/{id}/",
    "/api/v1/news/by-slug/{slug}/",
    "/api/v1/events/",
    "/api/v1/work-packages/",
    "/api/v1/work-packages/{id}/",
    "/api/v1/partners/",
    "/api/v1/partners/{slug}/",
    "/api/v1/tags/",
    "/api/v1/pages/resolve/",
    "/api/v1/changes/",
    "/api/v1/preview/",
}


def test_generated_schema_is_valid_openapi(openapi_schema):
    validate(json.loads(json.dumps(openapi_schema)))
    assert openapi_schema["openapi"].startswith("3.1")


def test_served_schema_is_valid_and_the_same(client, db, openapi_schema):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    served = response.json()
    validate(served)
    assert served["paths"].keys() == openapi_schema["paths"].keys()
    as_yaml = client.get("/api/schema/")
    assert yaml.safe_load(as_yaml.content)["info"]["title"] == "BaltMet Inno content API"


def test_every_endpoint_is_documented(openapi_schema):
    assert set(openapi_schema["paths"]) == EXPECTED_PATHS


def test_every_api_url_pattern_is_in_the_schema(openapi_schema):
    from api import urls

    routes = {
        "/" + str(pattern.pattern).replace("<id:pk>", "{id}").replace("<anyslug:slug>", "{slug}")
        for pattern in urls.urlpatterns
        if str(pattern.pattern).startswith("api/v1/")
    }
    assert routes == set(openapi_schema["paths"])


@pytest.mark.parametrize("path", sorted(EXPECTED_PATHS))
def test_every_parameter_has_a_description_and_an_example(openapi_schema, path):
    operation = openapi_schema["paths"][path]["get"]
    assert operation["summary"]
    for parameter in operation.get("parameters", []):
        assert parameter.get("description"), (path, parameter["name"])
        if parameter["in"] == "query" and parameter["name"] != "locale":
            assert parameter["schema"].get("examples"), (path, parameter["name"])


@pytest.mark.parametrize("path", sorted(EXPECTED_PATHS))
def test_no_parameter_is_prefilled_in_the_docs(openapi_schema, path):
    # Swagger UI fills "Try it out" with a parameter's example; only defaults
    # (which change nothing) may be filled in.
    for parameter in openapi_schema["paths"][path]["get"].get("parameters", []):
        assert "example" not in parameter, (path, parameter["name"])
        assert "examples" not in parameter, (path, parameter["name"])
        assert "example" not in parameter["schema"], (path, parameter["name"])


def test_the_examples_are_shown_in_the_descriptions(openapi_schema):
    parameters = openapi_schema["paths"]["/api/v1/news/"]["get"]["parameters"]
    search = next(parameter for parameter in parameters if parameter["name"] == "search")
    assert "`workshop`" in search["description"]
    assert search["schema"]["examples"] == ["workshop", '"Open Days"']


def test_the_paging_parameters_carry_their_bounds(openapi_schema):
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in openapi_schema["paths"]["/api/v1/news/"]["get"]["parameters"]
    }
    assert parameters["limit"] | {"examples": None} == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 20,
        "examples": None,
    }
    assert parameters["offset"]["minimum"] == 0
    assert parameters["offset"]["type"] == "integer"
    assert parameters["search"]["maxLength"] > 0
    assert set(parameters["ordering"]["enum"]) >= {"-published", "published"}


@pytest.mark.parametrize("path", sorted(EXPECTED_PATHS))
def test_every_whole_number_parameter_has_bounds(openapi_schema, path):
    for parameter in openapi_schema["paths"][path]["get"].get("parameters", []):
        if parameter["schema"]["type"] == "integer":
            assert "minimum" in parameter["schema"], (path, parameter["name"])
            assert "maximum" in parameter["schema"], (path, parameter["name"])


def test_the_server_is_base_url(openapi_schema, settings):
    assert openapi_schema["servers"] == [{"url": settings.BASE_URL, "description": "This site"}]


def test_examples_name_the_site_by_base_url(openapi_schema, settings):
    text = json.dumps(openapi_schema)
    assert "127.0.0.1:8000" not in text
    assert "{BASE_URL}" not in text
    example = openapi_schema["paths"]["/api/v1/"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]
    [root] = example.values()
    assert root["value"]["news"] == f"{settings.BASE_URL}/api/v1/news/"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/json", "application/json"),
        ("application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
        ("application/yaml", "application/yaml"),
        ("*/*", "application/vnd.oai.openapi"),
    ],
)
def test_the_schema_answers_in_the_format_accept_asks_for(client, db, accept, media_type):
    # Asked for twice, in two formats: the response cache keeps one copy per format.
    other = "application/yaml" if "json" in accept else "application/json"
    client.get("/api/schema/", HTTP_ACCEPT=other)
    response = client.get("/api/schema/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == media_type
    assert "Accept" in response["Vary"]
    parse = json.loads if "json" in media_type else yaml.safe_load
    assert parse(response.content)["info"]["title"] == "BaltMet Inno content API"


@pytest.mark.parametrize("path", sorted(EXPECTED_PATHS))
def test_every_response_is_documented_with_problem_details_for_errors(openapi_schema, path):
    responses = openapi_schema["paths"][path]["get"]["responses"]
    assert "application/json" in responses["200"]["content"]
    for status in ("400", "401", "429"):
        assert "application/problem+json" in responses[status]["content"], (path, status)


@pytest.mark.parametrize("path", sorted(EXPECTED_PATHS))
def test_every_endpoint_has_response_examples(openapi_schema, path):
    responses = openapi_schema["paths"][path]["get"]["responses"]
    assert responses["200"]["content"]["application/json"].get("examples"), path
    assert responses["400"]["content"]["application/problem+json"].get("examples"), path


def test_news_filters_are_all_documented(openapi_schema):
    names = {p["name"] for p in openapi_schema["paths"]["/api/v1/news/"]["get"]["parameters"]}
    assert names == {
        "work_package",
        "partner",
        "tag",
        "locale",
        "date_from",
        "date_to",
        "event_from",
        "event_to",
        "search",
        "ordering",
        "limit",
        "offset",
        "fields",
    }


def test_read_token_is_documented_as_optional_bearer_auth(openapi_schema):
    scheme = openapi_schema["components"]["securitySchemes"]["readToken"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    assert {} in openapi_schema["paths"]["/api/v1/news/"]["get"]["security"]


def test_docs_are_served_from_local_static_files(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    sources = [tag.get("src") for tag in page.find_all("script") if tag.get("src")]
    sources += [tag.get("href") for tag in page.find_all("link") if tag.get("href")]
    assert sources
    for source in sources:
        # Static files, and the page's start-up script (no inline script: the CSP).
        assert source.startswith(("/static/", "/api/docs/?")), source
        assert client.get(source).status_code == 200, source


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert yaml.safe_load(target.read_text())["paths"]


def test_the_schema_passes_redocly_lint(tmp_path):
    """``@redocly/cli lint`` with the recommended rules (redocly.yaml); .ci/run sets
    REDOCLY_CLI to the pinned package and REQUIRE_NODE_TESTS=1."""
    package = os.environ.get("REDOCLY_CLI")
    if not package:
        reason = "set REDOCLY_CLI=@redocly/cli@<version> to lint the schema (.ci/run does)"
        if os.environ.get("REQUIRE_NODE_TESTS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    npx = require("npx", "REQUIRE_NODE_TESTS", "Node.js with npm")
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    finished = subprocess.run(
        [npx, "--yes", package, "lint", "--config", str(ROOT / "redocly.yaml"), str(target)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
