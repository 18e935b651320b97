"""Text every feed must carry intact, and an item without a teaser. The hostile corpus
(scripts, control characters, non-characters, ...) through every output, feeds included,
is tests/test_hostile_corpus.py."""

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
