"""An editor translates one news item in a real browser, from the admin's Translate button."""

from wagtail.models import Locale

import pytest

from cms.models import NewsPage
from tests.conftest import ARTIFACTS_DIR
from tests.factories import NewsPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_translates_one_news_item_into_latvian(
    browser_page, live_server, site_tree, artifacts, django_user_model
):
    django_user_model.objects.create_superuser("translator", "", "translate-me")
    latvian = Locale.objects.get_or_create(language_code="lv")[0]
    news = NewsPageFactory(parent=site_tree.news_index, slug="workshop", title="Workshop")

    browser_page.goto(f"{live_server.url}/admin/login/")
    browser_page.fill("#id_username", "translator")
    browser_page.fill("#id_password", "translate-me")
    browser_page.click("button[type=submit]")
    browser_page.goto(f"{live_server.url}/admin/pages/{news.pk}/edit/")
    browser_page.get_by_role("button", name="Actions", exact=True).click()
    browser_page.get_by_role("link", name="Translate").click()
    browser_page.get_by_label("Latvian").check()
    browser_page.screenshot(path=str(artifacts / "translate-form.png"), full_page=True)
    browser_page.get_by_role("button", name="Submit").click()
    browser_page.wait_for_url("**/admin/pages/*/edit/")

    translation = NewsPage.objects.get(translation_key=news.translation_key, locale=latvian)
    assert browser_page.url.endswith(f"/admin/pages/{translation.pk}/edit/")
    assert translation.get_parent().alias_of_id == site_tree.news_index.pk
    browser_page.screenshot(path=str(ARTIFACTS_DIR / "translate-flow.png"), full_page=True)
