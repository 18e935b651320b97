"""The partner registry in the Wagtail admin: the portal form, read tokens, webhook secrets."""

from django.test import Client

from wagtail.models import ModelLogEntry

import pytest

from api.models import ReadToken
from cms.editorial import EDITORS, MODERATORS, ensure_roles
from partners.forms import PartnerPortalForm
from partners.models import PartnerPortal, WebhookDelivery
from tests.factories import PartnerFactory, WorkPackagePageFactory
from tests.partners.admin_support import (
    DELIVERIES_URL,
    PORTALS_URL,
    SITE_HISTORY_URL,
    logged_in,
    make_delivery,
    make_portal,
    member_of,
    refused,
    soup_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(site_tree, closed_port):
    return make_portal(closed_port)


@pytest.fixture
def riga_partner(db):
    return PartnerFactory(name="Riga Planning Region", slug="riga-planning-region")


@pytest.fixture
def filters_to_choose(site_tree, make_news):
    """Two work packages (one in German too) and tagged news, to choose filters from."""
    wp3 = WorkPackagePageFactory(
        parent=site_tree.work_package_index, number=3, title="Innovation strategies"
    )
    WorkPackagePageFactory(parent=site_tree.work_package_index, number=5, title="Clusters")
    make_news(title="Solar roofs", tags=["Smart energy"])
    make_news(title="Harbour talks", tags=["Maritime"])
    return wp3


def portal_form(partner, **values):
    data = {
        "name": "Tallinn city portal",
        "slug": "tallinn",
        "partner": str(partner.pk),
        "active": "on",
        "allowed_origins": "HTTPS://www.Tallinn.ee\nhttps://news.tallinn.ee:443",
        "filter_work_packages": ["3"],
        "filter_tags": ["smart-energy"],
        "filter_partner": "",
        "filter_locale": "et",
        "webhook_url": "https://www.tallinn.ee/hooks/baltmet",
    }
    data.update(values)
    return data


def field_errors(soup, name):
    """The error text Wagtail shows on the form field named ``name``."""
    widget = soup.find(attrs={"name": name})
    assert widget is not None, f"no field {name}"
    field = widget.find_parent(attrs={"data-field": True})
    errors = field.select_one("[data-field-errors]")
    return " ".join(errors.get_text(" ").split())


def edit_url(portal):
    return f"{PORTALS_URL}edit/{portal.pk}/"


def issue(client, portal):
    return client.post(f"{PORTALS_URL}token/{portal.pk}/issue/")


# The form ---------------------------------------------------------------------


def test_the_form_offers_existing_work_packages_tags_and_languages(admin_client, filters_to_choose):
    soup = soup_of(admin_client.get(f"{PORTALS_URL}new/"))

    def labels(name):
        return [
            " ".join(box.find_parent("label").get_text().split())
            for box in soup.find_all("input", attrs={"name": name})
        ]

    assert labels("filter_work_packages") == ["WP3 – Innovation strategies", "WP5 – Clusters"]
    assert labels("filter_tags") == ["Maritime", "Smart energy"]
    languages = [option["value"] for option in soup.select("select[name=filter_locale] option")]
    assert languages[:3] == ["", "en", "de"]
    assert "lv" in languages
    assert soup.select_one("select[name=filter_partner]") is not None


def test_creating_a_portal_saves_its_filters_and_normalised_origins(
    admin_client, filters_to_choose, riga_partner
):
    response = admin_client.post(f"{PORTALS_URL}new/", portal_form(riga_partner))

    created = PartnerPortal.objects.get(slug="tallinn")
    assert response.status_code == 302
    assert response["Location"] == edit_url(created)
    assert created.partner == riga_partner
    assert created.filter_work_packages == [3]
    assert created.filter_tags == ["smart-energy"]
    assert created.filter_locale == "et"
    assert created.origins == ["https://www.tallinn.ee", "https://news.tallinn.ee"]
    assert created.webhook_secret.startswith("whsec_")


def test_an_origin_with_a_path_is_refused_on_the_origins_field(
    admin_client, filters_to_choose, riga_partner
):
    form = portal_form(riga_partner, allowed_origins="https://www.tallinn.ee/news\nhttps://ok.ee")
    response = admin_client.post(f"{PORTALS_URL}new/", form)

    assert response.status_code == 200
    assert "has a path or query" in field_errors(soup_of(response), "allowed_origins")
    assert "https://www.tallinn.ee/news" in field_errors(soup_of(response), "allowed_origins")
    assert not PartnerPortal.objects.filter(slug="tallinn").exists()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/hooks", "127.0.0.1 is a loopback address"),
        ("https://localhost/hooks", "(localhost) is a loopback address"),
        ("http://[::1]/hooks", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/hooks", "is a loopback address"),
    ],
)
def test_a_webhook_url_of_an_internal_address_is_refused_with_the_reason(
    admin_client, filters_to_choose, riga_partner, url, reason
):
    response = admin_client.post(f"{PORTALS_URL}new/", portal_form(riga_partner, webhook_url=url))

    assert response.status_code == 200
    errors = field_errors(soup_of(response), "webhook_url")
    assert "Webhooks go to public addresses only" in errors
    assert reason in errors
    assert not PartnerPortal.objects.filter(slug="tallinn").exists()


def test_a_webhook_url_of_an_internal_address_is_accepted_where_allowed(
    admin_client, filters_to_choose, riga_partner, settings
):
    settings.OUTBOUND_ALLOW_PRIVATE = True
    form = portal_form(riga_partner, webhook_url="http://127.0.0.1:8080/hooks")
    admin_client.post(f"{PORTALS_URL}new/", form)
    assert PartnerPortal.objects.get(slug="tallinn").webhook_url == "http://127.0.0.1:8080/hooks"


def test_a_tag_no_news_has_cannot_be_chosen(admin_client, filters_to_choose, riga_partner):
    response = admin_client.post(
        f"{PORTALS_URL}new/", portal_form(riga_partner, filter_tags=["smart-enrgy"])
    )

    assert response.status_code == 200
    assert "smart-enrgy" in field_errors(soup_of(response), "filter_tags")


def test_editing_a_portal_saves_the_form_and_keeps_its_credentials(
    admin_client, portal, filters_to_choose
):
    token = portal.issue_read_token()
    secret = portal.webhook_secret
    form = portal_form(
        portal.partner,
        name=portal.name,
        slug=portal.slug,
        filter_locale="",
        filter_work_packages=[],
        webhook_url="https://hooks.riga.lv/baltmet",
    )

    response = admin_client.post(edit_url(portal), form)

    assert response.status_code == 302
    portal.refresh_from_db()
    assert portal.webhook_url == "https://hooks.riga.lv/baltmet"
    assert (portal.filter_locale, portal.filter_work_packages) == ("", [])
    assert portal.webhook_secret == secret
    assert ReadToken.objects.authenticate(token) == portal.read_token


def test_a_save_does_not_undo_a_rotation_made_since_the_form_was_loaded(portal, filters_to_choose):
    loaded = PartnerPortal.objects.get(pk=portal.pk)
    form = PartnerPortalForm(
        portal_form(portal.partner, name=portal.name, slug=portal.slug), instance=loaded
    )
    portal.rotate_secret()

    assert form.is_valid(), form.errors
    form.save()

    saved = PartnerPortal.objects.get(pk=portal.pk)
    assert saved.webhook_secret == portal.webhook_secret
    assert saved.previous_webhook_secret == loaded.webhook_secret
    assert saved.filter_locale == "et"


def test_a_filter_on_a_deleted_work_package_stays_offered_and_checked(admin_client, portal):
    PartnerPortal.objects.filter(pk=portal.pk).update(filter_work_packages=[7])

    soup = soup_of(admin_client.get(edit_url(portal)))

    box = soup.find("input", attrs={"name": "filter_work_packages", "value": "7"})
    assert box.has_attr("checked")
    assert "no work package page" in box.find_parent("label").get_text()


def test_the_list_shows_each_portal_with_its_pending_and_failed_deliveries(admin_client, portal):
    make_delivery(portal)
    make_delivery(portal, status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
    make_delivery(portal, status=WebhookDelivery.Status.FAILED, next_attempt_at=None)

    soup = soup_of(admin_client.get(PORTALS_URL))

    headers = [" ".join(th.get_text().split()) for th in soup.select("table thead th")]
    row = soup.select_one("table tbody tr")
    cells = dict(zip(headers, row.find_all("td"), strict=True))
    assert cells["Name"].a.get_text(strip=True) == "Riga city portal"
    assert cells["Webhook URL"].get_text(strip=True) == portal.webhook_url
    assert cells["Pending"].get_text(strip=True) == "1"
    assert cells["Failed"].a.get_text(strip=True) == "2"
    assert cells["Failed"].a["href"] == f"{DELIVERIES_URL}?portal={portal.pk}&status=failed"


# Read tokens ------------------------------------------------------------------


def test_asking_to_issue_a_token_only_asks_for_confirmation(admin_client, portal):
    response = admin_client.get(f"{PORTALS_URL}token/{portal.pk}/issue/")

    assert response.status_code == 200
    assert soup_of(response).select_one("form[method=POST] button[type=submit]") is not None
    assert ReadToken.objects.count() == 0


def test_an_issued_token_is_shown_once_and_then_only_its_prefix(admin_client, portal):
    response = issue(admin_client, portal)

    token = soup_of(response).select_one("input[data-api-read-token]")["value"]
    portal.refresh_from_db()
    assert "never" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert ReadToken.objects.authenticate(token) == portal.read_token
    assert "shown only this once" in soup_of(response).get_text()

    edit_page = admin_client.get(edit_url(portal))
    assert token not in edit_page.content.decode()
    soup = soup_of(edit_page)
    assert soup.select_one("[data-token-prefix]").get_text() == portal.read_token.prefix
    assert soup.select_one("[data-token-state]").get_text(strip=True) == "active"


def test_issuing_a_new_token_revokes_the_previous_one(admin_client, portal):
    first = portal.issue_read_token()

    second = soup_of(issue(admin_client, portal)).select_one("input[data-api-read-token]")["value"]

    assert ReadToken.objects.authenticate(first) is None
    assert ReadToken.objects.authenticate(second) is not None


def test_revoking_the_token_stops_it_working(admin_client, portal):
    token = portal.issue_read_token()

    response = admin_client.post(f"{PORTALS_URL}token/{portal.pk}/revoke/", follow=True)

    assert ReadToken.objects.authenticate(token) is None
    soup = soup_of(response)
    assert soup.select_one("[data-token-state]").get_text(strip=True).startswith("revoked on")
    assert soup.select_one("[data-revoke-token]") is None
    assert f"{portal.read_token.prefix}… revoked" in soup.get_text()


def test_deleting_a_portal_revokes_its_token(admin_client, portal):
    token = portal.issue_read_token()

    response = admin_client.post(f"{PORTALS_URL}delete/{portal.pk}/")

    assert response.status_code == 302
    assert not PartnerPortal.objects.filter(pk=portal.pk).exists()
    assert ReadToken.objects.authenticate(token) is None


# The webhook secret -----------------------------------------------------------


def test_the_edit_page_shows_the_webhook_secret_and_the_rotation_grace(admin_client, portal):
    soup = soup_of(admin_client.get(edit_url(portal)))

    assert soup.select_one("input[data-webhook-secret]")["value"] == portal.webhook_secret
    section = " ".join(soup.select_one("[data-webhook-secret-section]").get_text().split())
    assert "keeps signing for 24 hours" in section


def test_rotating_the_secret_keeps_the_previous_one_signing(admin_client, portal):
    previous = portal.webhook_secret

    response = admin_client.post(f"{PORTALS_URL}secret/{portal.pk}/rotate/", follow=True)

    portal.refresh_from_db()
    assert portal.webhook_secret != previous
    assert portal.signing_secrets() == [portal.webhook_secret, previous]
    soup = soup_of(response)
    assert soup.select_one("input[data-webhook-secret]")["value"] == portal.webhook_secret
    assert soup.select_one("[data-previous-secret]") is not None


def test_credential_changes_are_in_the_site_history(admin_client, portal):
    admin_client.post(f"{PORTALS_URL}token/{portal.pk}/issue/")
    admin_client.post(f"{PORTALS_URL}token/{portal.pk}/revoke/")
    admin_client.post(f"{PORTALS_URL}secret/{portal.pk}/rotate/")

    soup = soup_of(admin_client.get(SITE_HISTORY_URL))

    rows = [" ".join(row.get_text(" ").split()) for row in soup.select("table.listing tbody tr")]
    ours = [row for row in rows if row.startswith("Riga city portal")]
    prefix = PartnerPortal.objects.get(pk=portal.pk).read_token.prefix
    assert any(f"API read token {prefix}… issued" in row for row in ours)
    assert any(f"API read token {prefix}… revoked" in row for row in ours)
    assert any("Webhook secret rotated" in row for row in ours)
    assert ModelLogEntry.objects.filter(action__startswith="feeds.portal.").count() == 3


def test_the_token_and_secret_actions_need_a_csrf_token(django_user_model, portal):
    client = logged_in(
        Client(enforce_csrf_checks=True),
        django_user_model.objects.create_superuser("admin", "", "pw"),
    )
    previous = portal.webhook_secret

    assert client.post(f"{PORTALS_URL}secret/{portal.pk}/rotate/").status_code == 403
    assert client.post(f"{PORTALS_URL}token/{portal.pk}/issue/").status_code == 403
    portal.refresh_from_db()
    assert portal.webhook_secret == previous
    assert portal.read_token is None


# Who may --------------------------------------------------------------------


@pytest.fixture
def roles(site_tree):
    return ensure_roles(site_tree.home, site_tree.news_index)


@pytest.mark.parametrize("group", [EDITORS, MODERATORS])
def test_editors_and_moderators_cannot_manage_portals(
    client, django_user_model, roles, portal, group
):
    logged_in(client, member_of(django_user_model, group, "someone"))

    assert refused(client.get(PORTALS_URL))
    assert refused(client.get(edit_url(portal)))
    assert refused(client.post(f"{PORTALS_URL}token/{portal.pk}/issue/"))
    assert refused(client.post(f"{PORTALS_URL}secret/{portal.pk}/rotate/"))
    portal.refresh_from_db()
    assert portal.read_token is None
    assert portal.previous_webhook_secret == ""


def test_the_syndication_menu_is_shown_to_superusers_and_not_to_editors(
    admin_client, client, django_user_model, roles
):
    assert PORTALS_URL in admin_client.get("/admin/").content.decode()

    editor = Client()
    logged_in(editor, member_of(django_user_model, EDITORS, "editor"))
    page = editor.get("/admin/").content.decode()
    assert PORTALS_URL not in page
    assert DELIVERIES_URL not in page
