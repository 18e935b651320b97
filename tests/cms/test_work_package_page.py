import datetime

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup

from cms.models import Milestone, WorkPackagePage
from tests.factories import CityFactory, MilestoneFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


def meeting(month, city=None, **values):
    return (
        "meeting",
        {
            "kind": "workshop",
            "name": "",
            "month": month,
            "starts_on": None,
            "ends_on": None,
            "city": city,
            "in_every_partner_city": city is None,
            "organiser": "wp_coordinator",
            "host_partners": [],
            **values,
        },
    )


def test_a_milestone_stores_its_period_as_whole_months(site_tree):
    work_package = WorkPackagePageFactory(parent=site_tree.work_package_index)
    milestone = MilestoneFactory(
        page=work_package,
        period_start=datetime.date(2006, 7, 15),
        period_end=datetime.date(2006, 12, 31),
    )
    milestone.refresh_from_db()
    assert (milestone.period_start, milestone.period_end) == (
        datetime.date(2006, 7, 1),
        datetime.date(2006, 12, 1),
    )


def test_a_milestone_cannot_end_before_it_starts():
    milestone = Milestone(
        number=4,
        period_start=datetime.date(2006, 12, 1),
        period_end=datetime.date(2006, 7, 1),
        description="Workshop",
    )
    with pytest.raises(ValidationError) as error:
        milestone.clean()
    assert "period_end" in error.value.message_dict


def test_a_meeting_must_fall_within_its_milestone_period(site_tree):
    malmo = CityFactory(name="Malmö", slug="malmo", country="SE", time_zone="Europe/Stockholm")
    milestone = Milestone(
        number=4,
        period_start=datetime.date(2006, 7, 1),
        period_end=datetime.date(2006, 12, 1),
        description="Workshop in Malmö",
        meetings=[meeting(datetime.date(2007, 2, 1), malmo)],
    )
    with pytest.raises(ValidationError) as error:
        milestone.clean()
    assert "February 2007" in str(error.value)


def test_two_work_packages_in_one_language_cannot_share_a_number(site_tree):
    WorkPackagePageFactory(parent=site_tree.work_package_index, number=3, slug="clusters")
    clash = WorkPackagePage(
        title="Another",
        slug="another",
        number=3,
        objective="x",
        locale=site_tree.work_package_index.locale,
    )
    with pytest.raises(ValidationError) as error:
        clash.clean()
    assert "number" in error.value.message_dict


def test_the_period_of_a_work_package_spans_its_milestones(site_tree):
    work_package = WorkPackagePageFactory(parent=site_tree.work_package_index)
    MilestoneFactory(
        page=work_package,
        number=3,
        period_start=datetime.date(2006, 1, 1),
        period_end=datetime.date(2006, 6, 1),
    )
    MilestoneFactory(
        page=work_package,
        number=6,
        period_start=datetime.date(2007, 7, 1),
        period_end=datetime.date(2007, 12, 1),
    )
    assert WorkPackagePage.objects.get(pk=work_package.pk).period == (
        datetime.date(2006, 1, 1),
        datetime.date(2007, 12, 1),
    )


# --- work packages the old site named without a number ------------------------------------


def numberless(parent, title, slug):
    return WorkPackagePageFactory(parent=parent, number=None, title=title, slug=slug)


def test_work_packages_without_a_number_do_not_clash(site_tree):
    numberless(site_tree.work_package_index, "Knowledge networks", "knowledge-networks")
    other = WorkPackagePage(
        title="Regional branding",
        slug="regional-branding",
        number=None,
        objective="x",
        locale=site_tree.work_package_index.locale,
    )
    other.clean()


def test_a_work_package_without_a_number_is_shown_by_its_name(client, site_tree):
    numberless(site_tree.work_package_index, "Knowledge networks", "knowledge-networks")
    response = client.get("/work-packages/knowledge-networks/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.get_text(strip=True).startswith("Knowledge networks")
    assert soup.select_one(".eyebrow").get_text(strip=True) == "Work package"
    assert "None" not in soup.select_one("main").get_text()


def test_the_work_package_list_puts_those_without_a_number_last(client, site_tree):
    index = site_tree.work_package_index
    numberless(index, "Knowledge networks", "knowledge-networks")
    WorkPackagePageFactory(parent=index, number=3, title="Cluster Development", slug="clusters")
    soup = BeautifulSoup(client.get("/work-packages/").content, "html.parser")
    entries = [
        " ".join(heading.get_text(" ", strip=True).split())
        for heading in soup.select(".work-package-list h2")
    ]
    assert entries == ["WP 3 Cluster Development", "Knowledge networks"]
