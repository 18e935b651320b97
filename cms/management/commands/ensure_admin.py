import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from cms.local_accounts import add_remember_option, remember, remembered

ROLE = "administrator"


class Command(BaseCommand):
    help = (
        "Make sure a local administrator account exists. Its password comes from "
        "ADMIN_PASSWORD, or is generated when the account is created: printed once, or "
        "kept in the --remember file for `manage.py welcome`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        add_remember_option(parser)

    def handle(self, *args, username, remember_in=None, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            if remember_in and username not in remembered(remember_in):
                unknown = f"(set before: manage.py changepassword {username})"
                remember(remember_in, username, ROLE, unknown)
            elif not remember_in:
                self.stdout.write(
                    f"Admin account '{username}' exists (forgot the password? "
                    f"python manage.py changepassword {username})."
                )
            return
        given = os.environ.get("ADMIN_PASSWORD")
        password = given or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if remember_in:
            remember(remember_in, username, ROLE, "$ADMIN_PASSWORD" if given else password)
        elif given:
            self.stdout.write(f"Created admin account '{username}' with ADMIN_PASSWORD.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin account '{username}' with password: {password}\n"
                    "It is shown only this once."
                )
            )
