"""The editors' admin: page types, blocks, choosers and search work for the content model."""

import datetime

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest
from bs4 import BeautifulSoup

from cms.blocks import MeetingsBlock, NewsBodyBlock
from cms.models import Milestone, NewsPage, WorkPackagePage
from tests.factories import (
    CityFactory,
    ImageFactory,
    NewsPageFactory,
    PartnerFactory,
    WorkPackagePageFactory,
)

pytestmark = pytest.mark.django_db

BLOCKS = [
    *NewsBodyBlock().child_blocks.values(),
    *MeetingsBlock().child_blocks.values(),
]


@pytest.fixture
def editor_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.name)
def test_every_block_has_its_own_icon_and_a_description(block):
    assert block.meta.icon not in {"", "placeholder"}
    assert block.meta.description


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.name)
def test_every_block_previews_in_the_block_picker(editor_client, block):
    ImageFactory()
    assert block.is_previewable
    response = editor_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f".block-{block.name}").get_text(strip=True) or soup.find("img")


@pytest.mark.parametrize(
    ("model", "parent"),
    [
        ("newspage", "news_index"),
        ("workpackagepage", "work_package_index"),
    ],
)
def test_the_add_page_form_opens_for_each_page_type(editor_client, site_tree, model, parent):
    parent_page = getattr(site_tree, parent)
    response = editor_client.get(f"/admin/pages/add/cms/{model}/{parent_page.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["home", "news_index", "work_package_index", "partner_index"])
def test_the_edit_form_opens_for_each_index_page(editor_client, site_tree, page):
    response = editor_client.get(f"/admin/pages/{getattr(site_tree, page).pk}/edit/")
    assert response.status_code == 200


def test_an_editor_creates_a_news_item_with_event_details_as_a_draft(editor_client, site_tree):
    berlin = CityFactory(name="Berlin", slug="berlin", country="DE", time_zone="Europe/Berlin")
    tsb = PartnerFactory(slug="tsb", city=berlin)
    data = nested_form_data(
        {
            "title": "Transnational Cluster Alliances",
            "slug": "transnational-cluster-alliances",
            "publication_date": "2007-11-13 18:00",
            "teaser": "The final conference of work package 3.",
            "body": streamfield([("paragraph", rich_text("<p>Hosted in Berlin.</p>"))]),
            "event_start_date": "2007-11-13",
            "event_city": berlin.pk,
            "tags": "conference, clusters",
        }
    )
    data["partners"] = [tsb.pk]
    response = editor_client.post(f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/", data)
    assert response.status_code == 302
    news = NewsPage.objects.get(slug="transnational-cluster-alliances")
    assert not news.live
    revision = news.latest_revision.as_object()
    assert revision.event_city == berlin
    assert list(revision.partners.all()) == [tsb]


def test_the_work_package_form_rejects_two_milestones_with_one_number(editor_client, site_tree):
    milestone = {
        "number": "4",
        "title": "",
        "period_start": "2006-07",
        "period_end": "2006-12",
        "description": "Workshop in Malmö.",
        "meetings": streamfield([]),
    }
    data = nested_form_data(
        {
            "title": "Joint framework",
            "slug": "joint-framework",
            "number": "5",
            "objective": "A joint innovation policy framework.",
            "description": rich_text(""),
            "milestones": inline_formset([milestone, milestone]),
        }
    )
    response = editor_client.post(
        f"/admin/pages/add/cms/workpackagepage/{site_tree.work_package_index.pk}/", data
    )
    assert response.status_code == 200
    assert "Another milestone has this number." in response.content.decode()
    assert not WorkPackagePage.objects.filter(slug="joint-framework").exists()


def test_the_work_package_form_saves_month_periods(editor_client, site_tree):
    data = nested_form_data(
        {
            "title": "Joint framework",
            "slug": "joint-framework",
            "number": "5",
            "objective": "A joint innovation policy framework.",
            "description": rich_text(""),
            "milestones": inline_formset(
                [
                    {
                        "number": "4",
                        "title": "",
                        "period_start": "2006-07",
                        "period_end": "2006-12",
                        "description": "Workshop in Malmö.",
                        "meetings": streamfield([]),
                    }
                ]
            ),
        }
    )
    response = editor_client.post(
        f"/admin/pages/add/cms/workpackagepage/{site_tree.work_package_index.pk}/", data
    )
    assert response.status_code == 302
    page = WorkPackagePage.objects.get(slug="joint-framework")
    milestone = page.latest_revision.as_object().milestones.get()
    assert isinstance(milestone, Milestone)
    assert (milestone.period_start, milestone.period_end) == (
        datetime.date(2006, 7, 1),
        datetime.date(2006, 12, 1),
    )


def test_the_page_explorer_lists_the_news(editor_client, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, title="Seminar at the Open Days")
    response = editor_client.get(f"/admin/pages/{site_tree.news_index.pk}/")
    assert news.title in response.content.decode()


def test_admin_search_finds_news_and_work_packages(editor_client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Seminar at the Open Days")
    WorkPackagePageFactory(parent=site_tree.work_package_index, title="Open innovation")
    response = editor_client.get("/admin/pages/search/", {"q": "Open"})
    content = response.content.decode()
    assert "Seminar at the Open Days" in content
    assert "Open innovation" in content


@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/snippets/choose/cms/partner/",
        "/admin/snippets/choose/cms/city/",
    ],
)
def test_the_choosers_open(editor_client, site_tree, url):
    assert editor_client.get(url).status_code == 200


def test_the_partner_snippets_list_their_city_and_role(editor_client):
    PartnerFactory(name="City of Malmö", city=CityFactory(name="Malmö"))
    content = editor_client.get("/admin/snippets/cms/partner/").content.decode()
    assert "City of Malmö" in content
    assert "Malmö" in content
