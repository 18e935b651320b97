"""The one path by which content goes public or stops being public.

Every way a page's public visibility or public content changes ends here:
publishing (by an editor, a workflow approval or on schedule), unpublishing,
expiry, deletion, moving or renaming a section, and adding or removing a view
restriction on the page or an ancestor. Wagtail's signals (not admin hooks,
which miss scheduled and workflow publishes) feed it.

For each page whose public state changed, it writes a PublicationEvent row and
then sends ``publication_event`` inside the same database transaction, so a
receiver's own writes (a webhook outbox, say) commit or roll back with the
change. Receivers must not do network I/O in the signal: defer it with
``transaction.on_commit`` or a task.

Every event also changes the content version (cms.freshness), in the same
transaction: the token every cache of rendered output puts in its keys, read
by every process from the database. And it queues the purge of the HTTP cache
in front (cms.frontend_cache) in an outbox row of that transaction, sent after
the commit. Nothing here writes to a cache: a cache that is down cannot cost a
publication its journal, its outbox or its version.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from cms import freshness, frontend_cache
from cms.links import absolute_url
from cms.models import City, Partner, PublicationEvent
from cms.public import public_pages

logger = logging.getLogger(__name__)

# Sent with ``event`` (a saved PublicationEvent) and ``page`` (the page, still
# readable even when it is being deleted), inside the publishing transaction.
publication_event = Signal()

PUBLIC_KINDS = {PublicationEvent.Kind.PUBLISHED, PublicationEvent.Kind.UPDATED}


def content_version():
    """The token that names the current state of public content."""
    return freshness.content_version()


def content_changed(tags=(frontend_cache.ALL,), pages=()):
    """Public content changed: a new content version, and a purge of ``tags`` queued.

    Both are written in the caller's transaction, and commit or roll back with
    the change they describe.
    """
    freshness.content_changed()
    frontend_cache.purge_later(set(tags), pages)


def _last_kinds(page_ids):
    last = {}
    rows = (
        PublicationEvent.objects.filter(page_id__in=page_ids)
        .order_by("page_id", "-id")
        .values_list("page_id", "kind")
    )
    for page_id, kind in rows:
        last.setdefault(page_id, kind)
    return last


def _kind(was_public, is_public, cause):
    if is_public:
        return PublicationEvent.Kind.UPDATED if was_public else PublicationEvent.Kind.PUBLISHED
    if was_public:
        if cause == PublicationEvent.Cause.DELETE:
            return PublicationEvent.Kind.DELETED
        return PublicationEvent.Kind.UNPUBLISHED
    return None


def record(pages, cause, revision=None, gone=False, below=()):
    """Journal and announce the pages whose public state ``cause`` changed.

    ``gone`` says the pages are being deleted and are public no more, whatever
    the database still says. ``below`` are the pages under them, which are
    public only while their ancestors are (cms.public): journalled only if
    they crossed the line, a section's new title being no news of theirs.
    Returns the events written.
    """
    pages = list(pages)
    below = list(below)
    if not pages and not below:
        return []
    # Wagtail's actions open no transaction of their own: the journal entry
    # and what its receivers write (the webhook outbox) stand or fall together
    # here, whoever publishes.
    with transaction.atomic():
        return _record(pages, below, cause, revision, gone)


def _record(pages, below, cause, revision, gone):
    page_ids = [page.pk for page in [*pages, *below]]
    last_kinds = _last_kinds(page_ids)
    now_public = (
        set() if gone else set(public_pages().filter(pk__in=page_ids).values_list("pk", flat=True))
    )
    events = []
    changed = list(pages)
    named = {page.pk for page in pages}
    for page in [*pages, *below]:
        kind = _kind(last_kinds.get(page.pk) in PUBLIC_KINDS, page.pk in now_public, cause)
        if page.pk not in named:
            if kind in (None, PublicationEvent.Kind.UPDATED):
                continue
            changed.append(page)
        if kind is None:
            continue
        event = PublicationEvent.objects.create(
            kind=kind,
            cause=cause,
            page_id=page.pk,
            page_type=f"{page.content_type.app_label}.{page.content_type.model}",
            locale=page.locale.language_code,
            translation_key=page.translation_key,
            revision_id=revision.pk if revision is not None else None,
            title=page.title[:255],
            url=absolute_url(page.get_url(None) or ""),
        )
        logger.info("%s %s (page %s, %s)", kind, page.title, page.pk, cause)
        publication_event.send(sender=PublicationEvent, event=event, page=page)
        events.append(event)
    # Any change at all may alter what listings show (a title in a list, a
    # count); the version changes even when no page crossed the public line.
    content_changed(set().union(*(frontend_cache.page_tags(page) for page in changed)), changed)
    return events


def _subtree(page):
    return page.get_descendants(inclusive=True).select_related("locale", "content_type")


def _below(page):
    """The pages under a section whose publishing or unpublishing may open or close them."""
    if not page.numchild:
        return []
    return page.get_descendants().select_related("locale", "content_type")


@receiver(page_published)
def _on_page_published(sender, instance, revision=None, **kwargs):
    record([instance], PublicationEvent.Cause.PUBLISH, revision=revision, below=_below(instance))


@receiver(page_unpublished)
def _on_page_unpublished(sender, instance, **kwargs):
    if Page.objects.filter(pk=instance.pk, live=True).exists():
        # Wagtail unpublishes a page in memory only, without saving, just before
        # deleting it; the deletion itself is journalled then.
        return
    cause = PublicationEvent.Cause.EXPIRY if instance.expired else PublicationEvent.Cause.UNPUBLISH
    record([instance], cause, below=_below(instance))


@receiver(pre_delete)
def _on_page_deleted(sender, instance, **kwargs):
    # Django sends this once for each table of a page (wagtailcore_page and the
    # specific type's); the journal keeps the second from counting twice.
    if isinstance(instance, Page):
        record([instance], PublicationEvent.Cause.DELETE, gone=True)


@receiver(post_page_move)
def _on_page_moved(sender, instance, **kwargs):
    record(_subtree(instance), PublicationEvent.Cause.MOVE)


@receiver(page_slug_changed)
def _on_slug_changed(sender, instance, **kwargs):
    # The page itself was journalled by its publish; the URLs of everything
    # below it changed with it.
    record(
        instance.get_descendants().select_related("locale", "content_type"),
        PublicationEvent.Cause.MOVE,
    )


def _restricted_page(restriction):
    # When a page is deleted its restrictions go with it; the page's own
    # deletion is journalled then, so there is nothing to do here.
    return Page.objects.filter(pk=restriction.page_id).first()


@receiver(post_save, sender=PageViewRestriction)
def _on_restriction_saved(sender, instance, **kwargs):
    page = _restricted_page(instance)
    if page is not None:
        record(_subtree(page), PublicationEvent.Cause.RESTRICTION_ADDED)


@receiver(post_delete, sender=PageViewRestriction)
def _on_restriction_deleted(sender, instance, **kwargs):
    page = _restricted_page(instance)
    if page is not None:
        record(_subtree(page), PublicationEvent.Cause.RESTRICTION_REMOVED)


def _on_related_content_changed(sender, **kwargs):
    # Partners, cities, images and documents appear inside published pages'
    # output; they have no drafts, so a save is a change to public content,
    # of any output.
    content_changed()


for _model in (Partner, City, Site, get_image_model(), get_document_model()):
    post_save.connect(_on_related_content_changed, sender=_model, weak=False)
    post_delete.connect(_on_related_content_changed, sender=_model, weak=False)
