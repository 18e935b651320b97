"""Editorial roles: editors write, moderators publish, partner editors keep to their city."""

from django.contrib.auth.models import Group

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from cms.editorial import EDITORS, ensure_roles
from cms.models import NewsPage
from tests.factories import NewsPageFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def news_form(**values):
    data = nested_form_data(
        {
            "title": "Advisory board meets in Riga",
            "slug": "advisory-board-riga",
            "publication_date": "2006-10-12 10:00",
            "teaser": "The local advisory board discussed the framework.",
            "body": streamfield([("paragraph", rich_text("<p>Discussed.</p>"))]),
            "tags": "",
            **values,
        }
    )
    return data


def test_ensuring_the_roles_twice_changes_nothing(site_tree):
    ensure_roles(site_tree.home, site_tree.news_index)
    counts = (Group.objects.count(), Group.objects.get(name=EDITORS).page_permissions.count())
    ensure_roles(site_tree.home, site_tree.news_index)
    assert (Group.objects.count(), Group.objects.get(name=EDITORS).page_permissions.count()) == (
        counts
    )


def test_an_editor_can_edit_news_but_cannot_publish_it(site_tree, editor):
    news = NewsPageFactory(parent=site_tree.news_index)
    permissions = news.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()


def test_an_editors_publish_button_does_not_publish(client, site_tree, editor):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/",
        {**news_form(), "action-publish": "publish"},
    )
    news = NewsPage.objects.get(slug="advisory-board-riga")
    assert response.status_code == 302
    assert not news.live


def test_an_editor_submits_news_to_the_review_workflow(client, site_tree, editor):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/",
        {**news_form(), "action-submit": "submit"},
    )
    assert response.status_code == 302
    news = NewsPage.objects.get(slug="advisory-board-riga")
    state = WorkflowState.objects.get(object_id=str(news.pk))
    assert (state.workflow.name, state.status) == ("Review", WorkflowState.STATUS_IN_PROGRESS)
    assert not news.live


def test_a_moderator_approves_a_submission_and_it_goes_live(client, site_tree, editor, moderator):
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/",
        {**news_form(), "action-submit": "submit"},
    )
    news = NewsPage.objects.get(slug="advisory-board-riga")
    task_state = WorkflowState.objects.get(object_id=str(news.pk)).current_task_state

    client.force_login(moderator)
    response = client.post(
        f"/admin/pages/{news.pk}/edit/",
        {**news_form(), "action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    news.refresh_from_db()
    assert task_state.status == "approved"
    assert news.live


def test_a_moderator_can_unpublish(site_tree, moderator):
    news = NewsPageFactory(parent=site_tree.news_index)
    assert news.permissions_for_user(moderator).can_unpublish()


def test_a_partner_editor_can_edit_their_own_citys_news(site_tree, riga_editor, riga):
    news = NewsPageFactory(
        parent=site_tree.news_index, partners=[PartnerFactory(slug="riga-uni", city=riga)]
    )
    assert news.permissions_for_user(riga_editor).can_edit()


def test_a_partner_editor_can_edit_news_of_an_event_in_their_city(site_tree, riga_editor, riga):
    news = NewsPageFactory(
        parent=site_tree.news_index, event_city=riga, event_start_date="2006-10-12"
    )
    assert news.permissions_for_user(riga_editor).can_edit()


def test_a_partner_editor_cannot_edit_another_citys_news(site_tree, riga_editor, tallinn):
    news = NewsPageFactory(
        parent=site_tree.news_index, partners=[PartnerFactory(slug="tallinn", city=tallinn)]
    )
    assert not news.permissions_for_user(riga_editor).can_edit()
    assert not news.permissions_for_user(riga_editor).can_delete()


def test_a_partner_editor_is_refused_the_edit_view_of_another_citys_news(
    client, site_tree, riga_editor, tallinn
):
    news = NewsPageFactory(
        parent=site_tree.news_index, partners=[PartnerFactory(slug="tallinn", city=tallinn)]
    )
    client.force_login(riga_editor)
    response = client.get(f"/admin/pages/{news.pk}/edit/")
    # Wagtail sends a user without permission back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_a_partner_editor_cannot_create_news_outside_their_city(
    client, site_tree, riga_editor, tallinn
):
    tallinn_partner = PartnerFactory(slug="tallinn", city=tallinn)
    client.force_login(riga_editor)
    data = news_form()
    data["partners"] = [tallinn_partner.pk]
    response = client.post(f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/", data)
    assert response.status_code == 200
    assert "Partner editors write the news of their own city" in response.content.decode()
    assert not NewsPage.objects.filter(slug="advisory-board-riga").exists()


def test_a_partner_editor_creates_news_naming_their_partner(client, site_tree, riga_editor):
    client.force_login(riga_editor)
    data = news_form()
    data["partners"] = [riga_editor.partner_editor.partner.pk]
    response = client.post(f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/", data)
    assert response.status_code == 302
    assert NewsPage.objects.filter(slug="advisory-board-riga").exists()
