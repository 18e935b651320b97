from wagtail.models import Locale

from tests.api.conftest import results


def by_slug(response):
    return {item["slug"]: item for item in results(response)}


def test_demo_tags_with_counts(api, demo):
    tags = by_slug(api.get("/api/v1/tags/", {"locale": "en"}))
    assert {slug: tag["count"] for slug, tag in tags.items()} == {
        "baltmet-network": 1,
        "clusters": 1,
        "conference": 1,
        "innovation-policy": 1,
        "open-days": 2,
        "seminar": 2,
        "workshop": 2,
    }
    assert tags["open-days"]["name"] == "Open Days"
    assert tags["open-days"]["url"] == "http://testserver/news/?tag=open-days"
    assert tags["open-days"]["news"] == "http://testserver/api/v1/news/?tag=open-days&locale=en"


def test_tags_are_ordered_by_name_ignoring_case(api, news):
    news(tags=["beta", "Alpha", "gamma"])
    assert [tag["name"] for tag in results(api.get("/api/v1/tags/"))] == [
        "Alpha",
        "beta",
        "gamma",
    ]


def test_ordering_by_count(api, news):
    news(tags=["rare", "common"])
    news(tags=["common"])
    assert [tag["slug"] for tag in results(api.get("/api/v1/tags/", {"ordering": "-count"}))] == [
        "common",
        "rare",
    ]


def test_tags_of_drafts_are_not_listed(api, news):
    news(tags=["public"])
    news(tags=["secret"], publish=False)
    assert set(by_slug(api.get("/api/v1/tags/"))) == {"public"}


def test_tag_of_unpublished_news_disappears(api, news):
    page = news(tags=["gone"])
    page.unpublish()
    assert api.get("/api/v1/tags/").json()["count"] == 0


def test_locale_filter(api, news, site_tree):
    german = Locale.objects.create(language_code="de")
    page = news(tags=["english"])
    translation = page.copy_for_translation(german, copy_parents=True)
    translation.tags.set(["deutsch"])
    translation.save_revision().publish()
    assert set(by_slug(api.get("/api/v1/tags/", {"locale": "de"}))) == {"deutsch"}
    assert set(by_slug(api.get("/api/v1/tags/", {"locale": "en"}))) == {"english"}


def test_tag_news_link_lists_the_news(api, demo):
    tag = by_slug(api.get("/api/v1/tags/", {"locale": "en"}))["clusters"]
    news = api.get(tag["news"]).json()
    assert [item["slug"] for item in news["results"]] == ["cluster-development-final-conference"]


def test_pagination(api, news):
    news(tags=["a", "b", "c"])
    body = api.get("/api/v1/tags/", {"limit": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] == "http://testserver/api/v1/tags/?limit=2&offset=2"
