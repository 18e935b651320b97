"""What webhooks cost a publish, and how fast the outbox drains.

Run by hand from the repository root:

    .venv/bin/python bench/webhooks.py [--portals 0,10,100] [--publishes 20] [--database-url URL]

It builds a site of its own (the demo content in a temporary SQLite database
unless --database-url names a PostgreSQL database) with the production task
backend (TASKS_BACKEND=database: a publish writes the outbox and queues one
task per delivery, nothing is sent in the publishing request), and a webhook
receiver on 127.0.0.1 that answers 204. For each number of partner portals
(every one matching every news item) it prints:

- the median and 90th percentile time of one publish (revision.publish(),
  the whole transaction: page, revision, journal, outbox, task rows);
- how fast ``deliver_due`` (the scheduler's sweep, the path the worker's
  tasks take too) sends the outbox to the receiver: deliveries per second,
  each one signed, POSTed and recorded.
"""

import argparse
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portals", default="0,10,100", help="portal counts to measure")
    parser.add_argument("--publishes", type=int, default=20, help="publishes per portal count")
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    return parser.parse_args()


class Receiver(http.server.BaseHTTPRequestHandler):
    received = 0
    lock = threading.Lock()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Receiver.lock:
            Receiver.received += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):
        pass


def configure(args, workdir):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            "DEBUG": "0",
            # The benchmark's server speaks plain HTTP on 127.0.0.1.
            "HTTPS": "0",
            "SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "BASE_URL": "http://127.0.0.1:8000",
            "VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "ERROR",
            "WEBSUB_HUB_URL": "",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main():
    args = parse_args()
    counts = [int(count) for count in args.portals.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-webhooks-") as folder:
        configure(args, Path(folder))
        from django.core.management import call_command

        from cms.demo.loader import DemoLoader
        from cms.models import NewsPage, Partner
        from partners import schedule
        from partners.models import PartnerPortal, WebhookDelivery

        print("Building the site (migrate, demo content) ...", flush=True)
        call_command("migrate", verbosity=0)
        DemoLoader(log=lambda message: None).load()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        receiver_url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        partner = Partner.objects.first()
        pages = list(NewsPage.objects.live().filter(locale__language_code="en"))

        print(f"{'portals':>8} {'publish median':>15} {'publish p90':>12} {'deliveries/s':>13}")
        for count in counts:
            PartnerPortal.objects.all().delete()
            for number in range(count):
                PartnerPortal.objects.create(
                    name=f"Bench portal {number}",
                    slug=f"bench-{number}",
                    partner=partner,
                    webhook_url=receiver_url,
                )
            timings = []
            for index in range(args.publishes):
                page = pages[index % len(pages)].specific
                revision = page.save_revision()
                began = time.perf_counter()
                revision.publish()
                timings.append((time.perf_counter() - began) * 1000)
            queued = WebhookDelivery.objects.filter(status="pending").count()
            Receiver.received = 0
            began = time.perf_counter()
            outcomes = schedule.deliver_due()
            elapsed = time.perf_counter() - began
            delivered = sum(outcome.delivered for outcome in outcomes)
            if not delivered == queued == Receiver.received:
                sys.exit(f"{queued} queued, {delivered} delivered, {Receiver.received} received")
            rate = f"{delivered / elapsed:.0f}" if delivered else "-"
            p90 = statistics.quantiles(timings, n=10)[-1]
            print(
                f"{count:>8} {statistics.median(timings):>12.1f} ms {p90:>9.1f} ms {rate:>13}",
                flush=True,
            )
        server.shutdown()


if __name__ == "__main__":
    main()
