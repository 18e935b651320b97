"""Editorial roles: who may write, who may publish, and the review workflow.

Editors write news and submit it for review; Moderators approve, publish and
unpublish anything, and watch (and redeliver) the partners' webhooks; Partner
editors write like Editors but only their own city's news. The "Review"
workflow on the news index puts every submission in front of the Moderators.
``ensure_roles`` sets all this up and can run again without changing anything.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
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
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
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
    WorkflowPage.objects.get_or_create(page=news_index, defaults={"workflow": workflow})
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
