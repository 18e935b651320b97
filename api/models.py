"""Read tokens: what a partner's portal sends to read at the partner rate.

A token is shown once, when issued, as ``bm_<prefix>_<secret>``. Only the
prefix (to find the row) and a SHA-256 hash of the whole token are stored; the
secret is 32 random bytes, so a fast hash is enough and a slow password hash
would only slow every request down.
"""

import hashlib
import hmac
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_SCHEME = "bm"  # noqa: S105 - a label in the token, not a secret
PREFIX_LENGTH = 8
# How stale last_used_at may get: writing it on every request would turn
# every read into a write.
LAST_USED_RESOLUTION = 60


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ReadTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def authenticate(self, token):
        """The active token that ``token`` is, or None."""
        parts = token.split("_") if token else []
        if len(parts) != 3 or parts[0] != TOKEN_SCHEME or len(parts[1]) != PREFIX_LENGTH:
            return None
        candidate = self.active().filter(prefix=parts[1]).first()
        if candidate is None or not hmac.compare_digest(candidate.secret_hash, hash_token(token)):
            return None
        candidate.touch()
        return candidate


class ReadToken(models.Model):
    name = models.CharField(max_length=200, help_text=_("Who uses the token, and what for."))
    partner = models.ForeignKey(
        "cms.Partner",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="read_tokens",
    )
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ReadTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    @classmethod
    def issue(cls, name, partner=None):
        """A new token; returns the saved row and the token, which is never shown again."""
        while True:
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
            if not cls.objects.filter(prefix=prefix).exists():
                break
        token = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32).replace('_', '-')}"
        row = cls.objects.create(
            name=name, partner=partner, prefix=prefix, secret_hash=hash_token(token)
        )
        return row, token

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self):
        now = timezone.now()
        if (
            self.last_used_at is None
            or (now - self.last_used_at).total_seconds() > LAST_USED_RESOLUTION
        ):
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
