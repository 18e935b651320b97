from django.core.management.base import BaseCommand

from cms import frontend_cache
from cms.publication import content_changed


class Command(BaseCommand):
    help = (
        "Send the purges of the HTTP cache in front (FRONTEND_CACHE_URL) that are due: those "
        "a Varnish that could not be reached has missed. The scheduler runs it every minute. "
        "--all purges everything (after a deploy that changes templates, say)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="Purge every output, not only what is due.",
        )

    def handle(self, *args, everything, verbosity, **options):
        if not frontend_cache.enabled():
            if verbosity:
                self.stdout.write("No frontend cache is configured (FRONTEND_CACHE_URL).")
            return
        if everything:
            content_changed()
        if frontend_cache.send_due():
            if verbosity:
                self.stdout.write("Frontend cache: nothing left to purge.")
        else:
            self.stderr.write("Frontend cache: some purges could not be sent; they stay due.")
