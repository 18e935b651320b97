import datetime

from wagtail.models import Locale

from tests.api.conftest import ids, results
from tests.factories import CityFactory, MilestoneFactory, PartnerFactory, WorkPackagePageFactory


def test_demo_work_packages_in_number_order(api, demo):
    body = api.get("/api/v1/work-packages/").json()
    assert body["count"] == 5
    assert [item["number"] for item in body["results"]] == [1, 2, 3, 4, 5]


def test_milestones_and_meetings_come_inline(api, demo):
    wp5 = results(api.get("/api/v1/work-packages/"))[4]
    assert wp5["title"] == "Joint innovation policy framework"
    assert [milestone["number"] for milestone in wp5["milestones"]] == [3, 4, 5, 6]
    third = wp5["milestones"][0]
    assert third["period_start"] == "2006-01"
    assert third["period_end"] == "2006-06"
    assert third["meetings"] == [
        {
            "kind": "working_group_meeting",
            "kind_label": "Working-group meeting",
            "name": "Preparatory meeting",
            "month": "2006-03",
            "starts_on": None,
            "ends_on": None,
            "city": "Copenhagen",
            "country": "DK",
            "in_every_partner_city": False,
            "organiser": "wp_coordinator",
            "host_partners": [],
        }
    ]
    workshop = wp5["milestones"][1]["meetings"][0]
    assert workshop["host_partners"] == ["city-of-malmo"]
    assert wp5["period"] == {"start": "2006-01", "end": "2007-12"}


def test_meeting_labels_are_in_english_whatever_the_client_asks(api, demo):
    wp5 = results(api.get("/api/v1/work-packages/", headers={"Accept-Language": "de"}))[4]
    assert wp5["milestones"][0]["meetings"][0]["kind_label"] == "Working-group meeting"


def test_description_is_html_and_news_link_points_to_the_api(api, demo):
    wp3 = results(api.get("/api/v1/work-packages/"))[2]
    assert wp3["description"].startswith("<p>The partners first described")
    assert wp3["news"] == "http://testserver/api/v1/news/?work_package=3&locale=en"
    news = api.get(wp3["news"]).json()
    assert [item["slug"] for item in news["results"]] == ["cluster-development-final-conference"]


def test_work_package_without_milestones_has_no_period(api, demo):
    wp1 = results(api.get("/api/v1/work-packages/"))[0]
    assert wp1["milestones"] == []
    assert wp1["period"] is None


def test_detail_by_id(api, demo):
    listed = results(api.get("/api/v1/work-packages/"))[4]
    assert api.get(f"/api/v1/work-packages/{listed['id']}/").json() == listed


def test_unknown_id_is_404(api, demo):
    api.get("/api/v1/work-packages/987654/", status=404)


def test_coordinator_and_milestone_meetings_on_generated_content(api, site_tree):
    city = CityFactory(name="Tallinn", time_zone="Europe/Tallinn", country="EE")
    coordinator = PartnerFactory(name="City of Tallinn", slug="city-of-tallinn", city=city)
    wp = WorkPackagePageFactory(
        parent=site_tree.work_package_index, number=7, coordinator=coordinator
    )
    MilestoneFactory(
        page=wp,
        number=1,
        title="Set-up",
        period_start=datetime.date(2006, 1, 1),
        period_end=datetime.date(2006, 3, 1),
        meetings=[
            (
                "meeting",
                {
                    "kind": "workshop",
                    "name": "",
                    "month": datetime.date(2006, 2, 1),
                    "starts_on": datetime.date(2006, 2, 14),
                    "ends_on": datetime.date(2006, 2, 15),
                    "city": city,
                    "in_every_partner_city": False,
                    "organiser": "partner",
                    "host_partners": [coordinator],
                },
            )
        ],
    )
    item = api.get(f"/api/v1/work-packages/{wp.pk}/").json()
    assert item["coordinator"]["slug"] == "city-of-tallinn"
    meeting = item["milestones"][0]["meetings"][0]
    assert (meeting["starts_on"], meeting["ends_on"]) == ("2006-02-14", "2006-02-15")
    assert meeting["host_partners"] == ["city-of-tallinn"]
    assert item["period"] == {"start": "2006-01", "end": "2006-03"}


def test_draft_work_package_is_not_listed(api, site_tree):
    public = WorkPackagePageFactory(parent=site_tree.work_package_index, number=1)
    draft = WorkPackagePageFactory(parent=site_tree.work_package_index, number=2, publish=False)
    assert ids(api.get("/api/v1/work-packages/")) == [public.pk]
    api.get(f"/api/v1/work-packages/{draft.pk}/", status=404)


def test_locale_filter_and_translations(api, site_tree):
    german = Locale.objects.create(language_code="de")
    wp = WorkPackagePageFactory(parent=site_tree.work_package_index, number=1)
    translation = wp.copy_for_translation(german, copy_parents=True)
    translation.save_revision().publish()
    assert ids(api.get("/api/v1/work-packages/", {"locale": "de"})) == [translation.pk]
    item = api.get(f"/api/v1/work-packages/{wp.pk}/").json()
    assert [entry["locale"] for entry in item["translations"]] == ["de"]


def test_ordering_by_title(api, site_tree):
    b = WorkPackagePageFactory(parent=site_tree.work_package_index, number=1, title="Beta")
    a = WorkPackagePageFactory(parent=site_tree.work_package_index, number=2, title="Alpha")
    assert ids(api.get("/api/v1/work-packages/", {"ordering": "title"})) == [a.pk, b.pk]
    assert ids(api.get("/api/v1/work-packages/", {"ordering": "-number"})) == [a.pk, b.pk]


def test_fields(api, demo):
    item = results(api.get("/api/v1/work-packages/", {"fields": "number,title"}))[0]
    assert set(item) == {"id", "type", "number", "title"}


def test_a_work_package_without_a_number_comes_last_with_no_news_list(api, site_tree):
    index = site_tree.work_package_index
    WorkPackagePageFactory(parent=index, number=None, title="Knowledge networks", slug="kn")
    WorkPackagePageFactory(parent=index, number=3, title="Cluster Development", slug="clusters")
    items = results(api.get("/api/v1/work-packages/"))
    assert [(item["number"], item["title"]) for item in items] == [
        (3, "Cluster Development"),
        (None, "Knowledge networks"),
    ]
    assert items[1]["news"] is None
    descending = results(api.get("/api/v1/work-packages/", {"ordering": "-number"}))
    assert [item["number"] for item in descending] == [3, None]


def test_news_names_a_work_package_without_a_number_after_the_numbered(api, news, site_tree):
    index = site_tree.work_package_index
    known = WorkPackagePageFactory(parent=index, number=None, title="Knowledge networks", slug="kn")
    wp3 = WorkPackagePageFactory(parent=index, number=3, title="Cluster Development", slug="cd")
    news(work_packages=[known, wp3])
    item = results(api.get("/api/v1/news/"))[0]
    assert [(ref["number"], ref["title"]) for ref in item["work_packages"]] == [
        (3, "Cluster Development"),
        (None, "Knowledge networks"),
    ]
