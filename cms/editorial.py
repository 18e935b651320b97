"""Editorial roles: who may write, who may publish, and the review workflow.

Editors write news and submit it for review; Moderators approve, publish and
unpublish anything, and watch (and redeliver) the partners' webhooks; Partner
editors write like Editors but only their own city's news. The "Review"
workflow on the news index puts every submission in front of the Moderators.
``ensure_roles`` sets all this up and can run again without changing anything.

Workflows and group permissions belong to pages, and a translation is a page
of its own, in a tree of its own: each new translation (or alias in another
language) gets its original's, so a Latvian news item goes through the same
Review as an English one and the same editors may write it.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import post_save

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Editors"
MODERATORS = "Moderators"
PARTNER_EDITORS = "Partner editors"
REVIEW_WORKFLOW = "Review"

ADMIN_ACCESS = ["wagtailadmin.access_admin"]
TRANSLATION = ["simple_translation.submit_translation"]
# The webhook delivery log and its "Redeliver" action (Syndication in the
# admin); managing partner portals, whose pages show their secrets, is left
# to superusers. Named as strings: cms does not import partners.
WEBHOOK_LOG = ["partners.view_webhookdelivery", "partners.redeliver_webhookdelivery"]
NETWORK_SNIPPETS = [
    "cms.add_partner", "cms.change_partner", "cms.delete_partner",
    "cms.add_city", "cms.change_city", "cms.delete_city",
]  # fmt: skip
WRITER_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.choose_document",
]  # fmt: skip
MODERATOR_COLLECTION_PERMISSIONS = [
    *WRITER_COLLECTION_PERMISSIONS, "wagtailimages.change_image", "wagtaildocs.change_document",
]  # fmt: skip
WRITER_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = [
    "add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page",
]  # fmt: skip


def _permissions(names):
    permissions = []
    for name in names:
        app_label, codename = name.split(".")
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return permissions


def _page_permissions(group, page, codenames):
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        for translation in page.get_translations(inclusive=True):
            GroupPagePermission.objects.get_or_create(
                group=group, page=translation, permission=permission
            )


def _collection_permissions(group, names):
    root = Collection.get_first_root_node()
    for permission in _permissions(names):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


@transaction.atomic
def ensure_roles(home, news_index):
    """Create the groups, their permissions and the review workflow if missing."""
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    partner_editors, _ = Group.objects.get_or_create(name=PARTNER_EDITORS)

    for writers in (editors, partner_editors):
        writers.permissions.add(*_permissions(ADMIN_ACCESS + TRANSLATION))
        _page_permissions(writers, news_index, WRITER_PAGE_PERMISSIONS)
        _collection_permissions(writers, WRITER_COLLECTION_PERMISSIONS)

    moderators.permissions.add(
        *_permissions(ADMIN_ACCESS + TRANSLATION + NETWORK_SNIPPETS + WEBHOOK_LOG)
    )
    _page_permissions(moderators, home, MODERATOR_PAGE_PERMISSIONS)
    _collection_permissions(moderators, MODERATOR_COLLECTION_PERMISSIONS)

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    task, created = GroupApprovalTask.objects.get_or_create(name="Moderator approval")
    if created:
        task.groups.set([moderators])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for translation in news_index.get_translations(inclusive=True):
        WorkflowPage.objects.get_or_create(page=translation, defaults={"workflow": workflow})
    return {"editors": editors, "moderators": moderators, "partner_editors": partner_editors}


def partner_editor_city(user):
    """The city a partner editor is limited to; None for everyone else."""
    if not user.is_authenticated or user.is_superuser:
        return None
    if not user.groups.filter(name=PARTNER_EDITORS).exists():
        return None
    affiliation = getattr(user, "partner_editor", None)
    # A partner editor without a partner may edit no city's news at all.
    return affiliation.city if affiliation is not None else False


def share_with_translation(page):
    """Give a new translation of a page the original's workflow and group permissions."""
    originals = Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)
    assignment = WorkflowPage.objects.filter(page__in=originals).select_related("workflow").first()
    if assignment is not None:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": assignment.workflow})
    granted = (
        GroupPagePermission.objects.filter(page__in=originals)
        .values_list("group_id", "permission_id")
        .distinct()
    )
    for group_id, permission_id in granted:
        GroupPagePermission.objects.get_or_create(
            group_id=group_id, page=page, permission_id=permission_id
        )


def _on_page_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and isinstance(instance, Page):
        share_with_translation(instance)


# Every page type saves through Page.save, each with its own model as sender.
post_save.connect(_on_page_saved, dispatch_uid="cms.editorial.share_with_translation")
