"""Wagtail's autosave and the editor's own Save or Submit, in a real browser.

Autosave creates a new page in the background and then points the form at the
new page's edit view. A Save or Submit clicked while that first autosave was
still on its way went to the add view and created the page a second time,
under the next free slug; the end-to-end test met it on a slow server.
"""

import pytest

from cms.models import NewsPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_submitting_while_the_first_autosave_is_on_its_way_creates_one_page_in_review(
    browser_page, live_server, site_tree, django_user_model
):
    django_user_model.objects.create_superuser("writer", "", "write-me")
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", "write-me")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    # The first autosave reaches the server (which creates the page) but its
    # answer is held back until the editor has clicked Submit, as a slow
    # server would hold it.
    held = []

    def hold_the_autosaves_answer(route, request):
        if request.method == "POST" and request.headers.get("accept") == "application/json":
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route("**/admin/pages/**", hold_the_autosaves_answer)
    news_index = site_tree.news_index
    page.goto(f"{live_server.url}/admin/pages/add/cms/newspage/{news_index.pk}/")
    # Wagtail takes the form's starting state two seconds after it opens;
    # what is typed before that is not an edit to autosave.
    page.wait_for_timeout(2500)
    page.fill("#id_title", "Advisory boards meet")
    page.fill("#id_teaser", "Local advisory boards discussed the draft framework.")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert len(held) == 1, "the autosave never started"

    page.click("footer button.w-dropdown__toggle")
    page.click("button[name=action-submit]")
    page.wait_for_timeout(300)  # long enough for an unheld submit to leave
    route, answer = held[0]
    route.fulfill(response=answer)
    page.wait_for_url(f"{live_server.url}/admin/pages/{news_index.pk}/")

    created = NewsPage.objects.filter(title="Advisory boards meet")
    assert [news.slug for news in created] == ["advisory-boards-meet"]
    assert created.get().workflow_in_progress
