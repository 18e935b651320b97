import datetime
import zoneinfo

from django.core.exceptions import ValidationError

import pytest

from cms.models import NewsPage
from tests.factories import CityFactory, NewsPageFactory, PartnerFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin(db):
    return CityFactory(name="Berlin", slug="berlin", country="DE", time_zone="Europe/Berlin")


def news(**values):
    return NewsPage(title="Conference", slug="conference", teaser="A conference.", **values)


def test_an_event_needs_the_day_it_starts(berlin):
    with pytest.raises(ValidationError) as error:
        news(event_city=berlin, event_venue="Adlershof").clean()
    assert "event_start_date" in error.value.message_dict


def test_an_event_needs_its_city(db):
    with pytest.raises(ValidationError) as error:
        news(event_start_date=datetime.date(2007, 11, 13)).clean()
    assert "event_city" in error.value.message_dict


def test_an_event_cannot_end_before_it_starts(berlin):
    with pytest.raises(ValidationError) as error:
        news(
            event_city=berlin,
            event_start_date=datetime.date(2007, 11, 13),
            event_end_date=datetime.date(2007, 11, 12),
        ).clean()
    assert "event_end_date" in error.value.message_dict


def test_a_one_day_event_cannot_end_before_its_starting_time(berlin):
    with pytest.raises(ValidationError) as error:
        news(
            event_city=berlin,
            event_start_date=datetime.date(2007, 11, 13),
            event_start_time=datetime.time(14, 0),
            event_end_time=datetime.time(9, 0),
        ).clean()
    assert "event_end_time" in error.value.message_dict


def test_news_without_event_details_is_valid(db):
    news().clean()


def test_event_times_are_local_to_the_event_city(berlin):
    page = news(
        event_city=berlin,
        event_start_date=datetime.date(2007, 11, 13),
        event_start_time=datetime.time(9, 30),
        event_end_time=datetime.time(17, 0),
    )
    assert page.event_starts_at == datetime.datetime(
        2007, 11, 13, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")
    )
    assert page.event_ends_at.utcoffset() == datetime.timedelta(hours=1)


def test_news_filtered_by_partner_includes_events_in_the_partners_city(site_tree, berlin):
    tsb = PartnerFactory(slug="tsb", city=berlin)
    named = NewsPageFactory(parent=site_tree.news_index, partners=[tsb])
    in_city = NewsPageFactory(
        parent=site_tree.news_index, event_city=berlin, event_start_date=datetime.date(2007, 1, 1)
    )
    NewsPageFactory(parent=site_tree.news_index)
    assert set(NewsPage.objects.public().filtered(partner=tsb)) == {named, in_city}


def test_news_filtered_by_work_package_number(site_tree):
    clusters = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    concerned = NewsPageFactory(parent=site_tree.news_index, work_packages=[clusters])
    NewsPageFactory(parent=site_tree.news_index)
    assert list(NewsPage.objects.public().filtered(work_package=3)) == [concerned]


def test_news_filtered_by_tag_slug(site_tree):
    tagged = NewsPageFactory(parent=site_tree.news_index, tags=["Open Days"])
    NewsPageFactory(parent=site_tree.news_index, tags=["workshop"])
    assert list(NewsPage.objects.public().filtered(tag="open-days")) == [tagged]


def test_news_listing_is_newest_first(site_tree):
    older = NewsPageFactory(
        parent=site_tree.news_index,
        publication_date=datetime.datetime(2007, 6, 15, tzinfo=datetime.UTC),
    )
    newer = NewsPageFactory(
        parent=site_tree.news_index,
        publication_date=datetime.datetime(2007, 11, 13, tzinfo=datetime.UTC),
    )
    assert list(NewsPage.objects.public().for_listing()) == [newer, older]


def test_a_filter_given_several_values_matches_any_of_them(site_tree):
    open_days = NewsPageFactory(parent=site_tree.news_index, tags=["Open Days"])
    workshop = NewsPageFactory(parent=site_tree.news_index, tags=["workshop"])
    NewsPageFactory(parent=site_tree.news_index, tags=["other"])
    found = NewsPage.objects.public().filtered(tag=["open-days", "workshop"])
    assert set(found) == {open_days, workshop}


def test_filters_combine_and_an_empty_one_is_no_filter(site_tree):
    clusters = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    both = NewsPageFactory(parent=site_tree.news_index, work_packages=[clusters], tags=["workshop"])
    NewsPageFactory(parent=site_tree.news_index, tags=["workshop"])
    assert list(NewsPage.objects.public().filtered(work_package=3, tag="workshop")) == [both]
    assert NewsPage.objects.public().filtered(tag=[], work_package=None).count() == 2
