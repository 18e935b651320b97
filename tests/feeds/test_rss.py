"""RSS 2.0: the elements the specification and the W3C validator require."""

import email.utils
import re

import pytest

from tests.feeds.conftest import fetch, parse_feed, xml_root

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
# RFC 822 with four-digit years, as the W3C validator accepts without a warning.
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$"
)


def channel(client, path="/feeds/news.rss"):
    return xml_root(fetch(client, path)).find("channel")


def test_the_rss_feed_is_served_as_rss(client, make_news):
    make_news()
    response = fetch(client, "/feeds/news.rss")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert xml_root(response).attrib["version"] == "2.0"


def test_the_channel_has_title_link_description_and_language(client, site_tree, make_news):
    make_news()
    parsed = parse_feed(client, "/feeds/news.rss")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "BaltMet Inno news"
    assert parsed.feed.link == "http://testserver/news/"
    assert parsed.feed.subtitle
    assert parsed.feed.language == "en"


def test_the_channel_links_to_itself_with_the_url_it_was_fetched_from(client, make_news):
    news = make_news(tags=["clusters"])
    links = channel(client, "/feeds/news.rss?tag=clusters").findall(f"{ATOM}link")
    self_links = [link for link in links if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [
        "http://testserver/feeds/news.rss?tag=clusters"
    ]
    assert self_links[0].get("type") == "application/rss+xml"
    assert news.title in [
        e.title for e in parse_feed(client, "/feeds/news.rss?tag=clusters").entries
    ]


def test_every_item_has_title_link_description_and_guid(client, make_news):
    news = make_news(title="Workshop in Riga", teaser="The working group met in Riga.")
    item = parse_feed(client, "/feeds/news.rss").entries[0]
    assert item.title == "Workshop in Riga"
    assert item.link == f"http://testserver/news/{news.slug}/"
    assert item.summary == "The working group met in Riga."
    assert item.id == f"tag:testserver,2005:news/{news.pk}"


def test_the_guid_is_not_a_permalink(client, make_news):
    make_news()
    guid = channel(client).find("item/guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text.startswith("tag:")


def test_dates_are_rfc_822_and_come_from_the_page(client, make_news):
    news = make_news()
    rss = channel(client)
    pub_date = rss.find("item/pubDate").text
    assert RFC822.match(pub_date), pub_date
    assert email.utils.parsedate_to_datetime(pub_date) == news.publication_date.replace(
        microsecond=0
    )
    last_build = rss.find("lastBuildDate").text
    assert RFC822.match(last_build), last_build
    news.refresh_from_db()
    assert email.utils.parsedate_to_datetime(last_build) == news.last_published_at.replace(
        microsecond=0
    )


def test_the_organisation_is_named_as_creator(client, make_news):
    make_news()
    item = channel(client).find("item")
    # RSS <author> must be an e-mail address; dc:creator takes a name.
    assert item.find("author") is None
    assert item.find(f"{DC}creator").text == "BaltMet Inno"


def test_each_item_says_its_language(client, make_news):
    make_news()
    assert channel(client).find(f"item/{DC}language").text == "en"


def test_the_full_text_is_in_content_encoded(client, make_news):
    make_news(body=[("paragraph", "<p>The <b>full</b> text.</p>")])
    item = parse_feed(client, "/feeds/news.rss").entries[0]
    assert "<b>full</b> text." in item.content[0].value


def test_categories_are_tags_and_work_packages(client, make_news, site_tree):
    from tests.factories import WorkPackagePageFactory

    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3, title="Clusters")
    make_news(tags=["innovation"], work_packages=[wp])
    categories = channel(client).findall("item/category")
    assert {(c.text, c.get("domain")) for c in categories} == {
        ("innovation", "http://testserver/news/"),
        ("WP 3: Clusters", "http://testserver/work-packages/"),
    }


def test_the_lead_image_is_an_enclosure_with_its_length_and_type(client, make_news, image):
    make_news(lead_image=image)
    enclosure = channel(client).find("item/enclosure")
    rendition = image.get_rendition("width-960")
    assert enclosure.get("url") == f"http://testserver{rendition.url}"
    assert enclosure.get("length") == str(rendition.file.size)
    assert enclosure.get("type") == "image/jpeg"


def test_the_lead_image_is_media_content_with_file_size(client, make_news, image):
    make_news(lead_image=image)
    item = channel(client).find("item")
    content = item.find(f"{MEDIA}content")
    rendition = image.get_rendition("width-960")
    assert content.get("fileSize") == str(rendition.file.size)
    assert content.get("type") == "image/jpeg"
    assert content.get("medium") == "image"
    assert item.find(f"{MEDIA}thumbnail").get("url").endswith(".width-480.jpg")


def test_the_channel_has_an_image_no_wider_than_rss_allows(client, make_news):
    make_news()
    image = channel(client).find("image")
    assert image.find("url").text == "http://testserver/static/feeds/logo.png"
    assert int(image.find("width").text) <= 144
    # The validator wants the image's title and link to be the channel's.
    assert image.find("title").text == channel(client).find("title").text
    assert image.find("link").text == channel(client).find("link").text


def test_the_channel_says_how_long_to_wait_before_polling_again(client, make_news, settings):
    settings.FEED_MAX_AGE = 600
    make_news()
    assert channel(client).find("ttl").text == "10"
