"""The demo content that `make run` loads: complete, and loaded only once."""

import datetime

from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from cms.demo import content as demo_content
from cms.models import City, NewsPage, Partner, PublicationEvent, WorkPackagePage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "events": PublicationEvent.objects.count(),
        "partners": Partner.objects.count(),
        "cities": City.objects.count(),
        "images": get_image_model().objects.count(),
    }


def test_loading_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_loading_the_demo_twice_says_nothing_changed(demo, capsys):
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out


def test_the_demo_leaves_an_editors_change_alone(demo):
    news = NewsPage.objects.get(
        slug="workshops-st-petersburg-june-2007", locale__language_code="en"
    )
    news.title = "Edited by an editor"
    news.save_revision().publish()
    call_command("load_demo", verbosity=0)
    news.refresh_from_db()
    assert news.title == "Edited by an editor"


def test_the_demo_has_fourteen_partners_and_three_observers(demo):
    assert Partner.objects.exclude(role=Partner.Role.OBSERVER).count() == 14
    assert set(
        Partner.objects.filter(role=Partner.Role.OBSERVER).values_list("city__name", flat=True)
    ) == {"Oslo", "Vilnius", "Warsaw"}


def test_the_demo_names_the_lead_partner_and_the_coordinator(demo):
    assert Partner.objects.get(role=Partner.Role.LEAD_PARTNER).name == "City of Helsinki"
    assert Partner.objects.get(role=Partner.Role.COORDINATOR).name.startswith("Culminatum")


def test_the_demo_has_five_work_packages_with_cluster_development_as_wp3(demo):
    assert list(WorkPackagePage.objects.order_by("number").values_list("number", flat=True)) == [
        1, 2, 3, 4, 5
    ]  # fmt: skip
    assert WorkPackagePage.objects.get(number=3).title == "Cluster Development"


def test_the_demo_work_package_5_has_milestones_3_to_6_with_their_periods(demo):
    work_package = WorkPackagePage.objects.get(number=5)
    periods = [
        (milestone.number, milestone.period_start, milestone.period_end)
        for milestone in work_package.milestones.all()
    ]
    assert periods == [
        (3, datetime.date(2006, 1, 1), datetime.date(2006, 6, 1)),
        (4, datetime.date(2006, 7, 1), datetime.date(2006, 12, 1)),
        (5, datetime.date(2007, 1, 1), datetime.date(2007, 6, 1)),
        (6, datetime.date(2007, 7, 1), datetime.date(2007, 12, 1)),
    ]


def test_the_demo_milestone_4_holds_the_malmo_workshop_in_august_2006(demo):
    milestone = WorkPackagePage.objects.get(number=5).milestones.get(number=4)
    workshop = milestone.meetings[0].value
    assert (workshop["kind"], workshop["city"].name, workshop["month"]) == (
        "workshop",
        "Malmö",
        datetime.date(2006, 8, 1),
    )
    assert [partner.slug for partner in workshop["host_partners"]] == ["city-of-malmo"]


def test_the_demo_news_carry_their_event_dates_and_places(demo):
    events = {
        news.slug: (news.event_start_date, news.event_end_date, news.event_city.name)
        for news in NewsPage.objects.filtered(events_only=True).select_related("event_city")
    }
    assert events["workshops-st-petersburg-june-2007"] == (
        datetime.date(2007, 6, 13),
        datetime.date(2007, 6, 15),
        "St Petersburg",
    )
    assert events["cluster-development-final-conference"] == (
        datetime.date(2007, 11, 13),
        None,
        "Berlin",
    )
    assert events["workshop-helsinki-2006"][0] == datetime.date(2006, 10, 31)


def test_the_demo_announces_and_reports_the_open_days_seminar_as_two_items(demo):
    seminar = NewsPage.objects.filter(
        event_start_date=datetime.date(2007, 10, 9), locale__language_code="en"
    )
    assert seminar.count() == 2


def test_the_demo_is_published_and_served_by_the_default_site(demo):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    news = NewsPage.objects.public(site=site)
    assert news.filter(locale__language_code="en").count() == 5
    assert news.filter(locale__language_code="lv").count() == len(demo_content.LATVIAN_NEWS)


def test_the_demo_images_are_generated_pictures(demo):
    image = NewsPage.objects.get(
        slug="cluster-development-final-conference", locale__language_code="en"
    ).lead_image
    assert (image.width, image.height) == (1600, 900)


def test_the_demo_images_focal_point_holds_their_lettering(demo):
    # Wagtail's fill- crops keep the focal point: a thumbnail of another shape
    # keeps the picture's words.
    image = NewsPage.objects.get(
        slug="cluster-development-final-conference", locale__language_code="en"
    ).lead_image
    with image.open_file() as file, PILImage.open(file) as picture:
        white = picture.convert("RGB").point(lambda value: 255 if value == 255 else 0)
        lettering = white.convert("L").point(lambda value: 255 if value == 255 else 0).getbbox()
    focal = image.get_focal_point()
    assert lettering is not None
    left, top, right, bottom = lettering
    assert focal.left <= left and focal.top <= top
    assert focal.right >= right and focal.bottom >= bottom


LATVIAN_TITLES = {news["title"] for news in demo_content.LATVIAN_NEWS.values()}


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_the_demo_latvian_home_page_is_in_latvian_with_latvian_news(client, demo):
    soup = get_soup(client, "/lv/")
    assert soup.find("html")["lang"] == "lv"
    assert soup.select_one(".intro .lead").get_text() == demo_content.LATVIAN_HOME["lead"]
    latest = {link.get_text(strip=True) for link in soup.select(".latest-news .news-item__title a")}
    assert latest & LATVIAN_TITLES


def test_the_demo_latvian_news_page_lists_the_latvian_items_only(client, demo):
    soup = get_soup(client, "/lv/news/")
    titles = {link.get_text(strip=True) for link in soup.select(".news-list .news-item__title a")}
    assert titles == LATVIAN_TITLES


def test_the_demo_latvian_feed_lists_the_latvian_items(client, demo):
    feed = feedparser.parse(client.get("/feeds/news.rss?locale=lv").content)
    assert {entry.title for entry in feed.entries} == LATVIAN_TITLES


def test_the_demo_english_feed_stays_english(client, demo):
    feed = feedparser.parse(client.get("/feeds/news.rss").content)
    assert len(feed.entries) == 5
    assert not {entry.title for entry in feed.entries} & LATVIAN_TITLES


def test_the_demo_english_news_item_links_to_its_latvian_translation(client, demo):
    soup = get_soup(client, "/news/workshops-st-petersburg-june-2007/")
    latvian = soup.select_one('.language-switcher a[hreflang="lv"]')
    assert latvian["href"] == "/lv/news/workshops-st-petersburg-june-2007/"
    assert get_soup(client, latvian["href"]).find("h1").get_text(strip=True) == (
        "BaltMet Inno darbnīcas Sanktpēterburgā"
    )


def test_the_demo_latvian_menu_has_the_news_and_partners_sections(client, demo):
    soup = get_soup(client, "/lv/")
    assert [link["href"] for link in soup.select(".site-nav a")] == ["/lv/news/", "/lv/partners/"]
