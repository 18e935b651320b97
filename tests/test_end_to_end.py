"""The editorial pipeline end to end, in a real browser on a live server.

An editor writes a news item in the Wagtail admin and submits it; a moderator
approves it; it appears on the home page, in the API, in the Atom feed and in
the events calendar. A second item is scheduled a minute ahead and appears
everywhere once the scheduler has run. Unpublishing the first takes it away
from every output. Each step leaves a screenshot under test-artifacts/.
"""

import datetime
import json
import urllib.request
import uuid

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

import feedparser
import icalendar
import pytest

from cms.editorial import EDITORS, MODERATORS
from cms.models import NewsIndexPage, NewsPage
from tests.factories import make_schedule_due

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def newsroom(live_server, django_user_model):
    """The demo site with an editor and a moderator."""
    call_command("load_demo", verbosity=0)
    for username, group in (("editor", EDITORS), ("moderator", MODERATORS)):
        user = django_user_model.objects.create_user(username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
    return live_server.url


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read()


def where_it_appears(base_url, title):
    """Which of the outputs show a news item with this title."""
    home = fetch(base_url + "/").decode()
    api = json.loads(fetch(base_url + "/api/v1/news/?limit=100"))
    atom = feedparser.parse(fetch(base_url + "/feeds/news.atom"))
    calendar = icalendar.Calendar.from_ical(fetch(base_url + "/feeds/events.ics"))
    return {
        "home page": title in home,
        "API": any(item["title"] == title for item in api["results"]),
        "Atom feed": any(entry.title == title for entry in atom.entries),
        "calendar": any(str(event.get("SUMMARY")) == title for event in calendar.walk("VEVENT")),
    }


EVERYWHERE = {"home page": True, "API": True, "Atom feed": True, "calendar": True}
NOWHERE = {"home page": False, "API": False, "Atom feed": False, "calendar": False}


@pytest.fixture
def log_in(browser, newsroom):
    """Logs a user in to the admin in a browser window of their own."""
    contexts = []

    def log_in_as(username):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        return _log_in(context.new_page(), newsroom, username)

    yield log_in_as
    # Closed before the live server stops, so no request is left half-served.
    for context in contexts:
        context.close()


def _log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")
    return page


def write_news(page, base_url, title, *, schedule_at=None):
    """Fill in the add-news form as an editor would, and submit it for review."""
    news_index = NewsIndexPage.objects.get(locale__language_code="en")
    page.goto(f"{base_url}/admin/pages/add/cms/newspage/{news_index.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_teaser", "Local advisory boards discussed the draft framework.")
    page.click("text=Choose an image")
    page.click(".modal-dialog a.image-choice[title='Helsinki workshop']")
    page.wait_for_selector(".modal-dialog", state="detached")
    page.locator("#panel-child-content-body-section button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("Each city partner held a meeting of its local advisory board.")
    page.click("button[aria-controls=panel-child-content-event-content]")
    page.fill("#id_event_start_date", "2006-10-12")
    page.keyboard.press("Escape")
    page.fill("#id_event_venue", "City Hall")
    page.locator("#panel-child-content-event-content").get_by_role(
        "button", name="Choose"
    ).first.click()
    page.locator(".modal-dialog").get_by_role("link", name="Helsinki").click()
    page.wait_for_selector(".modal-dialog", state="detached")
    page.get_by_label("WP 5: Joint innovation policy framework").check()
    if schedule_at is not None:
        page.click("[data-side-panel-toggle=status]")
        page.get_by_role("button", name="Set schedule").click()
        # Set without focusing the field: its date picker would open over the
        # dialog's button (where depends on the time of day it lists).
        page.locator("#id_go_live_at").evaluate(
            "(field, value) => { field.value = value;"
            " field.dispatchEvent(new Event('change', {bubbles: true})); }",
            timezone.localtime(schedule_at).strftime("%Y-%m-%d %H:%M"),
        )
        page.get_by_role("button", name="Save schedule").click()
    page.click("footer button.w-dropdown__toggle")
    page.click("button[name=action-submit]")
    page.wait_for_url(f"{base_url}/admin/pages/{news_index.pk}/")
    return NewsPage.objects.get(title=title, locale__language_code="en")


def approve(page, base_url, news):
    page.goto(f"{base_url}/admin/pages/{news.pk}/edit/")
    page.click("footer button.w-dropdown__toggle")
    page.get_by_role("button", name="Approve and Publish").click()
    page.wait_for_url(f"{base_url}/admin/pages/{news.get_parent().pk}/")


def unpublish(page, base_url, news):
    page.goto(f"{base_url}/admin/pages/{news.pk}/unpublish/")
    page.get_by_role("button", name="Yes, unpublish it").click()
    page.wait_for_url(f"{base_url}/admin/pages/{news.get_parent().pk}/")


def test_news_goes_from_an_editors_draft_to_every_output_and_away_again(
    log_in, newsroom, artifacts
):
    base_url = newsroom
    first_title = f"Advisory boards meet in every metropolis {uuid.uuid4().hex[:4]}"
    second_title = f"National seminars announced {uuid.uuid4().hex[:4]}"

    editor = log_in("editor")
    first = write_news(editor, base_url, first_title)
    editor.screenshot(path=str(artifacts / "1-editor-submitted.png"))
    assert not first.live
    assert where_it_appears(base_url, first_title) == NOWHERE

    moderator = log_in("moderator")
    approve(moderator, base_url, first)
    moderator.screenshot(path=str(artifacts / "2-moderator-approved.png"))
    assert where_it_appears(base_url, first_title) == EVERYWHERE
    editor.goto(base_url + "/")
    editor.screenshot(path=str(artifacts / "3-home-page.png"), full_page=True)

    # The form takes whole minutes and drops the seconds: two minutes ahead is
    # still at least one by the time a slow machine has filled it in.
    second = write_news(
        editor, base_url, second_title, schedule_at=timezone.now() + datetime.timedelta(minutes=2)
    )
    approve(moderator, base_url, second)
    second.refresh_from_db()
    assert (second.live, second.go_live_at is not None) == (False, True)
    assert where_it_appears(base_url, second_title) == NOWHERE

    # A minute passes; the scheduler's next run publishes it.
    make_schedule_due(second)
    call_command("run_scheduler", once=True)
    assert where_it_appears(base_url, second_title) == EVERYWHERE
    editor.goto(base_url + "/news/")
    editor.screenshot(path=str(artifacts / "4-scheduled-item-published.png"), full_page=True)

    unpublish(moderator, base_url, first)
    moderator.screenshot(path=str(artifacts / "5-moderator-unpublished.png"))
    assert where_it_appears(base_url, first_title) == NOWHERE
    assert where_it_appears(base_url, second_title) == EVERYWHERE
