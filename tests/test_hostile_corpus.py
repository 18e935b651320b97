"""A corpus of hostile titles and bodies, published once for the module, read back from every
output: the site's pages, the API, RSS, Atom, JSON Feed, iCalendar, the widget's data and
its iframe, a card, oEmbed and the webhooks' messages.

Each output must stay well-formed (the feeds parsed by feedparser without complaint, the
XML by ElementTree, the API held to its schema, the HTML by BeautifulSoup), carry no
character XML cannot, show titles as the text the editor wrote, and keep no script, event
handler, ``javascript:`` link or link to a page the public may not see.
"""

import html
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

from django.db import transaction

from wagtail.models import PageViewRestriction

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from drf_spectacular.generators import SchemaGenerator

from cms.html import clean_html
from cms.rendering import text
from cms.text import NON_CHARACTERS, strip_unusable_characters
from partners import sender
from partners.models import WebhookDelivery
from tests.api.conftest import Api
from tests.conftest import SiteTree, module_transaction
from tests.factories import CityFactory, NewsPageFactory, PartnerPortalFactory
from tests.feeds.conftest import shown_title

pytestmark = pytest.mark.django_db

CONTROL = "\x01\x08\x0b\x0c\x1b\x7f\x85\x9f"
NON_CHARACTER_SAMPLE = "\ufffe\uffff\ufdd0\U0001fffe\U0010ffff"
RTL = "\u202eمؤتمر المدن\u202c עברית"
COMBINING = "Z\u0351\u0334\u0321a\u0337\u0322l\u0338g\u0335o\u0300\u0301\u0302\u0303"
DRAFT_SLUG = "secret-draft-plans"
PRIVATE_SLUG = "members-only-minutes"

# Rich text that links to the draft and the private page is written per case
# (``{draft}`` and ``{private}`` are their ids).
CORPUS = {
    "control characters": {
        "title": f"Bell{CONTROL}and escape",
        "teaser": f"Teaser{CONTROL}with controls",
        "body": [("paragraph", f"<p>Body{CONTROL}text</p>"), ("heading", {"text": f"H{CONTROL}"})],
    },
    "non-characters": {
        "title": f"Not{NON_CHARACTER_SAMPLE}characters",
        "teaser": f"Teaser{NON_CHARACTER_SAMPLE}",
        "body": [("paragraph", f"<p>Body{NON_CHARACTER_SAMPLE}</p>")],
    },
    "cdata end": {
        "title": "Ends ]]> here",
        "teaser": "A ]]> in the teaser",
        "body": [("paragraph", "<p>]]&gt; and ]]> and <![CDATA[ x ]]></p>")],
    },
    "script": {
        "title": "<script>alert('title')</script>",
        "teaser": "<script>alert('teaser')</script>",
        "body": [
            ("paragraph", "<p>Hi</p><script>alert('body')</script><p>there</p>"),
            ("quote", {"text": "<script>alert('quote')</script>", "attribution": "<b>x</b>"}),
        ],
    },
    "event handlers and javascript links": {
        "title": '<img src=x onerror="alert(1)">',
        "teaser": "onerror=alert(1)",
        "body": [
            (
                "paragraph",
                '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(1)" '
                'onclick="alert(2)">click</a><a href="JaVaScRiPt:alert(3)">again</a>'
                '<svg onload="alert(4)"></svg><span style="background:url(x)">s</span></p>',
            )
        ],
    },
    "links to pages the public may not see": {
        "title": "Links to a draft and a private page",
        "teaser": "Two links",
        "body": [
            (
                "paragraph",
                '<p><a linktype="page" id="{draft}">the draft</a> and '
                '<a linktype="page" id="{private}">the minutes</a></p>',
            )
        ],
    },
    "markup in the title": {
        "title": "Results & <conclusions> of \"WP 3\" 'n' &amp; stuff",
        "teaser": "5 < 6 & 7 > 3",
        "body": [],
    },
    "right to left and combining marks": {
        "title": f"{RTL} {COMBINING}",
        "teaser": RTL,
        "body": [("paragraph", f"<p dir='rtl'>{RTL} {COMBINING}</p>")],
    },
    "very long text": {
        "title": "Long " + "x" * 240,
        "teaser": "Very long. " * 50,
        "body": [("paragraph", "<p>" + "Innovation in the Baltic Sea region. " * 5_000 + "</p>")],
    },
}


def expected_title(case):
    """The title every output shows: what the editor wrote, less what XML cannot carry."""
    return strip_unusable_characters(CORPUS[case]["title"]).strip()


class Corpus:
    def __init__(self, pages, draft, private):
        self.pages = pages  # case name -> the published news page
        self.draft = draft
        self.private = private

    def case_of(self, page_id):
        return next(case for case, page in self.pages.items() if page.pk == page_id)


@pytest.fixture(scope="module")
def corpus_built_for_module(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        tree = SiteTree.load()
        city = CityFactory(name="Riga", time_zone="Europe/Riga")
        # A portal with a webhook: each publish writes its message to the outbox
        # (nothing is sent: the transaction never commits).
        PartnerPortalFactory(slug="riga", webhook_url="http://127.0.0.1:9/hook")
        draft = NewsPageFactory(parent=tree.news_index, slug=DRAFT_SLUG, title="Draft plans")
        draft.unpublish()
        private = NewsPageFactory(parent=tree.news_index, slug=PRIVATE_SLUG, title="Minutes")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        pages = {}
        for case, content in CORPUS.items():
            body = [
                (kind, value.format(draft=draft.pk, private=private.pk))
                if isinstance(value, str) and "linktype" in value
                else (kind, value)
                for kind, value in content["body"]
            ]
            pages[case] = NewsPageFactory(
                parent=tree.news_index,
                title=content["title"],
                teaser=content["teaser"],
                body=body,
                event_city=city,
                event_start_date="2006-06-13",
            )
        yield Corpus(pages, draft, private)
        transaction.set_rollback(True)


@pytest.fixture
def corpus(corpus_built_for_module, db):
    return corpus_built_for_module


# What no output may carry ------------------------------------------------------------

SCRIPT_FROM_CONTENT = re.compile(r"alert\(")


# Fields of JSON outputs that are plain text (the consumer escapes them), not HTML.
PLAIN_TEXT = {"title", "teaser", "summary", "alt", "attribution", "text", "caption", "name"}


def html_in(value, key=None):
    """(HTML?, string) for every string in a JSON value."""
    if isinstance(value, str):
        yield key not in PLAIN_TEXT, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from html_in(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from html_in(item, key)


def assert_clean_html(fragment, where, corpus):
    """Sanitised HTML (or a JSON value: each of its HTML strings): no scripts, no event
    handlers, no javascript: links, no way to the draft or the private page."""
    if not isinstance(fragment, str):
        for is_html, text in html_in(fragment):
            if is_html:
                assert_clean_html(text, where, corpus)
            else:
                assert_carriable(text, where)
        return
    assert_carriable(fragment, where)
    if "<" not in fragment:
        return
    soup = BeautifulSoup(fragment, "html.parser")
    assert not soup.find_all(["script", "svg", "iframe", "style"]), where
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (where, element)
            assert name.lower() != "style", (where, element)
            values = value if isinstance(value, list) else [value]
            for text in values:
                assert not text.strip().lower().startswith("javascript:"), (where, element)
    lowered = fragment.lower()
    assert DRAFT_SLUG not in lowered and PRIVATE_SLUG not in lowered, where
    assert_carriable(fragment, where)


def assert_carriable(text, where):
    """No control character (but tab and newlines) and no non-character or lone surrogate."""
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text), where
    assert not NON_CHARACTERS.search(text), where


# The feeds ---------------------------------------------------------------------------


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return response


@pytest.mark.parametrize("path", ["/feeds/news.rss", "/feeds/news.atom"])
def test_the_xml_feeds_parse_without_complaint_and_show_the_titles_as_text(client, corpus, path):
    response = fetch(client, path)
    ET.fromstring(response.content)  # noqa: S314 - the site's own output, in a test
    assert_carriable(response.content.decode(), path)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    shown = {shown_title(entry) for entry in parsed.entries}
    assert {expected_title(case) for case in CORPUS} <= shown
    for entry in parsed.entries:
        assert_clean_html(entry.content[0].value, (path, entry.title[:40]), corpus)
        assert_clean_html(entry.get("summary", ""), (path, entry.title[:40]), corpus)


def test_rss_titles_are_html_that_shows_the_text_written(client, corpus):
    """Readers that render an RSS title as HTML see the text, never markup."""
    parsed = feedparser.parse(fetch(client, "/feeds/news.rss").content)
    entry = next(e for e in parsed.entries if "script" in e.title)
    assert entry.title_detail.type == "text/html"
    assert entry.title == html.escape(expected_title("script"), quote=False)
    assert BeautifulSoup(entry.title, "html.parser").find_all(True) == []


def test_the_json_feed_carries_text_titles_and_clean_bodies(client, corpus):
    document = json.loads(fetch(client, "/feeds/news.json").content)
    titles = {item["title"] for item in document["items"]}
    assert {expected_title(case) for case in CORPUS} <= titles
    for item in document["items"]:
        assert_clean_html(item["content_html"], ("json", item["title"][:40]), corpus)


def test_the_calendar_parses_with_every_event(client, corpus):
    response = fetch(client, "/feeds/events.ics")
    assert_carriable(response.content.decode(), "ics")
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert {expected_title(case) for case in CORPUS} <= summaries


# The API -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def api(client, schema):
    return Api(client, schema)


def test_the_api_list_matches_its_schema_with_clean_bodies(api, corpus):
    body = api.get("/api/v1/news/", {"limit": 100, "fields": "id,title,body"}).json()
    listed = {item["id"]: item for item in body["results"]}
    assert set(listed) >= {page.pk for page in corpus.pages.values()}
    for page_id, item in listed.items():
        assert_clean_html(item, ("api", page_id), corpus)


def test_each_api_item_matches_its_schema(api, corpus):
    for case, page in corpus.pages.items():
        item = api.get(f"/api/v1/news/{page.pk}/").json()
        assert item["title"] == expected_title(case)
        assert_clean_html(item, ("api item", case), corpus)


# The site ----------------------------------------------------------------------------


def assert_clean_page(response, where, corpus):
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        assert not SCRIPT_FROM_CONTENT.search(script.get_text()), where
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (where, element.name, name)
            if name in ("href", "src", "action"):
                assert not str(value).strip().lower().startswith("javascript:"), (where, value)
    text = response.content.decode()
    assert DRAFT_SLUG not in text and PRIVATE_SLUG not in text, where
    return soup


def test_every_news_page_of_the_site_is_clean(client, corpus):
    for case, page in corpus.pages.items():
        response = client.get(page.url)
        assert response.status_code == 200, case
        soup = assert_clean_page(response, case, corpus)
        heading = strip_unusable_characters(soup.find("h1").get_text()).strip()
        assert heading == expected_title(case)


def test_the_news_index_of_the_site_is_clean(client, corpus):
    assert_clean_page(fetch(client, "/news/"), "news index", corpus)


def test_the_site_cleans_rich_text_written_around_the_admin(client, corpus):
    soup = assert_clean_page(
        client.get(corpus.pages["event handlers and javascript links"].url), "site", corpus
    )
    link = soup.find("a", string="click")
    assert link is not None and link.get("href") is None


def test_a_tag_only_a_draft_carries_is_unknown_to_the_feeds(client, corpus):
    corpus.draft.tags.add("draft-only-topic")
    corpus.draft.save_revision()
    assert client.get("/feeds/news.rss?tag=draft-only-topic").status_code == 404
    assert client.get("/feeds/news.rss?tag=no-such-topic").status_code == 404


# The partners' outputs ---------------------------------------------------------------


def test_the_widget_data_is_json_with_text_titles(client, corpus):
    document = json.loads(fetch(client, "/embed/news.json?portal=riga&limit=20").content)
    assert_carriable(json.dumps(document, ensure_ascii=False), "widget")
    titles = {item["title"] for item in document["items"]}
    assert titles <= {expected_title(case) for case in CORPUS} | {"Draft plans", "Minutes"}
    assert titles


def test_the_widget_iframe_and_every_card_are_clean(client, corpus):
    assert_clean_page(fetch(client, "/embed/news/?portal=riga&limit=20"), "frame", corpus)
    for case, page in corpus.pages.items():
        soup = assert_clean_page(fetch(client, f"/embed/news/{page.pk}/"), ("card", case), corpus)
        assert expected_title(case) in soup.get_text()


def test_oembed_documents_carry_the_title_as_text_and_escape_it_in_the_html(client, corpus):
    for case, page in corpus.pages.items():
        query = urlencode({"url": page.full_url, "format": "json"})
        document = json.loads(fetch(client, f"/oembed/?{query}").content)
        assert document["title"] == expected_title(case), case
        frame = BeautifulSoup(document["html"], "html.parser").find_all(True)
        assert [element.name for element in frame] == ["iframe"], case
        assert frame[0]["title"] == expected_title(case)


def test_webhook_messages_are_json_with_clean_items(corpus):
    deliveries = WebhookDelivery.objects.filter(
        page_id__in=[page.pk for page in corpus.pages.values()]
    )
    assert deliveries.count() == len(CORPUS)
    for delivery in deliveries:
        message = json.loads(sender.body_of(delivery))
        item = message["data"]["item"]
        assert item is not None
        assert_clean_html(item, ("webhook", delivery.page_id), corpus)


# Lone surrogates cannot be stored (neither database encodes them, nor does the search
# index): they arrive only as parameters, refused (tests/cms/test_params.py and below),
# or as a body's JSON escape, which the renderer drops.


def test_the_renderer_drops_lone_surrogates():
    assert text("High \ud800 low \udfff") == "High  low"
    assert clean_html("<p>Half \udbff a pair</p>") == "<p>Half  a pair</p>"


@pytest.mark.parametrize(
    "path",
    [
        "/news/?tag=%00",
        "/search/?q=%00",
        "/search/?q=%EF%BF%BE",
        "/feeds/news.rss?tag=%00",
        "/api/v1/news/?search=%00",
        "/oembed/?url=%00",
        "/embed/news.json?portal=%00",
    ],
)
def test_a_parameter_no_page_could_use_is_a_400_problem(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 400, (path, response.content[:300])
    assert response["Content-Type"].startswith("application/problem+json")
