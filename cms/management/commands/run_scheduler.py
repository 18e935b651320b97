import logging
import signal
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, transaction

logger = logging.getLogger(__name__)

# Commands that change what is public run in one transaction: each page they
# publish or expire commits together with its journal entry and the
# deliveries that announce it. Others (such as
# deliver_webhooks, which talks to partners' servers) commit as they go.
TRANSACTIONAL_COMMANDS = {"publish_scheduled"}


class Command(BaseCommand):
    help = (
        "Run the commands of settings.SCHEDULED_COMMANDS (publish_scheduled first) at the start "
        "of every minute, so that scheduled publishing and expiry happen on time (the "
        "Procfile's clock process; make run starts it too)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run once now, then stop.")

    def handle(self, *args, interval, once, **options):
        if once:
            self.run_commands()
            return
        self.running = True
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        names = ", ".join(settings.SCHEDULED_COMMANDS)
        self.stdout.write(f"Scheduler: {names} every {interval} s.")
        while self.running:
            self.sleep_until(time.time() + interval - time.time() % interval)
            if not self.running:
                break
            close_old_connections()
            self.run_commands()
        self.stdout.write("Scheduler stopped.")

    def run_commands(self):
        for name in settings.SCHEDULED_COMMANDS:
            try:
                if name in TRANSACTIONAL_COMMANDS:
                    with transaction.atomic():
                        call_command(name, verbosity=0)
                else:
                    call_command(name, verbosity=0)
            except Exception:
                # One failed run must not stop the schedule; the next run retries.
                logger.exception("Scheduled command %s failed", name)

    def sleep_until(self, moment):
        # In short steps, so that a stop signal ends the process within a second
        # (the boundary keeps runs from drifting).
        while self.running and time.time() < moment:
            time.sleep(min(1.0, moment - time.time()))

    def stop(self, signum, frame):
        self.running = False
