from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partners import schedule
from partners.models import WebhookDelivery


class Command(BaseCommand):
    help = (
        "Send every webhook delivery that is due: retries whose time has come, deliveries "
        "waiting for a portal to be active again, and any whose sender stopped mid-attempt. "
        "The scheduler (run_scheduler) runs it every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help=(
                "Start no attempt after this many seconds; what is left waits for the next "
                "run. Default: 60 less WEBHOOK_TIMEOUT and a margin, so that a run ends "
                "before the scheduler starts the next one."
            ),
        )

    def handle(self, *args, time_limit, verbosity, **options):
        if time_limit is None:
            time_limit = schedule.sweep_time_limit()
        if time_limit <= 0:
            raise CommandError("--time-limit must be a positive number of seconds.")
        outcomes = schedule.deliver_due(time_limit=time_limit)
        delivered = sum(outcome.delivered for outcome in outcomes)
        retrying = sum(
            not outcome.delivered and outcome.next_attempt_at is not None for outcome in outcomes
        )
        given_up = sum(outcome.gave_up for outcome in outcomes)
        left = WebhookDelivery.objects.filter(schedule.due(timezone.now())).count()
        if verbosity:
            self.stdout.write(
                f"Webhooks: {len(outcomes)} sent, {delivered} delivered, {retrying} to retry, "
                f"{given_up} given up; {left} still due."
            )
