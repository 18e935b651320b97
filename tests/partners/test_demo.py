"""make run's demo partner portal and the local receiver its webhooks go to."""

import datetime
import json

from django.core.management import CommandError, call_command

import pytest
from standardwebhooks import Webhook

from partners.demo import DEMO_PARTNER_SLUG, ensure_demo_portal
from partners.models import PartnerPortal
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

RECEIVER = "/embed/demo-receiver/riga/"


@pytest.fixture
def demo_portal(settings):
    settings.DEBUG = True
    PartnerFactory(slug=DEMO_PARTNER_SLUG, name="City of Riga")
    call_command("load_demo_portals", verbosity=0)
    return PartnerPortal.objects.get(slug="riga")


def signed_post(client, portal, body, secret=None):
    message_id = "msg_demo"
    now = datetime.datetime.now(tz=datetime.UTC)
    signature = Webhook(secret or portal.webhook_secret).sign(message_id, now, body)
    return client.post(
        RECEIVER,
        body,
        content_type="application/json",
        headers={
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
        },
    )


def test_the_demo_portal_posts_to_the_local_receiver_and_embeds_on_the_local_site(
    demo_portal, settings
):
    assert demo_portal.webhook_url == settings.BASE_URL + RECEIVER
    assert settings.BASE_URL in demo_portal.origins


def test_loading_the_demo_portal_twice_changes_nothing(demo_portal):
    portal, created = ensure_demo_portal()
    assert not created
    assert portal.webhook_secret == demo_portal.webhook_secret
    assert PartnerPortal.objects.count() == 1


def test_the_demo_portal_needs_the_demo_content(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_portals", verbosity=0)


def test_the_demo_portal_is_refused_outside_local_development(settings):
    settings.DEBUG = False
    PartnerFactory(slug=DEMO_PARTNER_SLUG)
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_portals", verbosity=0)
    assert not PartnerPortal.objects.exists()


def test_the_receiver_accepts_a_delivery_signed_with_the_portals_secret(client, demo_portal):
    body = json.dumps({"type": "news.published", "data": {"id": 1, "title": "Seminar"}})
    assert signed_post(client, demo_portal, body).status_code == 204


def test_the_receiver_refuses_a_delivery_signed_with_another_secret(client, demo_portal):
    body = json.dumps({"type": "news.published", "data": {"id": 1}})
    other = PartnerPortal(webhook_secret="whsec_" + "A" * 44).webhook_secret
    assert signed_post(client, demo_portal, body, secret=other).status_code == 400


def test_the_receiver_is_not_there_outside_local_development(client, demo_portal, settings):
    settings.DEBUG = False
    body = json.dumps({"type": "news.published", "data": {"id": 1}})
    assert signed_post(client, demo_portal, body).status_code == 404
