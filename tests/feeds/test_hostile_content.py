"""Whatever an editor types, every feed stays well-formed and sanitised, and never fails."""

import json

import feedparser
import icalendar
import pytest

from cms.models import NewsPage
from tests.feeds.conftest import (
    ALL_PATHS,
    fetch,
    parse_calendar,
    parse_feed,
    parse_json,
    titles_in,
    xml_root,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTROL = "\x01\x08\x0b\x0c\x1b\x7f\x85\x9f"
RTL = "\u202eمؤتمر المدن\u202c עברית"
EMOJI = "🌊 Baltic 🇱🇻🇪🇪 🧑🏽‍💻"

HOSTILE = {
    "control characters": {
        "title": f"Bell{CONTROL}and escape",
        "teaser": f"Teaser{CONTROL}with controls",
        "body": [("paragraph", f"<p>Body{CONTROL}text</p>"), ("heading", {"text": f"H{CONTROL}"})],
    },
    "script": {
        "title": "<script>alert('title')</script>",
        "teaser": "<script>alert('teaser')</script>",
        "body": [
            ("paragraph", "<p>Hi</p><script>alert('body')</script><p>there</p>"),
            ("quote", {"text": "<script>alert('quote')</script>", "attribution": "<b>x</b>"}),
        ],
    },
    "cdata end": {
        "title": "Ends ]]> here",
        "teaser": "A ]]> in the teaser",
        "body": [("paragraph", "<p>]]&gt; and ]]> and <![CDATA[ x ]]></p>")],
    },
    "event handlers and javascript links": {
        "title": '<img src=x onerror="alert(1)">',
        "teaser": "onerror=alert(1)",
        "body": [
            (
                "paragraph",
                '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(1)" '
                'onclick="alert(2)">click</a><span style="background:url(x)">s</span></p>',
            )
        ],
    },
    "right to left": {
        "title": RTL,
        "teaser": RTL,
        "body": [("paragraph", f"<p dir='rtl'>{RTL}</p>")],
    },
    "emoji": {
        "title": EMOJI,
        "teaser": EMOJI,
        "body": [("paragraph", f"<p>{EMOJI}</p>")],
    },
    "a megabyte of body": {
        "title": "Long read",
        "teaser": "Very long.",
        "body": [
            ("paragraph", "<p>" + "Innovation policy in the Baltic Sea region. " * 24_000 + "</p>")
        ],
    },
    "markup in the title": {
        "title": "Results & <conclusions> of \"WP 3\" 'n' stuff",
        "teaser": "5 < 6 & 7 > 3",
        "body": [],
    },
}


@pytest.fixture(params=HOSTILE, ids=list(HOSTILE))
def hostile(request, make_event):
    content = HOSTILE[request.param]
    return make_event(title=content["title"], teaser=content["teaser"], body=content["body"])


def all_responses(client):
    return {path: fetch(client, path) for path in ALL_PATHS}


def test_every_feed_is_well_formed(client, hostile):
    responses = all_responses(client)
    for path in ("/feeds/news.rss", "/feeds/news.atom"):
        xml_root(responses[path])
        assert feedparser.parse(responses[path].content).bozo == 0
    json.loads(responses["/feeds/news.json"].content)
    calendar = icalendar.Calendar.from_ical(responses["/feeds/events.ics"].content)
    assert len(calendar.walk("VEVENT")) == 1


def test_no_control_character_reaches_a_feed(client, hostile):
    for path, response in all_responses(client).items():
        text = response.content.decode()
        for character in CONTROL:
            assert character not in text, (path, repr(character))


def test_the_content_is_sanitised(client, hostile):
    document = parse_json(client, "/feeds/news.json")
    entry = parse_feed(client, "/feeds/news.atom").entries[0]
    for html in (document["items"][0]["content_html"], entry.content[0].value):
        lowered = html.lower()
        assert "<script" not in lowered
        assert "onerror" not in lowered
        assert "onclick" not in lowered
        assert "javascript:" not in lowered
        assert "style=" not in lowered


def test_titles_and_teasers_stay_text(client, hostile):
    item = parse_json(client, "/feeds/news.json")["items"][0]
    page = NewsPage.objects.get(pk=hostile.pk)
    # What the editor typed, less the control characters, and nothing more.
    for character in CONTROL:
        page.title = page.title.replace(character, "")
    assert item["title"] == page.title.strip()
    atom_entry = xml_root(fetch(client, "/feeds/news.atom")).find(f"{ATOM}entry")
    assert atom_entry.find(f"{ATOM}title").text == page.title.strip()


def test_text_survives_intact(client, make_event):
    make_event(title=f"{EMOJI} {RTL}", body=[("paragraph", f"<p>{EMOJI} {RTL}</p>")])
    for path in ALL_PATHS:
        (title,) = titles_in(client, path)
        assert title == f"{EMOJI} {RTL}", path
    html = parse_json(client, "/feeds/news.json")["items"][0]["content_html"]
    assert f"{EMOJI} {RTL}" in html


def test_an_empty_teaser_gives_a_valid_item(client, make_event):
    page = make_event()
    # Editors cannot save one; an import or an old database may hold one.
    NewsPage.objects.filter(pk=page.pk).update(teaser="")
    rss_item = xml_root(fetch(client, "/feeds/news.rss")).find("channel/item")
    assert rss_item.find("description").text  # the full text stands in for the summary
    atom_entry = xml_root(fetch(client, "/feeds/news.atom")).find(f"{ATOM}entry")
    assert atom_entry.find(f"{ATOM}summary") is None
    assert atom_entry.find(f"{ATOM}content").text
    assert "summary" not in parse_json(client, "/feeds/news.json")["items"][0]
    assert parse_feed(client, "/feeds/news.rss").entries
    assert parse_calendar(client).walk("VEVENT")


def test_a_title_of_nothing_but_control_characters_still_gives_a_title(client, make_event):
    page = make_event()
    NewsPage.objects.filter(pk=page.pk).update(title=CONTROL)
    assert parse_json(client, "/feeds/news.json")["items"][0]["title"] == "Untitled"
    assert parse_feed(client, "/feeds/news.rss").entries[0].title == "Untitled"
