"""One body renderer for the site, the API and the feeds: they agree on what a body says."""

import json

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import feedparser
import pytest
from bs4 import BeautifulSoup

from cms.rendering import API, FEEDS, SITE, Renderer
from tests.factories import ImageFactory, NewsPageFactory


@pytest.fixture
def linked(site_tree):
    """A public page, a draft and a private page to link to."""
    public = NewsPageFactory(parent=site_tree.news_index, slug="public-target")
    draft = NewsPageFactory(parent=site_tree.news_index, slug="draft-target", publish=False)
    private = NewsPageFactory(parent=site_tree.news_index, slug="private-target")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {"public": public, "draft": draft, "private": private}


def paragraph_with_links(linked):
    links = "".join(
        f'<a linktype="page" id="{page.pk}">{name}</a> ' for name, page in linked.items()
    )
    return ("paragraph", f"<p>{links}</p>")


def hrefs(html):
    soup = BeautifulSoup(html, "html.parser")
    return {anchor.get_text(): anchor.get("href") for anchor in soup.find_all("a")}


def body_of(response):
    """The article body of a news page, as a visitor's browser gets it."""
    return str(BeautifulSoup(response.content, "html.parser").select_one(".body"))


def test_links_to_pages_nobody_may_see_lose_their_address_on_the_site(client, linked, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, body=[paragraph_with_links(linked)])
    found = hrefs(body_of(client.get(news.url)))
    assert found == {"public": "/news/public-target/", "draft": None, "private": None}


def test_links_to_pages_nobody_may_see_lose_their_address_in_the_api(client, linked, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, body=[paragraph_with_links(linked)])
    body = client.get(f"/api/v1/news/{news.pk}/").json()["body"]
    assert hrefs(body[0]["value"]) == {
        "public": "http://testserver/news/public-target/",
        "draft": None,
        "private": None,
    }


def test_links_to_pages_nobody_may_see_lose_their_address_in_the_feeds(client, linked, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Links", body=[paragraph_with_links(linked)])
    expected = {
        "public": "http://testserver/news/public-target/",
        "draft": None,
        "private": None,
    }
    for path in ("/feeds/news.atom", "/feeds/news.rss"):
        entries = feedparser.parse(client.get(path).content).entries
        (entry,) = [entry for entry in entries if entry.title == "Links"]
        assert hrefs(entry.content[0].value) == expected
    items = json.loads(client.get("/feeds/news.json").content)["items"]
    (item,) = [item for item in items if item["title"] == "Links"]
    assert hrefs(item["content_html"]) == expected


def bodies(count, linked, document, image):
    """``count`` bodies as stored (as a page loaded from the database holds them)."""
    return [
        [
            dict(zip(("type", "value"), paragraph_with_links(linked), strict=True)),
            {
                "type": "paragraph",
                "value": f'<p><a linktype="document" id="{document.pk}">report</a></p>',
            },
            {
                "type": "image",
                "value": {"image": {"image": image.pk, "alt_text": "", "decorative": True}},
            },
            {"type": "document", "value": {"document": document.pk, "title": ""}},
        ]
        for _ in range(count)
    ]


def test_twenty_bodies_cost_the_queries_of_two(site_tree, linked):
    document = get_document_model().objects.create(
        title="Report", file=ContentFile(b"%PDF-1.4", name="report.pdf")
    )
    image = ImageFactory()
    # The first reader of a body makes the image's renditions.
    Renderer(FEEDS).html(bodies(1, linked, document, image))
    counts = []
    for count in (2, 20):
        with CaptureQueriesContext(connection) as queries:
            html = Renderer(FEEDS).html(bodies(count, linked, document, image))
        counts.append(len(queries))
        assert len(html) == count
        assert all('href="http://testserver/documents/' in part for part in html)
    assert counts[0] == counts[1]


@pytest.mark.parametrize("options", [SITE, API, FEEDS], ids=["site", "api", "feeds"])
def test_every_output_writes_the_same_figure(site_tree, options):
    image = ImageFactory()
    news = NewsPageFactory(
        parent=site_tree.news_index,
        body=[
            (
                "image",
                {"image": {"image": image, "alt_text": "Delegates", "decorative": False}},
            )
        ],
    )
    (html,) = Renderer(options).html([news.body])
    img = BeautifulSoup(html, "html.parser").find("img")
    assert img["alt"] == "Delegates"
    assert img["src"].endswith(".jpg")
    assert img["src"].startswith("http://testserver/") == options.absolute
