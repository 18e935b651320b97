"""Helpers for the syndication admin tests: users, portals and deliveries made directly."""

import datetime
import uuid

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from bs4 import BeautifulSoup

from cms.models import PublicationEvent
from partners import outbox
from partners.models import WebhookAttempt, WebhookDelivery
from tests.factories import PartnerFactory, PartnerPortalFactory

PORTALS_URL = "/admin/syndication/portals/"
DELIVERIES_URL = "/admin/syndication/deliveries/"
SITE_HISTORY_URL = "/admin/reports/site-history/"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def logged_in(client, user):
    client.force_login(user)
    return client


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def with_permissions(user, *names):
    for name in names:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_portal(closed_port, **kwargs):
    """An active portal whose webhooks would go to a port where nothing listens."""
    kwargs.setdefault("name", "Riga city portal")
    kwargs.setdefault("slug", "riga")
    kwargs.setdefault("partner", PartnerFactory(name="City of Riga", slug="city-of-riga"))
    kwargs.setdefault("webhook_url", f"http://127.0.0.1:{closed_port}/hooks")
    return PartnerPortalFactory(**kwargs)


def make_delivery(portal, title="Advisory board meets in Riga", **fields):
    """A delivery row as the outbox writes it, for a publication event made here too."""
    event = PublicationEvent.objects.create(
        kind=PublicationEvent.Kind.PUBLISHED,
        cause=PublicationEvent.Cause.PUBLISH,
        page_id=fields.pop("page_id", 4711),
        page_type="cms.newspage",
        locale="en",
        translation_key=uuid.uuid4(),
        title=title,
        url="http://testserver/news/advisory-board/",
    )
    now = timezone.now()
    fields.setdefault("status", WebhookDelivery.Status.PENDING)
    fields.setdefault("next_attempt_at", now)
    return WebhookDelivery.objects.create(
        portal=portal,
        event=event,
        page_id=event.page_id,
        event_type="news.published",
        webhook_id=f"msg_{uuid.uuid4().hex}",
        payload=outbox.message(event, "news.published", event.cause, {"title": title}),
        created_at=now,
        **fields,
    )


def failed_attempts(delivery, *outcomes):
    """Record finished attempts: each outcome is (status code or None, error, ms)."""
    start = delivery.created_at
    for number, (status, error, ms) in enumerate(outcomes, start=1):
        started = start + datetime.timedelta(minutes=number)
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started,
            finished_at=started + datetime.timedelta(milliseconds=ms),
            status_code=status,
            response_ms=ms,
            error=error,
        )
    status, error, ms = outcomes[-1]
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempt_count=len(outcomes),
        consecutive_failures=len(outcomes),
        last_attempt_at=start + datetime.timedelta(minutes=len(outcomes)),
        last_status_code=status,
        last_response_ms=ms,
        last_error=error,
    )
    delivery.refresh_from_db()
    return delivery


def refused(response):
    """Whether the admin turned the request away (a redirect to log in or home, or 403)."""
    return response.status_code in (302, 403)
