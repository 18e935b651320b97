"""The demo partner portal that `make run` sets up, and the webhook receiver it posts to.

A newcomer should see the whole syndication loop on one machine: the portal
"riga" embeds the widget from the local site and receives its webhooks at
``/embed/demo-receiver/<portal>/``, which answers only with DEBUG on. The
receiver checks each delivery's signature as a partner's would and logs it,
so publishing a news item shows a verified delivery in the server's output and
in the admin's delivery log.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from standardwebhooks import Webhook, WebhookVerificationError

from cms.models import Partner
from partners.models import PartnerPortal

logger = logging.getLogger(__name__)

DEMO_PORTAL_SLUG = "riga"
DEMO_PARTNER_SLUG = "city-of-riga"


def demo_origins():
    """The local site's own origins, so the widget can be tried on a page it serves."""
    base = urlsplit(settings.BASE_URL)
    origins = [f"{base.scheme}://{base.netloc}"]
    if base.hostname in ("127.0.0.1", "localhost"):
        other = "localhost" if base.hostname == "127.0.0.1" else "127.0.0.1"
        origins.append(f"{base.scheme}://{other}" + (f":{base.port}" if base.port else ""))
    return origins


def ensure_demo_portal():
    """The demo portal, created once; (portal, created). None if the demo partner is missing."""
    partner = Partner.objects.filter(slug=DEMO_PARTNER_SLUG).first()
    if partner is None:
        return None, False
    portal = PartnerPortal.objects.filter(slug=DEMO_PORTAL_SLUG).first()
    if portal is not None:
        return portal, False
    portal = PartnerPortal(
        name="Riga city portal (demo)",
        slug=DEMO_PORTAL_SLUG,
        partner=partner,
        allowed_origins="\n".join(demo_origins()),
        webhook_url=settings.BASE_URL
        + reverse("partners:demo_receiver", kwargs={"slug": DEMO_PORTAL_SLUG}),
    )
    # The model's own clean (origins, filters); the URL is ours, and a test
    # server's host name would not pass URLField's check.
    portal.clean()
    portal.save()
    return portal, True


@csrf_exempt
@require_POST
def demo_receiver(request, slug):
    """A partner's receiver in miniature: verify, log, answer 204."""
    if not settings.DEBUG:
        return HttpResponseNotFound("the demo receiver exists only in local development")
    portal = PartnerPortal.objects.filter(slug=slug).first()
    if portal is None:
        return HttpResponseNotFound("no such portal")
    body = request.body.decode("utf-8", "replace")
    headers = {name.lower(): value for name, value in request.headers.items()}
    message = None
    for secret in portal.signing_secrets():
        try:
            message = Webhook(secret).verify(body, headers)
            break
        except WebhookVerificationError:
            continue
    if message is None:
        logger.warning("Demo receiver %s: a delivery whose signature does not verify", slug)
        return HttpResponseBadRequest("signature does not verify")
    data = message.get("data", {})
    logger.info(
        "Demo receiver %s: %s %s “%s” (signature verified, %s)",
        slug,
        message.get("type"),
        data.get("id"),
        data.get("title", ""),
        headers.get("webhook-id"),
    )
    return HttpResponse(status=204)
