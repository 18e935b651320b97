import datetime

from django.test import RequestFactory

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from api.representations import news_item
from cms.models import NewsPage
from tests.api.conftest import make_document, results
from tests.factories import (
    ImageFactory,
    PartnerFactory,
    WorkPackagePageFactory,
)

DEMO_SLUGS_NEWEST_FIRST = [
    "cluster-development-final-conference",
    "open-days-seminar-report",
    "open-days-seminar-announcement",
    "workshops-st-petersburg-june-2007",
    "workshop-helsinki-2006",
]


def test_list_gives_the_demo_news_newest_first(api, demo):
    body = api.get("/api/v1/news/", {"locale": "en"}).json()
    assert body["count"] == 5
    assert [item["slug"] for item in body["results"]] == DEMO_SLUGS_NEWEST_FIRST


def test_the_list_without_a_locale_has_the_demo_news_in_every_language(api, demo):
    items = results(api.get("/api/v1/news/"))
    assert sorted({item["locale"] for item in items}) == ["en", "lv"]
    assert len(items) == len(DEMO_SLUGS_NEWEST_FIRST) + 3


def test_every_item_carries_id_type_url_dates_locale_and_translations(api, demo):
    # One that has no translation: the first two have Latvian ones.
    item = results(api.get("/api/v1/news/", {"locale": "en"}))[2]
    page = NewsPage.objects.get(slug=item["slug"], locale__language_code="en")
    assert item["id"] == page.pk
    assert item["type"] == "news"
    assert item["url"] == "http://testserver/news/open-days-seminar-announcement/"
    assert datetime.datetime.fromisoformat(item["published"]) == page.publication_date
    assert datetime.datetime.fromisoformat(item["updated"]) == page.last_published_at
    assert item["locale"] == "en"
    assert item["translations"] == []


def test_dates_are_iso_8601_with_an_offset(api, demo):
    for item in results(api.get("/api/v1/news/")):
        for name in ("published", "updated"):
            moment = datetime.datetime.fromisoformat(item[name])
            assert moment.utcoffset() is not None


def test_demo_item_shows_its_tags_work_packages_partners_and_event(api, demo):
    item = api.get("/api/v1/news/by-slug/workshop-helsinki-2006/").json()
    assert [tag["slug"] for tag in item["tags"]] == ["innovation-policy", "workshop"]
    assert [(wp["number"], wp["title"]) for wp in item["work_packages"]] == [
        (5, "Joint innovation policy framework")
    ]
    assert item["work_packages"][0]["url"].startswith("http://testserver/work-packages/")
    assert [partner["slug"] for partner in item["partners"]] == [
        "city-of-helsinki",
        "culminatum",
    ]
    assert item["event"]["start_date"] == "2006-10-31"
    assert item["event"]["city"]["time_zone"] == "Europe/Helsinki"


def test_detail_by_id_is_the_item_of_the_list(api, demo):
    listed = results(api.get("/api/v1/news/"))[2]
    detail = api.get(f"/api/v1/news/{listed['id']}/").json()
    assert detail == listed


def test_detail_by_slug_is_the_detail_by_id(api, demo):
    by_slug = api.get("/api/v1/news/by-slug/open-days-seminar-report/").json()
    by_id = api.get(f"/api/v1/news/{by_slug['id']}/").json()
    assert by_slug == by_id


def test_unknown_id_is_a_404_problem(api, demo):
    body = api.get("/api/v1/news/999999/", status=404).json()
    assert body["status"] == 404
    assert body["type"].endswith("/not-found/")


def test_unknown_slug_is_a_404_problem(api, demo):
    api.get("/api/v1/news/by-slug/no-such-news/", status=404)


def test_id_of_a_page_that_is_not_news_is_a_404(api, demo):
    work_package = results(api.get("/api/v1/work-packages/"))[0]
    api.get(f"/api/v1/news/{work_package['id']}/", status=404)


def test_lead_image_comes_as_renditions_with_absolute_urls(api, demo):
    item = api.get("/api/v1/news/by-slug/workshop-helsinki-2006/").json()
    image = item["lead_image"]
    assert image["title"] == "Helsinki workshop"
    assert image["alt"]
    assert [rendition["width"] for rendition in image["renditions"]] == [480, 960, 1600]
    for rendition in image["renditions"]:
        assert rendition["url"].startswith("http://testserver/media/images/")
        assert rendition["height"] > 0


def test_item_without_a_lead_image_has_null(api, demo):
    item = api.get("/api/v1/news/by-slug/open-days-seminar-report/").json()
    assert item["lead_image"] is None


def test_body_blocks_are_typed_with_display_ready_values(api, news, site_tree):
    image = ImageFactory(title="Workshop photo")
    document = make_document("Final report")
    page = news(
        body=[
            ("heading", {"text": "Results", "level": "h2"}),
            ("paragraph", "<p>Plain <b>bold</b> text.</p>"),
            (
                "image",
                {
                    "image": {"image": image, "decorative": False, "alt_text": "People at a table"},
                    "caption": "The workshop",
                },
            ),
            ("quote", {"text": "Together we grow.", "attribution": "A partner"}),
            ("embed", "https://www.youtube.com/watch?v=abcdefghijk"),
            ("document", {"document": document, "title": ""}),
        ]
    )
    body = api.get(f"/api/v1/news/{page.pk}/").json()["body"]
    assert [block["type"] for block in body] == [
        "heading",
        "paragraph",
        "image",
        "quote",
        "embed",
        "document",
    ]
    assert all(block["id"] for block in body)
    heading, paragraph, figure, quote, embed, attachment = (block["value"] for block in body)
    assert heading == {"text": "Results", "level": "h2"}
    assert paragraph == "<p>Plain <b>bold</b> text.</p>"
    assert figure["caption"] == "The workshop"
    assert figure["image"]["alt"] == "People at a table"
    assert [rendition["width"] for rendition in figure["image"]["renditions"]] == [480, 960, 1200]
    assert quote == {"text": "Together we grow.", "attribution": "A partner"}
    assert embed == {"url": "https://www.youtube.com/watch?v=abcdefghijk"}
    assert attachment["title"] == "Final report"
    assert attachment["url"].startswith("http://testserver/documents/")


def test_rich_text_links_are_absolute_and_point_to_public_pages(api, news, site_tree):
    target = news(title="Target", slug="target")
    document = make_document("Report")
    page = news(
        body=[
            (
                "paragraph",
                f'<p><a linktype="page" id="{target.pk}">the target</a> and '
                f'<a linktype="document" id="{document.pk}">the report</a> and '
                '<a href="/partners/">partners</a></p>',
            )
        ]
    )
    html = api.get(f"/api/v1/news/{page.pk}/").json()["body"][0]["value"]
    links = [anchor.get("href") for anchor in BeautifulSoup(html, "html.parser").find_all("a")]
    assert links[0] == "http://testserver/news/target/"
    assert links[1].startswith("http://testserver/documents/")
    assert links[2] == "http://testserver/partners/"


def test_rich_text_link_to_a_draft_loses_its_address(api, news, site_tree):
    draft = news(title="Secret plan", slug="secret-plan", publish=False)
    page = news(body=[("paragraph", f'<p><a linktype="page" id="{draft.pk}">soon</a></p>')])
    html = api.get(f"/api/v1/news/{page.pk}/").json()["body"][0]["value"]
    assert "secret-plan" not in html
    assert BeautifulSoup(html, "html.parser").find("a").get("href") is None


def test_rich_text_is_sanitised(api, news, site_tree):
    page = news(body=[("paragraph", '<p onclick="steal()">Hi<script>alert(1)</script></p>')])
    html = api.get(f"/api/v1/news/{page.pk}/").json()["body"][0]["value"]
    assert html == "<p>Hi</p>"


def test_work_package_that_is_not_public_is_left_out_of_an_item(api, news, site_tree):
    public = WorkPackagePageFactory(parent=site_tree.work_package_index, number=1)
    draft = WorkPackagePageFactory(parent=site_tree.work_package_index, number=2, publish=False)
    page = news(work_packages=[public, draft])
    item = api.get(f"/api/v1/news/{page.pk}/").json()
    assert [wp["number"] for wp in item["work_packages"]] == [1]


def test_partners_and_tags_are_sorted_by_name(api, news, site_tree):
    page = news(
        tags=["Zebra", "apple"],
        partners=[PartnerFactory(name="Zeta"), PartnerFactory(name="Alpha")],
    )
    item = api.get(f"/api/v1/news/{page.pk}/").json()
    assert [tag["name"] for tag in item["tags"]] == ["apple", "Zebra"]
    assert [partner["name"] for partner in item["partners"]] == ["Alpha", "Zeta"]


def test_translations_list_the_published_other_languages(api, news, site_tree):
    german = Locale.objects.create(language_code="de")
    page = news(title="Workshop", slug="workshop")
    translation = page.copy_for_translation(german, copy_parents=True)
    translation.title = "Werkstatt"
    translation.save_revision().publish()
    item = api.get(f"/api/v1/news/{page.pk}/").json()
    assert item["translations"] == [
        {
            "locale": "de",
            "id": translation.pk,
            "title": "Werkstatt",
            "url": "http://testserver/de/news/workshop/",
        }
    ]
    german_item = api.get(f"/api/v1/news/{translation.pk}/").json()
    assert german_item["locale"] == "de"
    assert [entry["id"] for entry in german_item["translations"]] == [page.pk]


def test_unpublished_translation_is_not_listed(api, news, site_tree):
    german = Locale.objects.create(language_code="de")
    page = news()
    page.copy_for_translation(german, copy_parents=True)
    assert api.get(f"/api/v1/news/{page.pk}/").json()["translations"] == []


def test_pages_have_count_next_and_previous_links(api, news):
    for _ in range(5):
        news()
    first = api.get("/api/v1/news/", {"limit": 2}).json()
    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/news/?limit=2&offset=2"
    second = api.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/news/?limit=2"
    last = api.get(second["next"]).json()
    assert last["next"] is None
    every = [item["id"] for page in (first, second, last) for item in page["results"]]
    assert len(set(every)) == 5


def test_next_link_keeps_the_filters(api, news):
    for _ in range(3):
        news(tags=["seminar"])
    body = api.get("/api/v1/news/", {"tag": "seminar", "limit": 1}).json()
    assert body["next"] == "http://testserver/api/v1/news/?limit=1&offset=1&tag=seminar"


def test_limit_of_a_hundred_is_allowed(api, news):
    news()
    assert api.get("/api/v1/news/", {"limit": 100}).json()["count"] == 1


def test_fields_choose_what_an_item_carries(api, demo):
    item = results(api.get("/api/v1/news/", {"fields": "title,url"}))[0]
    assert set(item) == {"id", "type", "title", "url"}


def test_fields_star_gives_everything(api, demo):
    everything = results(api.get("/api/v1/news/", {"fields": "*"}))[0]
    default = results(api.get("/api/v1/news/"))[0]
    assert everything == default
    assert "body" in everything


def test_fields_work_on_the_detail(api, demo):
    item = api.get("/api/v1/news/by-slug/workshop-helsinki-2006/", {"fields": "event"}).json()
    assert set(item) == {"id", "type", "event"}


def test_news_item_function_gives_the_api_representation(api, demo):
    page = NewsPage.objects.get(slug="workshop-helsinki-2006")
    request = RequestFactory().get("/")
    assert news_item(page, request) == api.get(f"/api/v1/news/{page.pk}/").json()


def test_news_item_works_without_a_request(api, demo):
    page = NewsPage.objects.get(slug="workshop-helsinki-2006")
    assert news_item(page) == api.get(f"/api/v1/news/{page.pk}/").json()


@pytest.mark.parametrize("path", ["/api/v1/news/", "/api/v1/events/"])
def test_empty_site_gives_an_empty_list(api, site_tree, path):
    body = api.get(path).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}
