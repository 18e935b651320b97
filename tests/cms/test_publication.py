"""Rule two: every way content goes public or away passes through one path, once."""

import dataclasses
import datetime

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageViewRestriction,
    Site,
    Workflow,
    WorkflowTask,
)

import pytest

from cms import freshness
from cms.models import NewsPage, PublicationEvent
from cms.publication import content_version, publication_event
from tests.factories import (
    HomePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    make_schedule_due,
)

pytestmark = pytest.mark.django_db

Kind = PublicationEvent.Kind


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Workshops in St Petersburg")


def events_since(event_id, page=None):
    events = PublicationEvent.objects.filter(id__gt=event_id)
    if page is not None:
        events = events.filter(page_id=page.pk)
    return list(events.values_list("kind", "cause"))


def last_event_id():
    return PublicationEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_first_publish_is_journalled_as_published_with_its_revision(site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, publish=False)
    mark = last_event_id()
    revision = page.save_revision()
    revision.publish()
    event = PublicationEvent.objects.get(id__gt=mark)
    assert (event.kind, event.revision_id, event.page_type) == (
        Kind.PUBLISHED,
        revision.pk,
        "cms.newspage",
    )
    assert event.url == f"http://testserver/news/{page.slug}/"


def test_publishing_a_live_page_again_is_an_update(news):
    mark = last_event_id()
    news.title = "Workshops in St Petersburg, 13–15 June"
    news.save_revision().publish()
    assert events_since(mark) == [(Kind.UPDATED, "publish")]


def test_unpublishing_is_journalled_once(news):
    mark = last_event_id()
    news.unpublish()
    assert events_since(mark) == [(Kind.UNPUBLISHED, "unpublish")]


def test_publishing_again_after_unpublishing_is_a_new_publication(news):
    news.unpublish()
    mark = last_event_id()
    news.save_revision().publish()
    assert events_since(mark) == [(Kind.PUBLISHED, "publish")]


def test_a_scheduled_publish_is_journalled_when_the_scheduler_runs(site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    mark = last_event_id()
    page.save_revision().publish()
    assert events_since(mark) == []

    make_schedule_due(page)
    call_command("publish_scheduled")
    assert events_since(mark) == [(Kind.PUBLISHED, "publish")]


def test_expiry_is_journalled_as_unpublished_by_expiry(news):
    NewsPage.objects.filter(pk=news.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    mark = last_event_id()
    call_command("publish_scheduled")
    assert events_since(mark) == [(Kind.UNPUBLISHED, "expiry")]


def test_deleting_a_live_page_is_journalled_once(news):
    mark = last_event_id()
    news.delete()
    assert events_since(mark) == [(Kind.DELETED, "delete")]


def test_deleting_a_draft_is_not_journalled(site_tree):
    draft = NewsPageFactory(parent=site_tree.news_index, publish=False)
    mark = last_event_id()
    draft.delete()
    assert events_since(mark) == []


def test_deleting_a_section_journals_every_public_page_in_it(site_tree, news):
    other = NewsPageFactory(parent=site_tree.news_index)
    mark = last_event_id()
    site_tree.news_index.delete()
    deleted = set(
        PublicationEvent.objects.filter(id__gt=mark, kind=Kind.DELETED).values_list(
            "page_id", flat=True
        )
    )
    assert deleted == {site_tree.news_index.pk, news.pk, other.pk}
    assert PublicationEvent.objects.filter(id__gt=mark).count() == 3


def test_moving_a_page_is_an_update_with_its_new_url(site_tree, news):
    archive_home = HomePageFactory(parent=Page.get_first_root_node(), slug="archive")
    Site.objects.create(hostname="archive.testserver", root_page=archive_home)
    archive = NewsIndexPageFactory(parent=archive_home, slug="old-news")
    mark = last_event_id()
    news.move(archive, pos="last-child")
    event = PublicationEvent.objects.get(id__gt=mark, page_id=news.pk)
    assert (event.kind, event.cause) == (Kind.UPDATED, "move")
    assert event.url == f"http://archive.testserver/old-news/{news.slug}/"


def test_renaming_a_section_updates_the_pages_below_it(
    site_tree, news, django_capture_on_commit_callbacks
):
    mark = last_event_id()
    site_tree.news_index.slug = "latest-news"
    # Wagtail announces a changed slug once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.news_index.save_revision().publish()
    assert events_since(mark, page=news) == [(Kind.UPDATED, "move")]
    assert PublicationEvent.objects.get(id__gt=mark, page_id=news.pk).url.endswith(
        f"/latest-news/{news.slug}/"
    )


def test_a_view_restriction_on_an_ancestor_unpublishes_the_pages_below(site_tree, news):
    mark = last_event_id()
    restriction = PageViewRestriction.objects.create(
        page=site_tree.news_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert events_since(mark, page=news) == [(Kind.UNPUBLISHED, "restriction_added")]
    assert events_since(mark, page=site_tree.news_index) == [
        (Kind.UNPUBLISHED, "restriction_added")
    ]

    mark = last_event_id()
    restriction.delete()
    assert events_since(mark, page=news) == [(Kind.PUBLISHED, "restriction_removed")]


def test_publishing_below_a_restricted_ancestor_is_not_a_publication(site_tree):
    PageViewRestriction.objects.create(
        page=site_tree.news_index, restriction_type=PageViewRestriction.LOGIN
    )
    mark = last_event_id()
    NewsPageFactory(parent=site_tree.news_index)
    assert events_since(mark) == []


def test_a_workflow_approval_publishes_through_the_same_path(site_tree, django_user_model):
    moderators = Group.objects.create(name="Test moderators")
    moderator = django_user_model.objects.create_superuser("moderator", "", "pw")
    task = GroupApprovalTask.objects.create(name="Approve")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    page = NewsPageFactory(parent=site_tree.news_index, publish=False)
    state = workflow.start(page, moderator)
    mark = last_event_id()

    state.current_task_state.approve(user=moderator)

    assert events_since(mark) == [(Kind.PUBLISHED, "publish")]


# Transactional tests: inside the usual test transaction every receiver would
# seem to run in an atomic block, and nothing would ever be rolled back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_receivers_run_inside_the_publishing_transaction(site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, publish=False)
    seen = []

    def receiver(sender, event, page, **kwargs):
        seen.append((event.kind, connection.in_atomic_block))

    publication_event.connect(receiver)
    try:
        page.save_revision().publish()
    finally:
        publication_event.disconnect(receiver)
    assert seen == [(Kind.PUBLISHED, True)]


def test_every_change_gives_a_new_content_version(news):
    before = content_version()
    news.unpublish()
    after_unpublish = content_version()
    news.save_revision().publish()
    assert len({before, after_unpublish, content_version()}) == 3


def test_a_version_read_before_the_commit_is_forgotten_after_it(
    news, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
        # Another thread of this process reads the version committed before.
        stale = dataclasses.replace(freshness.current(), token="read-before-the-commit")
        freshness._copy = (stale, freshness.clock())
    assert content_version() != "read-before-the-commit"


class Unannounceable(Exception):
    pass


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduled_publish_that_cannot_be_announced_waits_for_the_next_run(site_tree):
    page = NewsPageFactory(
        parent=site_tree.news_index,
        publish=False,
        go_live_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    page.save_revision().publish()
    make_schedule_due(page)

    def receiver(sender, event, page, **kwargs):
        raise Unannounceable(page.title)

    publication_event.connect(receiver)
    try:
        call_command("run_scheduler", once=True)
    finally:
        publication_event.disconnect(receiver)
    page.refresh_from_db()
    assert not page.live

    call_command("run_scheduler", once=True)
    page.refresh_from_db()
    assert page.live
    assert events_since(0, page) == [(Kind.PUBLISHED, "publish")]
