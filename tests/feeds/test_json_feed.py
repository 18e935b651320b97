"""JSON Feed 1.1, checked against a JSON Schema of the version 1.1 specification."""

import datetime

from django.test import override_settings

import jsonschema
import pytest

from cms.models import NewsPage
from tests.factories import ImageFactory
from tests.feeds.conftest import fetch, parse_json

pytestmark = pytest.mark.django_db

RFC3339 = {"type": "string", "format": "date-time"}
# jsonschema checks the "uri" format only with rfc3987 installed; the pattern
# holds the feeds to absolute web URLs either way.
URL = {"type": "string", "format": "uri", "pattern": "^https?://[^\\s]+$"}
AUTHOR = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "url": URL, "avatar": URL},
    "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
}
ITEM_MEMBERS = [
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "author", "tags", "language",
    "attachments",
]  # fmt: skip
ITEM_MEMBERS = [
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "author", "tags", "language",
    "attachments",
]  # fmt: skip
# https://www.jsonfeed.org/version/1.1/, as a schema: required members, their
# types, and the rule that an item has content_html or content_text.
JSON_FEED_1_1 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": URL,
        "feed_url": URL,
        "description": {"type": "string"},
        "user_comment": {"type": "string"},
        "next_url": URL,
        "icon": URL,
        "favicon": URL,
        "authors": {"type": "array", "items": AUTHOR},
        "language": {"type": "string", "pattern": "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$"},
        "expired": {"type": "boolean"},
        "hubs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "url"],
                "properties": {"type": {"type": "string"}, "url": URL},
            },
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": URL,
                    "external_url": URL,
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": URL,
                    "banner_image": URL,
                    "date_published": RFC3339,
                    "date_modified": RFC3339,
                    "authors": {"type": "array", "items": AUTHOR},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                    "attachments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["url", "mime_type"],
                            "properties": {
                                "url": URL,
                                "mime_type": {"type": "string", "pattern": "^[^/]+/[^/]+$"},
                                "title": {"type": "string"},
                                "size_in_bytes": {"type": "integer", "minimum": 0},
                                "duration_in_seconds": {"type": "number", "minimum": 0},
                            },
                        },
                    },
                },
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                # Extensions start with an underscore and a letter.
                "propertyNames": {"anyOf": [{"enum": ITEM_MEMBERS}, {"pattern": "^_[a-zA-Z]"}]},
            },
        },
    },
}


def validate(document):
    jsonschema.validate(
        document,
        JSON_FEED_1_1,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_the_schema_rejects_what_json_feed_forbids():
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": [{}]})
    with pytest.raises(jsonschema.ValidationError):
        validate(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "x",
                "items": [{"id": "1", "content_html": "", "url": "/news/relative/"}],
            }
        )
    with pytest.raises(jsonschema.ValidationError):
        validate(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "x",
                "items": [{"id": "1", "content_html": "", "date_published": "yesterday"}],
            }
        )


def test_the_json_feed_is_served_as_feed_json(client, make_news):
    make_news()
    assert fetch(client, "/feeds/news.json")["Content-Type"] == "application/feed+json"


def test_the_json_feed_validates_against_json_feed_1_1(client, make_news, make_event):
    make_news(lead_image=ImageFactory(), tags=["clusters"])
    event = make_event()
    # Editors cannot save an empty teaser; imported pages may still have one.
    NewsPage.objects.filter(pk=event.pk).update(teaser="")
    document = parse_json(client, "/feeds/news.json")
    validate(document)
    (item,) = [item for item in document["items"] if item["id"].endswith(f"/{event.pk}")]
    assert "summary" not in item


def test_a_filtered_json_feed_validates_too(client, make_news):
    make_news(tags=["clusters"])
    document = parse_json(client, "/feeds/news.json?tag=clusters")
    validate(document)
    assert document["feed_url"] == "http://testserver/feeds/news.json?tag=clusters"


def test_the_feed_describes_itself(client, make_news):
    make_news()
    document = parse_json(client, "/feeds/news.json")
    assert document["title"] == "BaltMet Inno news"
    assert document["home_page_url"] == "http://testserver/news/"
    assert document["feed_url"] == "http://testserver/feeds/news.json"
    assert document["icon"] == "http://testserver/static/feeds/icon.png"
    assert document["favicon"] == "http://testserver/static/feeds/favicon.png"
    assert document["authors"] == [{"name": "BaltMet Inno", "url": "http://testserver/"}]
    assert document["language"] == "en"


def test_an_item_has_what_a_reader_shows(client, make_news):
    image = ImageFactory()
    news = make_news(
        title="Cluster alliances",
        teaser="Berlin hosts the network.",
        lead_image=image,
        tags=["clusters"],
        body=[("paragraph", "<p>Full text.</p>")],
    )
    news.refresh_from_db()
    item = parse_json(client, "/feeds/news.json")["items"][0]
    rendition = image.get_rendition("width-960")
    assert item["id"] == f"tag:testserver,2005:news/{news.pk}"
    assert item["url"] == f"http://testserver/news/{news.slug}/"
    assert item["title"] == "Cluster alliances"
    assert item["summary"] == "Berlin hosts the network."
    assert "<p>Full text.</p>" in item["content_html"]
    assert item["image"] == f"http://testserver{rendition.url}"
    assert item["attachments"] == [
        {
            "url": f"http://testserver{rendition.url}",
            "mime_type": "image/jpeg",
            "size_in_bytes": rendition.file.size,
        }
    ]
    assert datetime.datetime.fromisoformat(item["date_published"]) == news.publication_date
    assert datetime.datetime.fromisoformat(item["date_modified"]) == news.last_published_at
    assert item["tags"] == ["clusters"]
    assert item["language"] == "en"


def test_an_event_is_described_in_an_extension(client, make_event):
    make_event(event_venue="Town hall", event_end_date=datetime.date(2006, 6, 14))
    event = parse_json(client, "/feeds/news.json")["items"][0]["_event"]
    assert event == {
        "starts": "2006-06-13",
        "ends": "2006-06-14",
        "all_day": True,
        "location": "Town hall, Riga, Finland",
        "time_zone": "Europe/Riga",
    }


@override_settings(FEED_ITEMS=2)
def test_next_url_leads_to_the_older_items(client, make_news):
    for _ in range(3):
        make_news()
    document = parse_json(client, "/feeds/news.json")
    assert document["next_url"] == "http://testserver/feeds/news.json?page=2"
    assert "next_url" not in parse_json(client, "/feeds/news.json?page=2")
