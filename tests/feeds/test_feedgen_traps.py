"""The traps of feedgen 1.0.0, each with its workaround tested on the real feeds.

Where the trap is feedgen's own behaviour, a first test shows it is still
there (if an upgrade fixes it, that test says so and the workaround can go).
"""

import datetime
import locale

import pytest
from feedgen.feed import FeedGenerator

from tests.conftest import forget_cached_outputs
from tests.factories import ImageFactory
from tests.feeds.conftest import fetch, parse_feed, xml_root

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def bare_generator():
    generator = FeedGenerator()
    generator.id("tag:example.org,2005:feed")
    generator.title("Feed")
    generator.description("A feed")
    generator.link(href="http://example.org/", rel="alternate")
    return generator


# add_entry() prepends


def test_feedgen_prepends_entries_by_default():
    generator = bare_generator()
    for title in ("first", "second"):
        entry = generator.add_entry()
        entry.id(f"tag:example.org,2005:{title}")
        entry.title(title)
        entry.content("x")
    assert [entry.title() for entry in generator.entry()] == ["second", "first"]


@pytest.mark.parametrize("path", ["/feeds/news.rss", "/feeds/news.atom"])
def test_entries_are_newest_first(client, make_news, path):
    old = make_news(publication_date=datetime.datetime(2006, 1, 1, tzinfo=datetime.UTC))
    new = make_news(publication_date=datetime.datetime(2007, 1, 1, tzinfo=datetime.UTC))
    titles = [entry.title for entry in parse_feed(client, path).entries]
    assert titles == [new.title, old.title]


# The RSS channel <link> is the last link() call's href


def test_feedgen_takes_the_rss_link_from_the_last_link_call():
    generator = bare_generator()
    generator.link(href="http://hub.example.org/", rel="hub")
    assert "<link>http://hub.example.org/</link>" in generator.rss_str().decode()


def test_the_rss_channel_links_to_the_site_even_with_a_hub_and_pages(client, make_news, settings):
    settings.WEBSUB_HUB_URL = "http://hub.example.org/"
    settings.FEED_ITEMS = 1
    make_news()
    make_news()
    channel = xml_root(fetch(client, "/feeds/news.rss")).find("channel")
    assert channel.find("link").text == "http://testserver/news/"


# RSS keeps only the self atom:link


def test_feedgen_drops_every_atom_link_but_self_from_rss():
    generator = bare_generator()
    generator.link(href="http://example.org/feed.rss", rel="self")
    generator.link(href="http://hub.example.org/", rel="hub")
    assert generator.rss_str().decode().count("<atom:link") == 1


def test_rss_keeps_the_hub_and_paging_links(client, make_news, settings):
    settings.WEBSUB_HUB_URL = "http://hub.example.org/"
    settings.FEED_ITEMS = 1
    make_news()
    make_news()
    links = xml_root(fetch(client, "/feeds/news.rss")).find("channel").findall(f"{A}link")
    assert {link.get("rel"): link.get("href") for link in links} == {
        "self": "http://testserver/feeds/news.rss",
        "first": "http://testserver/feeds/news.rss",
        "next": "http://testserver/feeds/news.rss?page=2",
        "last": "http://testserver/feeds/news.rss?page=2",
        "hub": "http://hub.example.org/",
    }


# updated() defaults to now()


def test_feedgen_dates_a_feed_now_unless_told():
    before = datetime.datetime.now(datetime.UTC)
    assert bare_generator().updated() >= before


def test_no_date_in_a_feed_is_the_time_of_rendering(client, make_news):
    make_news()
    first = fetch(client, "/feeds/news.atom").content
    forget_cached_outputs()
    assert fetch(client, "/feeds/news.atom").content == first
    first_rss = fetch(client, "/feeds/news.rss").content
    forget_cached_outputs()
    assert fetch(client, "/feeds/news.rss").content == first_rss


# Atom entry links lose rel, type and length (feedgen bug #135)


def test_feedgen_loses_the_rel_of_atom_entry_links():
    generator = bare_generator()
    entry = generator.add_entry()
    entry.id("tag:example.org,2005:1")
    entry.title("Entry")
    entry.content("x")
    entry.link(href="http://example.org/image.jpg", rel="enclosure", type="image/jpeg")
    assert 'rel="enclosure"' not in generator.atom_str().decode()


def test_an_atom_entry_has_one_alternate_and_one_typed_enclosure(client, make_news):
    make_news(lead_image=ImageFactory())
    entry = xml_root(fetch(client, "/feeds/news.atom")).find(f"{A}entry")
    links = entry.findall(f"{A}link")
    alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
    enclosures = [link for link in links if link.get("rel") == "enclosure"]
    assert len(alternates) == 1
    assert len(enclosures) == 1
    assert enclosures[0].get("type") == "image/jpeg"
    assert int(enclosures[0].get("length")) > 0


# content(type="CDATA") writes an invalid Atom type


def test_content_is_escaped_html_not_cdata(client, make_news):
    make_news(body=[("paragraph", "<p>Text</p>")])
    body = fetch(client, "/feeds/news.atom").content
    assert b"<![CDATA[" not in body
    content = xml_root(fetch(client, "/feeds/news.atom")).find(f"{A}entry/{A}content")
    assert content.get("type") == "html"
    assert b"<![CDATA[" not in fetch(client, "/feeds/news.rss").content


# media:content and media:thumbnail go into a media:group unless group=None


@pytest.mark.parametrize("path", ["/feeds/news.rss", "/feeds/news.atom"])
def test_media_elements_are_not_grouped(client, make_news, path):
    make_news(lead_image=ImageFactory())
    root = xml_root(fetch(client, path))
    item = root.find("channel/item") if path.endswith(".rss") else root.find(f"{A}entry")
    assert item.find(f"{MEDIA}group") is None
    assert item.find(f"{MEDIA}content") is not None
    assert item.find(f"{MEDIA}thumbnail") is not None


# Control characters raise ValueError


def test_feedgen_refuses_control_characters():
    generator = bare_generator()
    generator.title("Bell\x07")
    with pytest.raises(ValueError, match="XML compatible"):
        generator.atom_str()


def test_control_characters_are_stripped_before_feedgen(client, make_news):
    make_news(title="Bell\x07 and escape\x1b", teaser="Form\x0cfeed")
    entry = parse_feed(client, "/feeds/news.atom").entries[0]
    assert entry.title == "Bell and escape"
    assert entry.summary == "Formfeed"


# RFC 822 dates through locale.setlocale, which is process-wide


def test_rss_dates_are_written_without_touching_the_locale(client, make_news, monkeypatch):
    make_news()

    def refuse(*args):
        raise AssertionError("locale.setlocale is process-wide; feeds must not call it")

    monkeypatch.setattr(locale, "setlocale", refuse)
    channel = xml_root(fetch(client, "/feeds/news.rss")).find("channel")
    assert channel.find("lastBuildDate").text.endswith(" GMT")
    assert channel.find("item/pubDate").text.endswith(" GMT")
