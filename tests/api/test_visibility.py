"""Drafts, private, scheduled, expired and deleted pages never show, wherever one looks."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cms.models import NewsPage
from tests.factories import CityFactory, WorkPackagePageFactory

WORD = "zanzibar"


@pytest.fixture
def pages(news, site_tree):
    city = CityFactory(slug="visby", name="Visby")
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=9)

    def make(slug, **kwargs):
        return news(
            slug=slug,
            title=f"{WORD} {slug}",
            tags=[f"tag-{slug}", "shared"],
            work_packages=[wp],
            event_start_date=datetime.date(2007, 5, 1),
            event_city=city,
            **kwargs,
        )

    public = make("public")
    draft = make("draft", publish=False)
    private = make("private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    scheduled = make("scheduled", publish=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    expired = make("expired")
    # The minute between expiry and the next publish_scheduled run.
    NewsPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=5)
    )
    deleted = make("deleted")
    deleted_id = deleted.pk
    deleted.delete()
    return {
        "public": public,
        "hidden": {
            "draft": draft.pk,
            "private": private.pk,
            "scheduled": scheduled.pk,
            "expired": expired.pk,
            "deleted": deleted_id,
        },
    }


def listed(api, path, params=None):
    return {item["id"] for item in api.get(path, params).json()["results"]}


def test_scheduled_page_is_really_scheduled(pages):
    page = NewsPage.objects.get(pk=pages["hidden"]["scheduled"])
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/news/", {}),
        ("/api/v1/news/", {"search": WORD}),
        ("/api/v1/news/", {"search": WORD, "ordering": "title"}),
        ("/api/v1/news/", {"tag": "shared"}),
        ("/api/v1/news/", {"work_package": 9}),
        ("/api/v1/news/", {"event_from": "2007-01-01"}),
        ("/api/v1/events/", {}),
        ("/api/v1/events/", {"search": WORD}),
    ],
)
def test_lists_show_only_the_public_page(api, pages, path, params):
    assert listed(api, path, params) == {pages["public"].pk}


@pytest.mark.parametrize("state", ["draft", "private", "scheduled", "expired", "deleted"])
def test_details_of_hidden_pages_are_404(api, pages, state):
    api.get(f"/api/v1/news/{pages['hidden'][state]}/", status=404)
    api.get(f"/api/v1/news/by-slug/{state}/", status=404)


@pytest.mark.parametrize("state", ["draft", "private", "scheduled", "expired", "deleted"])
def test_resolve_does_not_find_hidden_pages(api, pages, state):
    api.get("/api/v1/pages/resolve/", {"path": f"/news/{state}/"}, status=404)


def test_tags_of_hidden_pages_are_not_listed(api, pages):
    tags = {item["slug"]: item["count"] for item in api.get("/api/v1/tags/").json()["results"]}
    assert tags == {"shared": 1, "tag-public": 1}


def test_changes_show_hidden_pages_only_as_content_free_entries(api, pages):
    entries = api.get("/api/v1/changes/", {"type": "news"}).json()["results"]
    with_content = {entry["id"] for entry in entries if entry["item"] is not None}
    assert with_content == {pages["public"].pk}
    by_page = {}
    for entry in entries:
        by_page.setdefault(entry["id"], []).append(entry["event"])
    hidden = pages["hidden"]
    assert hidden["draft"] not in by_page
    assert hidden["scheduled"] not in by_page
    assert by_page[hidden["private"]] == ["published", "unpublished"]
    assert by_page[hidden["deleted"]] == ["published", "deleted"]


def test_expiry_run_turns_into_a_tombstone(api, pages):
    call_command("publish_scheduled")
    entries = api.get("/api/v1/changes/", {"type": "news"}).json()["results"]
    expired = [entry for entry in entries if entry["id"] == pages["hidden"]["expired"]]
    assert [entry["event"] for entry in expired] == ["published", "unpublished"]
    assert all(entry["item"] is None for entry in expired)


def test_scheduled_page_appears_once_its_time_comes(api, pages):
    scheduled = pages["hidden"]["scheduled"]
    revision = NewsPage.objects.get(pk=scheduled).get_latest_revision()
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    assert scheduled not in listed(api, "/api/v1/news/")
    call_command("publish_scheduled")
    assert scheduled in listed(api, "/api/v1/news/")


def test_restriction_on_an_ancestor_hides_the_pages_below(api, news, site_tree):
    page = news()
    PageViewRestriction.objects.create(page=site_tree.news_index, restriction_type="login")
    assert listed(api, "/api/v1/news/") == set()
    api.get(f"/api/v1/news/{page.pk}/", status=404)
    api.get("/api/v1/pages/resolve/", {"path": "/news/"}, status=404)


def test_private_work_package_is_hidden_everywhere(api, news, site_tree):
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4)
    page = news(work_packages=[wp])
    PageViewRestriction.objects.create(page=wp, restriction_type="login")
    assert listed(api, "/api/v1/work-packages/") == set()
    api.get(f"/api/v1/work-packages/{wp.pk}/", status=404)
    assert api.get(f"/api/v1/news/{page.pk}/").json()["work_packages"] == []


def test_preview_without_a_token_shows_nothing(api, pages):
    api.get("/api/v1/preview/", status=400)
    api.get(
        "/api/v1/preview/", headers={"X-Preview-Token": str(pages["hidden"]["draft"])}, status=403
    )
