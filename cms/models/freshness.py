"""What the caches of every process agree on, kept where the content is: in the database."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """The version of public content: one row, changed in the transaction of every change.

    cms.freshness bumps it in the same transaction as the publication journal
    (and with every save of a partner, city, image, document or site), so it
    commits or rolls back with what it describes; every process reads it from
    here. ``previous_changed_at`` lets Last-Modified tell two changes within
    one second apart.
    """

    SINGLETON = 1

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)
    previous_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return f"Content version {self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class FrontendPurge(models.Model):
    """A purge of the HTTP caches in front (Varnish, a CDN): the outbox of cms.frontend_cache.

    Written in the publishing transaction, sent after the commit, and sent
    again by the scheduler while a cache could not be reached.
    """

    created_at = models.DateTimeField(default=timezone.now)
    # Space-separated surrogate keys (see cms.frontend_cache).
    tags = models.TextField()
    # Absolute URLs, one a line, for caches that purge by URL (a CDN).
    urls = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("frontend cache purge")

    def __str__(self):
        return f"Purge {self.tags[:60]} ({self.created_at:%Y-%m-%d %H:%M:%S})"
