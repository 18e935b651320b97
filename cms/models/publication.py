"""The publication journal: every change to what the public can see, in order."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationEvent(models.Model):
    """One page becoming public, changing while public, or ceasing to be public.

    Rows are written by cms.publication in the same transaction as the change
    itself, so the journal never disagrees with the pages. The row's id is a
    cursor: everything after it happened after it.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Updated")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DELETED = "deleted", _("Deleted")

    class Cause(models.TextChoices):
        PUBLISH = "publish", _("Published (directly, by workflow or on schedule)")
        UNPUBLISH = "unpublish", _("Unpublished by an editor")
        EXPIRY = "expiry", _("Expired")
        DELETE = "delete", _("Deleted")
        MOVE = "move", _("Moved or renamed")
        RESTRICTION_ADDED = "restriction_added", _("View restriction added")
        RESTRICTION_REMOVED = "restriction_removed", _("View restriction removed")

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    cause = models.CharField(max_length=20, choices=Cause.choices)
    # Not a foreign key: the journal outlives the pages it speaks of.
    page_id = models.PositiveBigIntegerField(db_index=True)
    page_type = models.CharField(max_length=100, help_text=_("app_label.model, e.g. cms.newspage"))
    locale = models.CharField(max_length=20)
    translation_key = models.UUIDField()
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=255)
    url = models.URLField(max_length=1000, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["page_id", "-id"], name="publication_page_latest")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.occurred_at:%Y-%m-%d %H:%M})"

    @property
    def is_tombstone(self):
        return self.kind in {self.Kind.UNPUBLISHED, self.Kind.DELETED}
