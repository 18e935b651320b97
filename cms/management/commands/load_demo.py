from django.core.management.base import BaseCommand

from cms.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Load the BaltMet Inno demo content: partners, work packages, news, and the Latvian "
        "home page and news. Creates what is missing and leaves what exists alone, so running "
        "it twice changes nothing."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        loader = DemoLoader(log=self.stdout.write if verbosity > 1 else lambda message: None)
        created = loader.load()
        if verbosity:
            if created:
                self.stdout.write(self.style.SUCCESS(f"Demo content: {created} objects created."))
            else:
                self.stdout.write("Demo content: already loaded, nothing changed.")
