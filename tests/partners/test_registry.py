"""The partner registry's model: origins, default filters, secrets and read tokens."""

import base64
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from api.models import ReadToken
from cms.models import NewsPage
from partners.models import PREVIOUS_SECRET_GRACE, generate_webhook_secret
from tests.factories import (
    CityFactory,
    NewsPageFactory,
    PartnerFactory,
    PartnerPortalFactory,
    WorkPackagePageFactory,
)

pytestmark = pytest.mark.django_db


def titles(portal):
    return sorted(portal.filter_news(NewsPage.objects.all()).values_list("title", flat=True))


@pytest.fixture
def news(site_tree):
    riga = CityFactory(name="Riga", slug="riga", country="LV", time_zone="Europe/Riga")
    city_of_riga = PartnerFactory(name="City of Riga", slug="city-of-riga", city=riga)
    wp3 = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    wp5 = WorkPackagePageFactory(parent=site_tree.work_package_index, number=5)

    def make(title, **kwargs):
        return NewsPageFactory(parent=site_tree.news_index, title=title, **kwargs)

    make("Cluster conference", work_packages=[wp3], tags=["clusters"])
    make("Foresight seminar", work_packages=[wp5], tags=["foresight"])
    make("Riga workshop", partners=[city_of_riga])
    make("Event in Riga", event_start_date=datetime.date(2006, 6, 13), event_city=riga)
    make("Unrelated news")
    return city_of_riga


def test_origins_are_stored_as_a_browser_writes_them():
    portal = PartnerPortalFactory.build(
        allowed_origins="HTTPS://WWW.Riga.LV:443/\nhttp://127.0.0.1:8080, https://www.riga.lv"
    )
    portal.clean()
    assert portal.origins == ["https://www.riga.lv", "http://127.0.0.1:8080"]


def test_an_international_host_name_is_stored_in_ascii():
    portal = PartnerPortalFactory.build(allowed_origins="https://malmö.se")
    portal.clean()
    assert portal.origins == ["https://xn--malm-8qa.se"]


@pytest.mark.parametrize(
    "origin",
    ["https://riga.lv/news", "https://*.riga.lv", "ftp://riga.lv", "riga.lv", "https://u@riga.lv"],
)
def test_anything_more_or_less_than_an_origin_is_a_field_error(origin):
    portal = PartnerPortalFactory.build(allowed_origins=origin)
    with pytest.raises(ValidationError) as error:
        portal.clean()
    assert "allowed_origins" in error.value.message_dict


def test_a_language_the_site_does_not_have_is_a_field_error():
    portal = PartnerPortalFactory.build(filter_locale="xx")
    with pytest.raises(ValidationError) as error:
        portal.clean()
    assert "filter_locale" in error.value.message_dict


def test_a_portal_without_filters_gets_every_news_item(news):
    portal = PartnerPortalFactory()
    assert len(titles(portal)) == 5


def test_work_package_filter_keeps_news_of_any_listed_work_package(news):
    portal = PartnerPortalFactory(filter_work_packages=[3, 5])
    assert titles(portal) == ["Cluster conference", "Foresight seminar"]


def test_work_package_filter_of_a_missing_work_package_matches_nothing(news):
    portal = PartnerPortalFactory(filter_work_packages=[9])
    assert titles(portal) == []


def test_tag_filter_keeps_news_with_any_listed_tag(news):
    portal = PartnerPortalFactory(filter_tags=["foresight"])
    assert titles(portal) == ["Foresight seminar"]


def test_partner_filter_keeps_news_naming_the_partner_or_with_an_event_in_its_city(news):
    portal = PartnerPortalFactory(filter_partner=news)
    assert titles(portal) == ["Event in Riga", "Riga workshop"]


def test_filters_of_different_kinds_must_all_match(news):
    portal = PartnerPortalFactory(filter_work_packages=[3], filter_tags=["foresight"])
    assert titles(portal) == []


def test_a_new_webhook_secret_is_32_random_bytes_in_the_standard_format():
    secret = generate_webhook_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert generate_webhook_secret() != secret


def test_after_a_rotation_the_previous_secret_signs_too_during_the_grace_period():
    portal = PartnerPortalFactory()
    previous = portal.webhook_secret
    portal.rotate_secret()
    portal.refresh_from_db()
    assert portal.webhook_secret != previous
    assert portal.signing_secrets() == [portal.webhook_secret, previous]


def test_after_the_grace_period_only_the_new_secret_signs():
    portal = PartnerPortalFactory()
    portal.rotate_secret()
    later = timezone.now() + PREVIOUS_SECRET_GRACE + datetime.timedelta(seconds=1)
    assert portal.signing_secrets(now=later) == [portal.webhook_secret]


def test_an_issued_read_token_authenticates_and_is_stored_only_hashed():
    portal = PartnerPortalFactory()
    token = portal.issue_read_token()
    row = ReadToken.objects.authenticate(token)
    assert row == portal.read_token
    assert row.partner == portal.partner
    assert token not in (row.secret_hash, row.prefix, row.name)


def test_issuing_a_new_read_token_revokes_the_previous_one():
    portal = PartnerPortalFactory()
    first = portal.issue_read_token()
    second = portal.issue_read_token()
    assert ReadToken.objects.authenticate(first) is None
    assert ReadToken.objects.authenticate(second) == portal.read_token


def test_a_revoked_read_token_no_longer_authenticates():
    portal = PartnerPortalFactory()
    token = portal.issue_read_token()
    portal.revoke_read_token()
    assert ReadToken.objects.authenticate(token) is None


def test_the_read_token_follows_the_portal_to_its_new_partner():
    portal = PartnerPortalFactory()
    token = portal.issue_read_token()
    portal.partner = PartnerFactory(name="City of Tallinn")
    portal.save()
    assert ReadToken.objects.authenticate(token).partner == portal.partner
