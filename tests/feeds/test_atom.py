"""Atom 1.0 (RFC 4287): required elements, links, content and dates."""

import datetime
import re

import pytest

from tests.factories import ImageFactory, WorkPackagePageFactory
from tests.feeds.conftest import fetch, parse_feed, xml_root

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The W3C validator's pattern for tag: URIs (RFC 4151).
TAG_URI = re.compile(
    r"^tag:([a-z0-9\-._]+?@)?[a-z0-9.\-]+?,\d{4}(-\d{2}(-\d{2})?)?:"
    r"[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*(#[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*)?$"
)


def feed_element(client, path="/feeds/news.atom"):
    return xml_root(fetch(client, path))


def test_the_atom_feed_is_served_as_atom(client, make_news):
    make_news()
    response = fetch(client, "/feeds/news.atom")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert parse_feed(client, "/feeds/news.atom").version == "atom10"


def test_the_feed_has_id_title_updated_author_and_self_link(client, make_news):
    make_news()
    feed = feed_element(client)
    assert TAG_URI.match(feed.find(f"{A}id").text)
    assert feed.find(f"{A}title").text == "BaltMet Inno news"
    assert feed.find(f"{A}updated").text
    assert feed.find(f"{A}author/{A}name").text == "BaltMet Inno"
    self_links = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == ["http://testserver/feeds/news.atom"]
    assert self_links[0].get("type") == "application/atom+xml"


def test_the_feed_links_to_the_news_page_of_the_site(client, make_news):
    make_news()
    alternates = [
        link for link in feed_element(client).findall(f"{A}link") if link.get("rel") == "alternate"
    ]
    assert [(link.get("href"), link.get("type")) for link in alternates] == [
        ("http://testserver/news/", "text/html")
    ]


def test_the_feed_has_an_icon_and_a_logo(client, make_news):
    make_news()
    feed = feed_element(client)
    assert feed.find(f"{A}icon").text == "http://testserver/static/feeds/icon.png"
    assert feed.find(f"{A}logo").text == "http://testserver/static/feeds/logo.png"


def test_the_feed_and_its_entries_say_their_language(client, make_news):
    make_news()
    feed = feed_element(client)
    assert feed.get(XML_LANG) == "en"
    assert feed.find(f"{A}entry").get(XML_LANG) == "en"


def test_every_entry_has_the_required_elements(client, make_news):
    news = make_news(title="Open Days seminar", teaser="Seminar in Brussels.")
    entry = parse_feed(client, "/feeds/news.atom").entries[0]
    assert entry.id == f"tag:testserver,2005:news/{news.pk}"
    assert TAG_URI.match(entry.id)
    assert entry.title == "Open Days seminar"
    assert entry.author == "BaltMet Inno"
    assert entry.summary == "Seminar in Brussels."
    assert entry.link == f"http://testserver/news/{news.slug}/"
    assert entry.updated and entry.published


def test_published_and_updated_are_the_pages_own_dates(client, make_news):
    news = make_news(publication_date=datetime.datetime(2006, 5, 1, 9, 30, tzinfo=datetime.UTC))
    news.refresh_from_db()
    entry = feed_element(client).find(f"{A}entry")
    published = datetime.datetime.fromisoformat(entry.find(f"{A}published").text)
    updated = datetime.datetime.fromisoformat(entry.find(f"{A}updated").text)
    assert published == news.publication_date
    assert updated == news.last_published_at


def test_the_feed_is_as_recent_as_its_newest_entry(client, make_news):
    make_news()
    newest = make_news()
    newest.refresh_from_db()
    updated = feed_element(client).find(f"{A}updated").text
    assert datetime.datetime.fromisoformat(updated) == newest.last_published_at


def test_content_is_escaped_html_with_absolute_urls(client, make_news, site_tree):
    image = ImageFactory()
    make_news(
        body=[
            ("paragraph", f'<p>See <a linktype="page" id="{site_tree.news_index.pk}">all</a>.</p>'),
            ("image", {"image": {"image": image, "alt_text": "Delegates", "decorative": False}}),
        ]
    )
    content = feed_element(client).find(f"{A}entry/{A}content")
    assert content.get("type") == "html"
    html = content.text
    assert '<a href="http://testserver/news/">all</a>' in html
    rendition = image.get_rendition("width-960")
    assert f'src="http://testserver{rendition.url}"' in html
    assert 'alt="Delegates"' in html
    assert not re.search(r'(href|src)="/', html)


def test_a_teaser_is_a_summary_of_escaped_text(client, make_news):
    make_news(teaser="Tables: <b> is not bold here & never was.")
    summary = feed_element(client).find(f"{A}entry/{A}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Tables: &lt;b&gt; is not bold here &amp; never was."
    entry = parse_feed(client, "/feeds/news.atom").entries[0]
    assert "<b>" not in entry.summary


def test_the_lead_image_is_an_enclosure_link_with_type_and_length(client, make_news):
    image = ImageFactory()
    make_news(lead_image=image)
    links = feed_element(client).find(f"{A}entry").findall(f"{A}link")
    rendition = image.get_rendition("width-960")
    assert [(link.get("rel"), link.get("type")) for link in links] == [
        ("alternate", "text/html"),
        ("enclosure", "image/jpeg"),
    ]
    assert links[1].get("length") == str(rendition.file.size)
    assert links[1].get("href") == f"http://testserver{rendition.url}"


def test_entries_carry_their_categories_with_schemes(client, make_news):
    make_news(tags=["Innovation policy"])
    category = feed_element(client).find(f"{A}entry/{A}category")
    assert category.get("term") == "innovation-policy"
    assert category.get("label") == "Innovation policy"
    assert category.get("scheme") == "http://testserver/news/"


def test_a_work_package_without_a_number_is_a_category_by_its_slug(client, make_news, site_tree):
    known = WorkPackagePageFactory(
        parent=site_tree.work_package_index, number=None, title="Knowledge networks", slug="kn"
    )
    make_news(work_packages=[known])
    category = feed_element(client).find(f"{A}entry/{A}category")
    assert (category.get("term"), category.get("label")) == ("wp-kn", "Knowledge networks")
