import signal
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.local_accounts import remembered

PAGES = [
    ("Site", "/"),
    ("Admin", "/admin/"),
    ("API docs", "/api/docs/"),
    ("Feeds", "/feeds/"),
]


class Command(BaseCommand):
    help = (
        "Print the local site's addresses and accounts in one block: the last thing "
        "`make run` shows, once the web server answers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts", help="The file ensure_admin and ensure_demo_accounts --remember wrote."
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=0,
            metavar="SECONDS",
            help="First wait (at most this long) for the server at BASE_URL's port to answer.",
        )
        parser.add_argument(
            "--stay",
            action="store_true",
            help="Keep running until stopped (a process of Procfile.dev: honcho stops them all "
            "when one ends).",
        )

    def handle(self, *args, accounts=None, wait=0, stay=False, **options):
        port = urlsplit(settings.BASE_URL).port or 80
        if wait and not server_answers(port, wait):
            message = f"Nothing answers on port {port} after {wait:g} seconds."
            if not stay:
                raise CommandError(message)
            # Ending would make honcho stop the server it is still waiting for.
            self.stderr.write(message)
        else:
            self.stdout.write(self.banner(remembered(accounts) if accounts else {}))
        if stay:
            signal.pause()

    def banner(self, accounts):
        base = settings.BASE_URL
        lines = ["", self.style.SUCCESS(f"{settings.WAGTAIL_SITE_NAME} is up.")]
        lines += [f"  {name:<9} {base}{path}" for name, path in PAGES]
        if accounts:
            lines.append("  Accounts (local only):")
            for username, account in accounts.items():
                lines.append(f"    {username:<12} {account['password']:<18} {account['role']}")
        lines.append("  Stop with Ctrl-C.")
        return "\n".join(lines) + "\n"


def server_answers(port, seconds):
    """Whether this machine's own server takes a connection on ``port`` within ``seconds``.

    Only ever 127.0.0.1: the host named in BASE_URL is not dialled.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
