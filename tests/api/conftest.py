"""Helpers for the API tests: a client that holds every response to the schema."""

import re

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator

from tests.factories import NewsPageFactory


@pytest.fixture(scope="session")
def openapi_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


class SchemaMismatch(AssertionError):
    pass


class Api:
    """GETs through Django's test client; every JSON answer is checked against the schema.

    A response whose path and status the schema documents must match the
    documented body; a path the schema does not know must be a 404 problem.
    """

    def __init__(self, client, schema):
        self.client = client
        self.schema = schema
        self.routes = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), operations)
            for path, operations in schema["paths"].items()
        ]

    def get(self, url, data=None, status=200, headers=None, method="get"):
        response = getattr(self.client, method)(url, data, headers=headers or {})
        assert response.status_code == status, (
            f"{url} {data}: expected {status}, got {response.status_code}: "
            f"{response.content[:800]!r}"
        )
        if method == "get" and response.status_code != 304:
            self.check(response)
        return response

    def check(self, response):
        path = response.wsgi_request.path
        content_type = response["Content-Type"].split(";")[0]
        if response.status_code >= 400:
            assert content_type == "application/problem+json", content_type
        for pattern, operations in self.routes:
            if pattern.match(path):
                responses = operations["get"]["responses"]
                documented = responses.get(str(response.status_code))
                assert documented is not None, f"{path}: status {response.status_code} undocumented"
                content = documented["content"].get(content_type)
                assert content is not None, f"{path}: {content_type} undocumented"
                self.validate(response.json(), content["schema"])
                return
        assert response.status_code == 404, f"{path} is not in the schema"

    def validate(self, body, schema):
        wrapper = {"components": self.schema["components"], **schema}
        validator = Draft202012Validator(
            wrapper, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = sorted(validator.iter_errors(body), key=lambda error: error.path)
        if errors:
            raise SchemaMismatch("\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors))


@pytest.fixture
def api(client, openapi_schema):
    return Api(client, openapi_schema)


@pytest.fixture
def news(site_tree):
    """A factory of published news under the site's news index."""

    def make(**kwargs):
        kwargs.setdefault("parent", site_tree.news_index)
        return NewsPageFactory(**kwargs)

    return make


def make_document(title):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
    )


def results(response):
    return response.json()["results"]


def ids(response):
    return [item["id"] for item in results(response)]
