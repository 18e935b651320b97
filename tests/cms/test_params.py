"""The parameter layer every endpoint reads its query with: the API, the feeds, the widget,
oEmbed. What it refuses, it refuses the same way everywhere: a 400 problem naming each
parameter at fault."""

import pytest

from cms.params import QueryParameters, SlugField, WholeNumberField
from cms.problems import Problem

# NUL, the non-characters U+FFFE and U+10FFFF, and one of U+FDD0..U+FDEF.
UNUSABLE = ["\x00", "\ufffe", "\U0010ffff", "\ufdd0"]
ENDPOINTS = [
    ("/api/v1/news/", "tag"),
    ("/feeds/news.rss", "tag"),
    ("/feeds/events.ics", "partner"),
    ("/embed/news.json", "portal"),
    ("/embed/news/", "locale"),
    ("/oembed/", "url"),
]


def problem_of(response, status=400):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.mark.parametrize("character", UNUSABLE, ids=["nul", "fffe", "10ffff", "fdd0"])
@pytest.mark.parametrize(("path", "name"), ENDPOINTS)
def test_control_characters_and_non_characters_are_a_400_naming_the_parameter(
    client, site_tree, path, name, character
):
    body = problem_of(client.get(path, {name: f"riga{character}"}))
    assert body["title"] == "Invalid query parameters"
    assert body["type"] == "http://testserver/api/problems/invalid-parameters/"
    assert name in [entry["name"] for entry in body["invalid_params"]]


@pytest.mark.parametrize("path", ["/api/v1/news/", "/feeds/news.atom", "/embed/news.json"])
def test_every_endpoint_reports_every_bad_parameter_at_once(client, site_tree, path):
    body = problem_of(client.get(path, {"tag": "<b>", "locale": "!!", "colour": "red"}))
    assert {"tag", "locale", "colour"} <= {entry["name"] for entry in body["invalid_params"]}


class Example(QueryParameters):
    count = WholeNumberField(min_value=1, max_value=9, default=3)
    name = SlugField()


def test_absent_and_empty_values_take_the_default():
    assert Example.read({"name": "  "}) == {"count": 3}


def test_values_are_trimmed_and_converted():
    assert Example.read({"count": " 4 ", "name": "riga"}) == {"count": 4, "name": "riga"}


@pytest.mark.parametrize("value", ["1.0", "1e3", "\uff15", "10", "0"])
def test_a_whole_number_is_ascii_digits_within_its_bounds(value):
    with pytest.raises(Problem) as raised:
        Example.read({"count": value})
    assert raised.value.status == 400
    assert [entry["name"] for entry in raised.value.invalid_params] == ["count"]
