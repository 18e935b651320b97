"""The API docs (Swagger UI at /api/docs/) in Chromium, against the demo: a partner
developer's first "Try it out" must answer with data."""

import json

from django.core.management import call_command

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_first_try_it_out_of_the_news_list_answers_with_news(
    browser_page, live_server, settings, artifacts
):
    # The schema's server is BASE_URL: the docs send their requests there.
    settings.BASE_URL = live_server.url
    call_command("load_demo", verbosity=0)
    page = browser_page
    page.goto(live_server.url + "/api/docs/")
    operation = page.locator("#operations-news-news_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    # Nothing but defaults is filled in: no filter narrows the first call.
    filled = {
        row.get_attribute("data-param-name"): row.locator("input").input_value()
        for row in operation.locator("tr[data-param-name]").all()
        if row.locator("input").count()
    }
    assert {name: value for name, value in filled.items() if value} == {
        "limit": "20",
        "offset": "0",
    }
    operation.get_by_role("button", name="Execute").click()
    body = operation.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    page.screenshot(path=str(artifacts / "try-it-out.png"), full_page=True)
    answer = json.loads(body.text_content())
    assert answer["count"] > 0
    assert answer["results"][0]["url"].startswith(live_server.url)
