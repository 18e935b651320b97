"""Wagtail's preview renders each page type with the real site template."""

import datetime

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from tests.factories import CityFactory, MilestoneFactory, NewsPageFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


def preview_soup(page):
    response = page.make_preview_request()
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_home_page_previews_with_the_site_template(site_tree):
    soup = preview_soup(site_tree.home)
    assert soup.select_one("header.site-header")
    assert soup.select_one("section.latest-news")


def test_a_draft_news_item_previews_with_its_event_details(site_tree):
    page = NewsPageFactory(
        parent=site_tree.news_index,
        publish=False,
        title="Draft workshop",
        event_start_date=datetime.date(2007, 6, 13),
        event_end_date=datetime.date(2007, 6, 15),
        event_city=CityFactory(name="St Petersburg", time_zone="Europe/Moscow"),
    )
    soup = preview_soup(page)
    assert soup.find("h1").get_text() == "Draft workshop"
    assert "13–15 June 2007" in soup.select_one(".event-details").get_text()


def test_a_work_package_previews_its_milestone_timeline(site_tree):
    work_package = WorkPackagePageFactory(parent=site_tree.work_package_index, publish=False)
    MilestoneFactory(page=work_package, number=3)
    soup = preview_soup(work_package)
    assert [h.get_text() for h in soup.select(".timeline__item h3")] == ["Milestone 3"]


@pytest.mark.parametrize("index", ["news_index", "work_package_index", "partner_index"])
def test_each_index_page_previews_with_the_site_template(site_tree, index):
    soup = preview_soup(getattr(site_tree, index))
    assert soup.select_one("main#main h1")


def test_the_editors_preview_shows_unsaved_changes(client, site_tree, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "", "pw"))
    page = NewsPageFactory(parent=site_tree.news_index, title="Saved title")
    data = nested_form_data(
        {
            "title": "Unsaved title",
            "slug": page.slug,
            "publication_date": "2007-06-15 17:00",
            "teaser": "Teaser.",
            "body": streamfield([("paragraph", rich_text("<p>Body.</p>"))]),
            "tags": "",
        }
    )
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    assert client.post(preview_url, data).json()["is_valid"]
    soup = BeautifulSoup(client.get(preview_url).content, "html.parser")
    assert soup.find("h1").get_text() == "Unsaved title"
