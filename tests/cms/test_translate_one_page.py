"""Translating one page in the admin: its missing parents come along as aliases, nothing else.

The translation is a draft that goes through the Review workflow like English
news, and once approved it is served at its own URL and listed by the API.
"""

from wagtail.models import Locale, Page, WorkflowState

import pytest
from bs4 import BeautifulSoup

from cms.editorial import REVIEW_WORKFLOW
from cms.models import NewsPage
from tests.admin_forms import news_edit_form
from tests.factories import NewsPageFactory, PartnerFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def latvian(db):
    return Locale.objects.get_or_create(language_code="lv")[0]


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, slug="riga-workshop", title="Workshop")


def translate(client, page, locale):
    return client.post(f"/admin/translation/submit/page/{page.pk}/", {"locales": [locale.pk]})


def locale_option(client, page, locale):
    response = client.get(f"/admin/translation/submit/page/{page.pk}/")
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find("input", attrs={"name": "locales", "value": str(locale.pk)})


def test_a_language_the_parent_is_not_in_is_offered(admin_client, news, latvian):
    option = locale_option(admin_client, news, latvian)
    assert option is not None
    assert not option.has_attr("disabled")


def test_translating_a_news_item_makes_a_draft_and_opens_its_editor(admin_client, news, latvian):
    response = translate(admin_client, news, latvian)
    translation = news.get_translation(latvian)
    assert response["Location"] == f"/admin/pages/{translation.pk}/edit/"
    assert (translation.title, translation.live) == ("Workshop", False)


def test_the_missing_parents_become_live_aliases(admin_client, site_tree, news, latvian):
    translate(admin_client, news, latvian)
    home = site_tree.home.get_translation(latvian)
    news_index = site_tree.news_index.get_translation(latvian)
    assert (home.alias_of_id, home.live) == (site_tree.home.pk, True)
    assert (news_index.alias_of_id, news_index.live) == (site_tree.news_index.pk, True)
    assert news.get_translation(latvian).get_parent().pk == news_index.pk


def test_no_sibling_or_other_section_is_copied(admin_client, site_tree, news, latvian):
    sibling = NewsPageFactory(parent=site_tree.news_index)
    translate(admin_client, news, latvian)
    assert sibling.get_translation_or_none(latvian) is None
    assert site_tree.work_package_index.get_translation_or_none(latvian) is None
    assert Page.objects.filter(locale=latvian).count() == 3


def test_translating_a_work_package_brings_its_index_along(admin_client, site_tree, latvian):
    package = WorkPackagePageFactory(parent=site_tree.work_package_index, number=5)
    translate(admin_client, package, latvian)
    translation = package.get_translation(latvian)
    assert translation.get_parent().alias_of_id == site_tree.work_package_index.pk
    assert site_tree.news_index.get_translation_or_none(latvian) is None


def test_a_second_translation_reuses_the_parents(admin_client, site_tree, news, latvian):
    translate(admin_client, news, latvian)
    other = NewsPageFactory(parent=site_tree.news_index)
    translate(admin_client, other, latvian)
    news_index = site_tree.news_index.get_translation(latvian)
    assert other.get_translation(latvian).get_parent().pk == news_index.pk


def test_the_translation_goes_to_the_review_workflow(client, news, latvian, editor):
    client.force_login(editor)
    translate(client, news, latvian)
    translation = news.get_translation(latvian).specific
    assert translation.get_workflow().name == REVIEW_WORKFLOW
    soup = BeautifulSoup(client.get(f"/admin/pages/{translation.pk}/edit/").content, "html.parser")
    buttons = [button.get_text(" ", strip=True) for button in soup.select("button[name]")]
    assert f"Submit to {REVIEW_WORKFLOW}" in buttons


def test_an_approved_translation_is_served_and_listed(client, news, latvian, editor, moderator):
    client.force_login(editor)
    translate(client, news, latvian)
    translation = news.get_translation(latvian).specific
    translation.title = "Darbnīca"
    client.post(
        f"/admin/pages/{translation.pk}/edit/", news_edit_form(translation, action="submit")
    )
    state = WorkflowState.objects.get(object_id=str(translation.pk))
    assert state.workflow.name == REVIEW_WORKFLOW

    client.force_login(moderator)
    form = news_edit_form(translation, action="workflow-action")
    client.post(f"/admin/pages/{translation.pk}/edit/", {**form, "workflow-action-name": "approve"})
    client.logout()
    page = BeautifulSoup(client.get("/lv/news/riga-workshop/").content, "html.parser")
    assert page.find("h1").get_text() == "Darbnīca"
    titles = [item["title"] for item in client.get("/api/v1/news/?locale=lv").json()["results"]]
    assert titles == ["Darbnīca"]


def test_a_partner_editor_translates_and_edits_their_citys_news(
    client, site_tree, latvian, riga_editor, riga
):
    news = NewsPageFactory(
        parent=site_tree.news_index, partners=[PartnerFactory(slug="riga-uni", city=riga)]
    )
    client.force_login(riga_editor)
    translate(client, news, latvian)
    translation = NewsPage.objects.get(translation_key=news.translation_key, locale=latvian)
    assert translation.permissions_for_user(riga_editor).can_edit()
    assert client.get(f"/admin/pages/{translation.pk}/edit/").status_code == 200


def test_the_editor_is_told_which_parents_keep_a_translation_unreachable(
    admin_client, site_tree, news, latvian
):
    # Translated the old way: the parents as drafts.
    site_tree.home.copy_for_translation(latvian)
    site_tree.news_index.copy_for_translation(latvian)
    translation = news.copy_for_translation(latvian)
    response = admin_client.get(f"/admin/pages/{translation.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    warnings = [message.get_text(" ", strip=True) for message in soup.select(".messages .warning")]
    assert len(warnings) == 1
    assert "not published" in warnings[0]
    assert "“BaltMet Inno”, “News”" in warnings[0]


def test_the_editor_of_a_reachable_page_is_not_warned(admin_client, news):
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{news.pk}/edit/").content, "html.parser")
    assert soup.select(".messages .warning") == []
