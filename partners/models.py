"""The partner registry and the webhook outbox.

A PartnerPortal is one partner city's web site as the network knows it: who
runs it, where it may embed the news widget, which news it wants (its
default filters), its API read token and where its webhooks go.

WebhookDelivery is the outbox: one row per publication event and portal,
written in the publishing transaction, so an event is either journalled and
queued for every matching portal or not at all. The row, not a task in a
queue, is the source of truth: whatever the worker does (or fails to do),
``manage.py deliver_webhooks`` finds every delivery that is due or whose
sender vanished, and sends it. WebhookAttempt keeps every try.
"""

import base64
import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ReadToken
from cms import outbound
from partners.origins import parse_origins

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's label, not a secret
SECRET_BYTES = 32
# How long the secret before a rotation still signs, next to the new one, so
# a partner can switch their receiver over without missing a delivery.
PREVIOUS_SECRET_GRACE = datetime.timedelta(hours=24)


def generate_webhook_secret():
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def validate_webhook_url(value):
    """Refuse a webhook URL whose host is, or resolves to, an address that is not public.

    The sender checks again at every connection (cms.outbound); refusing here
    tells the partner's administrator at once, in words.
    """
    try:
        outbound.check_destination(value)
    except outbound.AddressRefused as refused:
        raise ValidationError(
            _("Webhooks go to public addresses only: %(reason)s."),
            code="private_address",
            params={"reason": refused.reason.split(";")[0]},
        ) from refused
    except outbound.OutboundError as error:
        raise ValidationError(error.reason, code="invalid") from error


def validate_origins(value):
    parse_origins(value)


class PartnerPortalQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def receiving_webhooks(self):
        return self.active().exclude(webhook_url="")


class PartnerPortal(models.Model):
    """A partner's web site that embeds the network's news and mirrors it by webhook."""

    name = models.CharField(
        max_length=200, unique=True, help_text=_("The portal, e.g. “Riga city portal”.")
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text=_(
            'Names the portal in the widget: <baltmet-news portal="<slug>">. Keep it once '
            "the partner has embedded the widget."
        ),
    )
    partner = models.ForeignKey(
        "cms.Partner",
        on_delete=models.PROTECT,
        related_name="portals",
        verbose_name=_("partner organisation"),
        help_text=_("Who runs the portal; its city is the portal's city."),
    )
    allowed_origins = models.TextField(
        blank=True,
        validators=[validate_origins],
        help_text=_(
            "Where the widget and the iframe may be embedded: one origin per line, as "
            "scheme://host[:port], e.g. https://www.riga.lv"
        ),
    )

    # Default filters, for the widget and the webhooks alike. Work packages
    # are kept by number, not as relations, so that removing a work package
    # page makes the filter match nothing rather than everything.
    filter_work_packages = models.JSONField(
        _("work packages"),
        default=list,
        blank=True,
        help_text=_("Only news of these work packages (any of them). None: all."),
    )
    filter_tags = models.JSONField(
        _("topics"),
        default=list,
        blank=True,
        help_text=_("Only news with one of these tags. None: all."),
    )
    filter_partner = models.ForeignKey(
        "cms.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about partner"),
        help_text=_("Only news naming this partner or with an event in its city."),
    )
    filter_locale = models.CharField(
        _("language"),
        max_length=20,
        blank=True,
        help_text=_(
            "The widget's language unless its locale attribute says otherwise; webhooks "
            "carry only news in this language. Empty: the site's default language for the "
            "widget, every language for webhooks."
        ),
    )

    read_token = models.OneToOneField(
        "api.ReadToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="portal",
        verbose_name=_("API read token"),
    )
    webhook_url = models.URLField(
        _("webhook URL"),
        max_length=500,
        blank=True,
        help_text=_("Where publication events are POSTed (a public address). Empty: no webhooks."),
        validators=[validate_webhook_url],
    )
    webhook_secret = models.CharField(
        max_length=100, default=generate_webhook_secret, editable=False
    )
    previous_webhook_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_valid_until = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(
        default=True,
        help_text=_(
            "An inactive portal gets no webhooks (they wait until it is active again) and "
            "its widget shows nothing."
        ),
    )
    last_delivered_at = models.DateTimeField(
        _("last successful delivery"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerPortalQuerySet.as_manager()

    class Meta:
        # The table (and the names of its indexes and constraints) of the feeds
        # app, where the registry lived first.
        db_table = "feeds_partnerportal"
        ordering = ["name"]
        verbose_name = _("partner portal")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.read_token_id is not None:
            # The token reads on the partner's behalf: it follows the portal
            # when the portal changes hands.
            ReadToken.objects.filter(pk=self.read_token_id).exclude(
                partner_id=self.partner_id
            ).update(partner_id=self.partner_id)

    def clean(self):
        super().clean()
        try:
            self.allowed_origins = "\n".join(parse_origins(self.allowed_origins))
        except ValidationError as error:
            raise ValidationError({"allowed_origins": error.messages}) from error
        languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        if self.filter_locale and self.filter_locale not in languages:
            raise ValidationError({"filter_locale": _("Not a language of this site.")})
        self.filter_work_packages = sorted({int(number) for number in self.filter_work_packages})
        self.filter_tags = sorted(set(self.filter_tags))

    @property
    def origins(self):
        return [line for line in self.allowed_origins.splitlines() if line.strip()]

    def filter_news(self, news):
        """Narrow a NewsPage queryset to the portal's filters (language aside).

        Through NewsPageQuerySet.filtered, so "news of work package 3" or "news
        concerning Riga" mean here what they mean in the feeds and the API.
        """
        return news.filtered(
            work_package=self.filter_work_packages,
            tag=self.filter_tags,
            partner=self.filter_partner if self.filter_partner_id else None,
        )

    # Secrets and tokens ---------------------------------------------------

    def signing_secrets(self, now=None):
        """The secrets a delivery is signed with: the current one, and the previous
        one during the grace period after a rotation."""
        now = now or timezone.now()
        found = [self.webhook_secret]
        if (
            self.previous_webhook_secret
            and self.previous_secret_valid_until
            and self.previous_secret_valid_until > now
        ):
            found.append(self.previous_webhook_secret)
        return found

    def rotate_secret(self, now=None):
        now = now or timezone.now()
        self.previous_webhook_secret = self.webhook_secret
        self.previous_secret_valid_until = now + PREVIOUS_SECRET_GRACE
        self.webhook_secret = generate_webhook_secret()
        self.save(
            update_fields=[
                "webhook_secret",
                "previous_webhook_secret",
                "previous_secret_valid_until",
                "updated_at",
            ]
        )

    def issue_read_token(self):
        """A new API read token for the portal, replacing (revoking) the one it had.

        Returns the token, which is stored only as a hash and never shown again.
        """
        if self.read_token is not None:
            self.read_token.revoke()
        row, token = ReadToken.issue(f"{self.name} (partner portal)", partner=self.partner)
        self.read_token = row
        self.save(update_fields=["read_token", "updated_at"])
        return token

    def revoke_read_token(self):
        if self.read_token is not None:
            self.read_token.revoke()


class WebhookDelivery(models.Model):
    """One publication event for one portal: the message, its state and its schedule."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    portal = models.ForeignKey(PartnerPortal, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(
        "cms.PublicationEvent", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    # The event's page, kept here to find what a portal was last told about it.
    page_id = models.PositiveBigIntegerField()
    event_type = models.CharField(max_length=40)
    # The Standard Webhooks message id: the same on every attempt and redelivery,
    # so that a receiver can ignore a message it has processed already.
    webhook_id = models.CharField(_("webhook id"), max_length=64, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # While a sender holds the delivery; past it, the sender is presumed dead
    # and the delivery is due again.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempt_count = models.PositiveIntegerField(_("attempts"), default=0)
    # Failures since the last success or redelivery: the step in the backoff.
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(_("last response (ms)"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "feeds_webhookdelivery"
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "event"], name="feeds_one_delivery_per_event_and_portal"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="feeds_delivery_due"),
            models.Index(fields=["portal", "page_id"], name="feeds_delivery_portal_page"),
        ]
        permissions = [("redeliver_webhookdelivery", "Can redeliver webhooks")]

    def __str__(self):
        return f"{self.event_type}: {self.title} → {self.portal}"

    @property
    def title(self):
        return self.payload.get("data", {}).get("title", "")


TOMBSTONE_TYPES = {"news.unpublished", "news.deleted"}


class WebhookAttempt(models.Model):
    """One try at sending a delivery, with what the receiver answered."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        db_table = "feeds_webhookattempt"
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="feeds_one_attempt_per_number"
            )
        ]

    def __str__(self):
        return f"Attempt {self.number} of {self.delivery.webhook_id}"

    @property
    def outcome(self):
        if self.finished_at is None:
            return _("no answer recorded")
        if self.succeeded:
            return _("delivered")
        return self.error or _("failed")
