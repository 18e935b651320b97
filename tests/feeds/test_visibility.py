"""What is not public never appears in a feed or the calendar."""

import datetime

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from tests.factories import (
    HomePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    WorkPackagePageFactory,
    ago,
    set_expiry,
)
from tests.feeds.conftest import ALL_PATHS, titles_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_news(make_event):
    return make_event(title="Public")


def visible_titles(client, path):
    titles = titles_in(client, path)
    assert "Public" in titles, "the feed shows public news at all"
    return titles


@pytest.mark.parametrize("path", ALL_PATHS)
def test_a_draft_never_appears(client, public_news, make_event, path):
    make_event(title="Draft", publish=False)
    assert "Draft" not in visible_titles(client, path)


@pytest.mark.parametrize("path", ALL_PATHS)
def test_unpublished_changes_to_a_live_page_do_not_appear(client, public_news, path):
    public_news.teaser = "A draft teaser, not yet published."
    public_news.save_revision()
    response = client.get(path)
    assert b"A draft teaser" not in response.content


@pytest.mark.parametrize("path", ALL_PATHS)
def test_a_private_page_never_appears(client, public_news, make_event, path):
    private = make_event(title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert "Private" not in visible_titles(client, path)


@pytest.mark.parametrize("path", ALL_PATHS)
def test_news_below_a_private_section_never_appear(client, site_tree, make_event, path):
    home = site_tree.home
    section = NewsIndexPageFactory(parent=home, slug="members", title="Members' news")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    make_event(title="Public")
    make_event(title="Members only", parent=section)
    assert "Members only" not in visible_titles(client, path)


@pytest.mark.parametrize("path", ALL_PATHS)
def test_a_scheduled_page_never_appears_before_its_time(client, site_tree, public_news, path):
    page = NewsPageFactory(
        parent=site_tree.news_index,
        publish=False,
        title="Scheduled",
        event_start_date=datetime.date(2006, 6, 1),
        event_city=public_news.event_city,
    )
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()
    assert "Scheduled" not in visible_titles(client, path)


@pytest.mark.parametrize("path", ALL_PATHS)
def test_an_expired_page_never_appears_even_before_the_scheduler_runs(
    client, public_news, make_event, path
):
    expired = make_event(title="Expired")
    set_expiry(expired, ago(minutes=1))
    assert "Expired" not in visible_titles(client, path)


@pytest.mark.parametrize("path", ALL_PATHS)
def test_another_sites_news_never_appear(client, public_news, make_event, path):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other")
    Site.objects.create(hostname="other.testserver", root_page=other_home)
    other_news = NewsIndexPageFactory(parent=other_home, slug="news")
    make_event(title="Other site's news", parent=other_news)
    assert "Other site's news" not in visible_titles(client, path)


def test_a_draft_work_package_is_not_a_filter(client, site_tree, public_news):
    WorkPackagePageFactory(parent=site_tree.work_package_index, number=9, publish=False)
    assert client.get("/feeds/news.atom?work_package=9").status_code == 404


def test_a_draft_work_package_is_not_a_category(client, site_tree, make_news):
    draft = WorkPackagePageFactory(
        parent=site_tree.work_package_index, number=8, title="Secret plans", publish=False
    )
    make_news(work_packages=[draft])
    assert b"Secret plans" not in client.get("/feeds/news.atom").content
