"""oEmbed (/oembed/): the rich card document, its errors, and the discovery links."""

import datetime
import json
from urllib.parse import urlencode, urlsplit

from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction, Site

import pytest

from cms import response_cache
from tests.factories import HomePageFactory, NewsIndexPageFactory, ago, set_expiry
from tests.partners.embedding import HOSTILE_TITLE, html, invalid_parameter, problem

pytestmark = pytest.mark.django_db

OEMBED_TYPE = "application/json+oembed"


def oembed(client, url, **params):
    query = urlencode({"url": url, "format": "json", **params})
    return client.get(f"/oembed/?{query}")


def document(client, url, **params):
    response = oembed(client, url, **params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def iframe_of(doc):
    soup = html_fragment(doc["html"])
    [frame] = soup.find_all("iframe")
    assert soup.find("script") is None
    return frame


def html_fragment(markup):
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "html.parser")


@pytest.fixture
def news(make_news, image):
    return make_news(title="Workshop in Riga", lead_image=image)


def news_url(page):
    return f"http://testserver/news/{page.slug}/"


# The document ------------------------------------------------------------------------


def test_a_news_page_is_a_rich_oembed(client, news):
    doc = document(client, news_url(news))
    assert doc["version"] == "1.0"
    assert doc["type"] == "rich"
    assert doc["title"] == "Workshop in Riga"
    assert doc["provider_name"] == "BaltMet Inno"
    assert doc["provider_url"] == "http://testserver/"
    assert isinstance(doc["width"], int) and isinstance(doc["height"], int)


def test_the_html_is_an_iframe_of_the_items_card(client, news):
    doc = document(client, news_url(news))
    frame = iframe_of(doc)
    assert frame["src"] == f"http://testserver/embed/news/{news.pk}/"
    assert (int(frame["width"]), int(frame["height"])) == (doc["width"], doc["height"])
    assert frame["title"] == "Workshop in Riga"


def test_the_card_in_the_html_is_served(client, news):
    src = iframe_of(document(client, news_url(news)))["src"]
    response = client.get(urlsplit(src).path)
    assert response.status_code == 200
    assert html(response).select_one("article.card a").get_text() == "Workshop in Riga"


def test_the_lead_image_is_the_thumbnail(client, news):
    doc = document(client, news_url(news))
    assert doc["thumbnail_url"].startswith("http://testserver/media/images/")
    assert (doc["thumbnail_width"], doc["thumbnail_height"]) == (480, 320)


def test_an_item_without_image_has_no_thumbnail(client, make_news):
    doc = document(client, news_url(make_news()))
    assert not {"thumbnail_url", "thumbnail_width", "thumbnail_height"} & doc.keys()


def test_a_hostile_title_is_escaped_in_the_html(client, make_news):
    page = make_news(title=HOSTILE_TITLE)
    doc = document(client, news_url(page))
    soup = html_fragment(doc["html"])
    assert soup.find("img") is None
    assert iframe_of(doc)["title"] == HOSTILE_TITLE
    assert doc["title"] == HOSTILE_TITLE


def test_maxwidth_and_maxheight_bound_the_size(client, news):
    doc = document(client, news_url(news), maxwidth="300", maxheight="120")
    assert (doc["width"], doc["height"]) == (300, 120)
    frame = iframe_of(doc)
    assert (frame["width"], frame["height"]) == ("300", "120")


def test_the_thumbnail_respects_maxwidth_and_maxheight(client, news):
    doc = document(client, news_url(news), maxwidth="300", maxheight="100")
    assert doc["thumbnail_width"] <= 300
    assert doc["thumbnail_height"] <= 100
    # Scaled whole, not cropped: the picture keeps its shape (3:2).
    assert abs(doc["thumbnail_width"] / doc["thumbnail_height"] - 1.5) < 0.05


def test_thumbnail_bounds_share_a_few_renditions(client, news):
    first = document(client, news_url(news), maxwidth="301", maxheight="250")
    second = document(client, news_url(news), maxwidth="319", maxheight="270")
    assert first["thumbnail_url"] == second["thumbnail_url"]


def test_the_card_writes_its_date_as_the_site_does(client, make_news):
    page = make_news(
        title="Final conference",
        publication_date=timezone.make_aware(datetime.datetime(2007, 11, 13, 12, 0)),
    )
    response = client.get(f"/embed/news/{page.pk}/")
    assert html(response).select_one(".card__meta time").get_text() == "13 November 2007"


def test_a_generous_maxwidth_keeps_the_cards_own_size(client, news):
    plain = document(client, news_url(news))
    roomy = document(client, news_url(news), maxwidth="2000", maxheight="2000")
    assert (roomy["width"], roomy["height"]) == (plain["width"], plain["height"])


def test_the_url_may_lack_its_trailing_slash(client, news):
    assert document(client, news_url(news).rstrip("/"))["title"] == "Workshop in Riga"


def test_a_translated_news_page_is_found_under_its_language(client, site_tree, make_news):
    locale = Locale.objects.get_or_create(language_code="de")[0]
    site_tree.home.copy_for_translation(locale).save_revision().publish()
    german = site_tree.news_index.copy_for_translation(locale)
    german.save_revision().publish()
    page = make_news(title="Werkstatt in Riga", parent=german, slug="werkstatt")
    assert document(client, "http://testserver/de/news/werkstatt/")["title"] == page.title


def test_unknown_consumer_parameters_are_ignored(client, news):
    assert document(client, news_url(news), discover="false")["type"] == "rich"


def test_any_site_may_read_the_document(client, news):
    response = oembed(client, news_url(news))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response


def test_the_document_revalidates_with_its_etag(client, news):
    etag = oembed(client, news_url(news))["ETag"]
    query = urlencode({"url": news_url(news), "format": "json"})
    assert client.get(f"/oembed/?{query}", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_cached_document_costs_no_query(client, news, django_assert_num_queries):
    document(client, news_url(news))
    with django_assert_num_queries(0):
        document(client, news_url(news))


def test_the_ways_of_writing_a_pages_url_share_one_entry(client, news, django_assert_num_queries):
    document(client, news_url(news))
    variants = [
        f"HTTP://TESTSERVER:80/news/{news.slug}",
        f"http://testserver/news/{news.slug}/?utm_source=wordpress",
        f"http://testserver/news/{news.slug}/#comments",
        f"http://testserver/news/%{ord(news.slug[0]):02X}{news.slug[1:]}/",
    ]
    for url in variants:
        with django_assert_num_queries(0):
            assert document(client, url)["title"] == "Workshop in Riga", url


def test_urls_of_no_page_and_smaller_sizes_make_no_entry(client, news):
    for number in range(5):
        oembed(client, f"http://testserver/news/no-such-page-{number}/")
        document(client, news_url(news), maxwidth=300 + number)
    origin = "http://testserver"
    assert response_cache.stored("oembed", origin, "http://testserver/news/no-such-page-0/") is None
    assert response_cache.stored("oembed", origin, f"http://testserver/news/{news.slug}/") is None
    document(client, news_url(news))
    assert response_cache.stored("oembed", origin, f"http://testserver/news/{news.slug}/")


def test_a_publish_changes_the_document_at_once(client, news):
    document(client, news_url(news))
    news.title = "Workshop in Riga, postponed"
    news.save_revision().publish()
    assert document(client, news_url(news))["title"] == "Workshop in Riga, postponed"


# What has no card ---------------------------------------------------------------------


def test_a_page_that_is_not_news_is_a_404(client, site_tree, news):
    for url in ("http://testserver/", "http://testserver/news/"):
        body = problem(oembed(client, url), 404)
        assert body["invalid_params"][0]["name"] == "url"


def test_a_draft_is_a_404(client, make_news):
    problem(oembed(client, news_url(make_news(publish=False))), 404)


def test_a_private_page_is_a_404(client, news):
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    problem(oembed(client, news_url(news)), 404)


def test_an_expired_page_is_a_404(client, news):
    set_expiry(news, ago(minutes=1))
    problem(oembed(client, news_url(news)), 404)


def test_an_unpublished_page_is_a_404_at_once(client, news):
    document(client, news_url(news))
    news.unpublish()
    problem(oembed(client, news_url(news)), 404)


def test_another_hosts_url_is_a_404(client, news):
    for url in (
        f"http://example.com/news/{news.slug}/",
        f"http://testserver:8080/news/{news.slug}/",
        f"https://testserver/news/{news.slug}/",
    ):
        assert oembed(client, url).status_code == 404, url


def test_another_sites_news_is_not_found_under_this_sites_host(client, site_tree, make_news):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
    Site.objects.create(hostname="other.testserver", root_page=other_home)
    other_index = NewsIndexPageFactory(parent=other_home, slug="news")
    page = make_news(parent=other_index, slug="elsewhere")
    problem(oembed(client, "http://testserver/news/elsewhere/"), 404)
    assert document(client, "http://other.testserver/news/elsewhere/")["title"] == page.title


def test_an_unknown_path_is_a_404(client, news):
    problem(oembed(client, "http://testserver/news/no-such-item/"), 404)


# Bad requests -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "news/item/",
        "/news/item/",
        "ftp://testserver/news/item/",
        "javascript:alert(1)",
        "http://testserver:99999/news/",
        "http:///news/",
        "http://testserver/" + "a" * 2100,
    ],
)
def test_a_bad_url_is_a_400(client, site_tree, url):
    assert invalid_parameter(oembed(client, url)) == "url"


def test_a_missing_url_is_a_400(client, site_tree):
    assert invalid_parameter(client.get("/oembed/?format=json")) == "url"


def test_a_repeated_url_is_a_400(client, news):
    query = urlencode([("url", news_url(news)), ("url", news_url(news))])
    assert invalid_parameter(client.get(f"/oembed/?{query}")) == "url"


@pytest.mark.parametrize(
    ("name", "value"), [("maxwidth", "abc"), ("maxwidth", "-5"), ("maxheight", "1.5")]
)
def test_a_bad_size_is_a_400_naming_it(client, news, name, value):
    assert invalid_parameter(oembed(client, news_url(news), **{name: value})) == name


def test_xml_is_not_implemented(client, news):
    response = oembed(client, news_url(news), format="xml")
    body = problem(response, 501)
    assert body["invalid_params"][0]["name"] == "format"


def test_an_unknown_format_is_a_400(client, news):
    assert invalid_parameter(oembed(client, news_url(news), format="yaml")) == "format"


def test_json_is_the_default_format(client, news):
    query = urlencode({"url": news_url(news)})
    assert json.loads(client.get(f"/oembed/?{query}").content)["type"] == "rich"


# Discovery ------------------------------------------------------------------------------


def discovery_links(response):
    return [
        link
        for link in html(response).head.find_all("link", rel="alternate")
        if link.get("type") == OEMBED_TYPE
    ]


def test_a_news_page_names_its_oembed_document(client, news):
    response = client.get(f"/news/{news.slug}/")
    [link] = discovery_links(response)
    assert link["title"] == "Workshop in Riga"
    href = urlsplit(link["href"])
    assert (href.scheme, href.netloc, href.path) == ("http", "testserver", "/oembed/")
    assert json.loads(client.get(f"{href.path}?{href.query}").content)["title"] == news.title


def test_the_discovery_link_of_a_hostile_title_is_escaped(client, make_news):
    # The factory's body repeats the title as rich text (HTML); this one does not.
    page = make_news(title=HOSTILE_TITLE, body=[("paragraph", "<p>Plain body.</p>")])
    response = client.get(f"/news/{page.slug}/")
    [link] = discovery_links(response)
    assert link["title"] == HOSTILE_TITLE
    assert html(response).find("img", src="x") is None


@pytest.mark.parametrize("path", ["/", "/news/", "/work-packages/", "/feeds/"])
def test_pages_that_are_not_news_name_no_oembed(client, news, path):
    response = client.get(path)
    assert response.status_code == 200
    assert discovery_links(response) == []


def test_a_draft_in_preview_names_no_oembed(client, make_news):
    draft = make_news(title="Not yet", publish=False)
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert b"Not yet" in response.content
    assert discovery_links(response) == []


def test_a_live_page_in_preview_names_no_oembed(client, news):
    news.title = "A draft title"
    response = news.make_preview_request()
    assert b"A draft title" in response.content
    assert discovery_links(response) == []
