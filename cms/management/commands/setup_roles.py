from django.core.management.base import BaseCommand

from cms.editorial import ensure_roles
from cms.models import HomePage, NewsIndexPage


class Command(BaseCommand):
    help = (
        "Create the Editors, Moderators and Partner editors groups, their permissions and the "
        "Review workflow on the news index. Safe to run again."
    )

    def handle(self, *args, **options):
        home = HomePage.objects.order_by("path").first()
        news_index = NewsIndexPage.objects.child_of(home).first() if home else None
        if news_index is None:
            # A new installation has no pages yet; the release after the first
            # content is created sets the roles up.
            self.stdout.write("No home page with a news index yet: roles not set up.")
            return
        ensure_roles(home, news_index)
        self.stdout.write("Editorial roles and the Review workflow are in place.")
