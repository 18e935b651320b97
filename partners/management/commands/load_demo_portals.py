from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners.demo import ensure_demo_portal


class Command(BaseCommand):
    help = (
        "Register the demo partner portal (slug 'riga'), whose webhooks go to the local "
        "demo receiver. Needs the demo content (load_demo) and DEBUG on; leaves an existing "
        "portal alone."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo portal posts to a receiver that exists only with DEBUG on; "
                "register real portals in the admin (Syndication → Partner portals)."
            )
        portal, created = ensure_demo_portal()
        if portal is None:
            raise CommandError("Load the demo content first: manage.py load_demo")
        if options["verbosity"]:
            if created:
                self.stdout.write(self.style.SUCCESS(f"Demo partner portal “{portal}” registered."))
            else:
                self.stdout.write("Demo partner portal: already registered, nothing changed.")
