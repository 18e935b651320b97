"""The Latvian site and the search results in a real browser, kept as screenshots
(test-artifacts/lv-home.png, test-artifacts/search-copenhagen.png)."""

from django.core.management import call_command

import pytest

from tests.conftest import ARTIFACTS_DIR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", verbosity=0)
    return live_server.url


def screenshot(page, name):
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / name), full_page=True)


def test_the_latvian_home_page_shows_latvian_chrome(browser_page, demo_site):
    browser_page.goto(demo_site + "/lv/")
    screenshot(browser_page, "lv-home.png")
    assert browser_page.locator("#latest-news-title").inner_text() == "Jaunākās ziņas"
    assert browser_page.locator(".news-item time").first.inner_text() == "2007. gada 13. novembris"
    assert browser_page.get_by_role("link", name="Visi jaunumi").is_visible()


def test_search_results_for_copenhagen_show_the_word_marked(browser_page, demo_site):
    browser_page.goto(demo_site + "/search/?q=Copenhagen")
    screenshot(browser_page, "search-copenhagen.png")
    result = browser_page.locator(".search-results li", has_text="Joint innovation policy")
    assert result.locator("mark").first.inner_text() == "Copenhagen"
    # A highlight a reader can see: its background differs from the page's.
    background = result.locator("mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in {"rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"}
