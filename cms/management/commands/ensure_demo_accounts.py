import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from cms.editorial import EDITORS, MODERATORS, PARTNER_EDITORS
from cms.local_accounts import add_remember_option, remember
from cms.models import Partner, PartnerEditor

# username, group, partner slug (for a partner editor)
DEMO_ACCOUNTS = [
    ("editor", EDITORS, None),
    ("moderator", MODERATORS, None),
    ("riga-editor", PARTNER_EDITORS, "city-of-riga"),
]


class Command(BaseCommand):
    help = (
        "Local use only: one account per editorial role (editor, moderator, riga-editor). "
        "Passwords come from DEMO_PASSWORD or are generated: printed once, or kept in the "
        "--remember file for `manage.py welcome`."
    )

    def add_arguments(self, parser):
        add_remember_option(parser)

    def handle(self, *args, remember_in=None, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local use only (DEBUG is off).")
        User = get_user_model()
        given = os.environ.get("DEMO_PASSWORD")
        for username, group_name, partner_slug in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = given or secrets.token_urlsafe(9)
            user = User.objects.create_user(username=username, password=password)
            user.groups.add(Group.objects.get(name=group_name))
            if partner_slug:
                PartnerEditor.objects.create(
                    user=user, partner=Partner.objects.get(slug=partner_slug)
                )
            shown = "$DEMO_PASSWORD" if given else password
            if remember_in:
                role = f"{group_name} ({partner_slug})" if partner_slug else group_name
                remember(remember_in, username, role, shown)
            else:
                self.stdout.write(f"Created demo account {username} ({group_name}): {shown}")
