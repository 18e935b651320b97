"""Every publish and unpublish shows in Wagtail's audit log (Reports → Site history)."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from cms.models import NewsPage
from tests.admin_forms import news_edit_form
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "", "pw"))
    return client


def actions_for(page):
    return list(
        PageLogEntry.objects.filter(page_id=page.pk).order_by("id").values_list("action", flat=True)
    )


def test_an_editors_publish_and_unpublish_are_logged_with_the_user(admin_client, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, publish=False)
    form = news_edit_form(news)
    assert admin_client.post(f"/admin/pages/{news.pk}/edit/", form).status_code == 302
    assert admin_client.post(f"/admin/pages/{news.pk}/unpublish/").status_code == 302

    entries = PageLogEntry.objects.filter(
        page_id=news.pk, action__in=["wagtail.publish", "wagtail.unpublish"]
    ).order_by("id")
    assert [(entry.action, entry.user.username) for entry in entries] == [
        ("wagtail.publish", "admin"),
        ("wagtail.unpublish", "admin"),
    ]


def test_scheduled_publish_and_expiry_are_logged(site_tree):
    news = NewsPageFactory(parent=site_tree.news_index)
    NewsPage.objects.filter(pk=news.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("publish_scheduled")
    assert actions_for(news)[-1] == "wagtail.unpublish.scheduled"


def test_the_site_history_report_lists_publications(admin_client, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, title="Seminar at the Open Days")
    news.unpublish()
    content = admin_client.get("/admin/reports/site-history/").content.decode()
    assert "Seminar at the Open Days" in content
    assert "Unpublished" in content
