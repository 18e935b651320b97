import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

from cms.models import PublicationEvent


def latest_cursor():
    return PublicationEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def changes(api, **params):
    return api.get("/api/v1/changes/", params).json()


def kinds(body):
    return [(entry["event"], entry["id"]) for entry in body["results"]]


def test_publish_edit_unpublish_and_delete_each_show_up_once_in_order(api, news):
    start = latest_cursor()
    kept = news(title="Kept")
    removed = news(title="Removed")
    kept.title = "Kept, edited"
    kept.save_revision().publish()
    kept.unpublish()
    removed.delete()
    body = changes(api, since=start)
    assert kinds(body) == [
        ("published", kept.pk),
        ("published", removed.pk),
        ("updated", kept.pk),
        ("unpublished", kept.pk),
        ("deleted", removed.pk),
    ]
    cursors = [entry["cursor"] for entry in body["results"]]
    assert cursors == sorted(cursors)


def test_one_page_through_its_whole_life(api, news):
    start = latest_cursor()
    page = news()
    page.save_revision().publish()
    page.unpublish()
    page.save_revision().publish()
    page.delete()
    assert [entry["event"] for entry in changes(api, since=start)["results"]] == [
        "published",
        "updated",
        "unpublished",
        "published",
        "deleted",
    ]


def test_published_entries_carry_the_current_representation(api, news):
    start = latest_cursor()
    page = news(title="First title")
    page.title = "Second title"
    page.save_revision().publish()
    entries = changes(api, since=start)["results"]
    detail = api.get(f"/api/v1/news/{page.pk}/").json()
    assert [entry["item"] for entry in entries] == [detail, detail]
    assert detail["title"] == "Second title"


def test_tombstones_have_no_content(api, news):
    start = latest_cursor()
    page = news(title="Going away")
    cursor = latest_cursor()
    page.unpublish()
    page.save_revision().publish()
    gone_cursor = latest_cursor()
    page.delete()
    unpublished = changes(api, since=cursor)["results"][0]
    deleted = changes(api, since=gone_cursor)["results"][0]
    for entry in (unpublished, deleted):
        assert entry["item"] is None
        assert set(entry) == {"cursor", "event", "time", "id", "type", "locale", "item"}
        assert entry["id"] == page.pk
        assert entry["type"] == "news"
        assert datetime.datetime.fromisoformat(entry["time"]).utcoffset() is not None
    first = changes(api, since=start)["results"][0]
    assert first["event"] == "published"
    assert first["item"] is None, "no longer public: no content"


def test_cursor_pagination_walks_the_journal_without_gaps(api, news):
    start = latest_cursor()
    pages = [news() for _ in range(5)]
    seen = []
    body = changes(api, since=start, limit=2)
    while True:
        seen += [entry["id"] for entry in body["results"]]
        if not body["has_more"]:
            break
        assert body["next"].startswith("http://testserver/api/v1/changes/?since=")
        body = api.get(body["next"]).json()
    assert seen == [page.pk for page in pages]
    assert body["cursor"] == latest_cursor()


def test_cursor_of_an_empty_batch_stays_put(api, news):
    news()
    cursor = latest_cursor()
    body = changes(api, since=cursor)
    assert body == {"cursor": cursor, "has_more": False, "next": None, "results": []}


def test_since_a_time(api, news):
    news()
    moment = timezone.now()
    later = news()
    body = changes(api, since=moment.isoformat())
    assert kinds(body) == [("published", later.pk)]
    assert body["cursor"] == latest_cursor()


def test_since_absent_starts_at_the_beginning(api, news):
    page = news()
    body = changes(api, type="news")
    assert kinds(body) == [("published", page.pk)]


def test_type_filter(api, news, site_tree):
    page = news()
    assert {entry["type"] for entry in changes(api)["results"]} == {"page", "news"}
    assert kinds(changes(api, type="news")) == [("published", page.pk)]
    pages = changes(api, type="page")["results"]
    assert site_tree.home.pk in [entry["id"] for entry in pages]
    assert pages[0]["item"]["type"] == "home"


def test_next_link_keeps_the_type_filter(api, news):
    for _ in range(3):
        news()
    body = changes(api, type="news", limit=1)
    assert "type=news" in body["next"]


def test_locale_filter(api, news):
    news()
    assert changes(api, locale="de")["results"] == []
    assert len(changes(api, locale="en", type="news")["results"]) == 1


def test_view_restriction_is_a_tombstone(api, news):
    page = news()
    cursor = latest_cursor()
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert kinds(changes(api, since=cursor)) == [("unpublished", page.pk)]


def test_work_package_changes_carry_work_package_representations(api, site_tree):
    from tests.factories import WorkPackagePageFactory

    start = latest_cursor()
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    entry = changes(api, since=start)["results"][0]
    assert entry["type"] == "work_package"
    assert entry["item"] == api.get(f"/api/v1/work-packages/{wp.pk}/").json()


def test_changes_on_demo_content(api, demo):
    body = changes(api, type="news")
    # The five English items and the three translated into Latvian.
    assert [entry["event"] for entry in body["results"]] == ["published"] * 8
    assert {entry["item"]["slug"] for entry in body["results"]} == {
        "workshop-helsinki-2006",
        "workshops-st-petersburg-june-2007",
        "open-days-seminar-announcement",
        "open-days-seminar-report",
        "cluster-development-final-conference",
    }
