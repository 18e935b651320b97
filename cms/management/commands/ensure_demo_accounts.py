import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from cms.editorial import EDITORS, MODERATORS, PARTNER_EDITORS
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
        "Passwords come from DEMO_PASSWORD or are generated and printed once."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local use only (DEBUG is off).")
        User = get_user_model()
        for username, group_name, partner_slug in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)
            user = User.objects.create_user(username=username, password=password)
            user.groups.add(Group.objects.get(name=group_name))
            if partner_slug:
                PartnerEditor.objects.create(
                    user=user, partner=Partner.objects.get(slug=partner_slug)
                )
            shown = "DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else password
            self.stdout.write(f"Created demo account {username} ({group_name}): {shown}")
