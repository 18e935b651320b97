"""A process that changes content the way the scheduler and editors' commands do.

Run by the multi-process tests as ``python -m tests.publisher`` with the
database of a running server in its environment. It reads one command a line
on standard input, carries it out with the project's own code (Wagtail's
publish and unpublish, the scheduler's ``run_scheduler --once``) and answers
one line of JSON on standard output, then waits for the next command.
"""

import datetime
import io
import json
import sys
import traceback


def setup_site():
    """The demo's portal and a first news item, on the site's skeleton that the test
    database holds already (tests/conftest.py's django_db_setup)."""
    from tests.conftest import SiteTree
    from tests.factories import NewsPageFactory, PartnerPortalFactory

    tree = SiteTree.load()
    PartnerPortalFactory(slug="riga")
    NewsPageFactory(parent=tree.news_index, title="Workshop in Riga", slug="riga")
    return {"news_index": tree.news_index.pk}


def schedule(title, seconds):
    """A news item approved for publication ``seconds`` from now."""
    from django.utils import timezone

    from cms.models import NewsIndexPage
    from tests.factories import NewsPageFactory

    page = NewsPageFactory(parent=NewsIndexPage.objects.get(), publish=False, title=title)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=seconds)
    page.save_revision().publish()
    return {"page": page.pk}


def run_scheduler():
    from django.core.management import call_command

    output = io.StringIO()
    call_command("run_scheduler", "--once", stdout=output, stderr=output)
    return {"output": output.getvalue()}


def make_schedule_due(title):
    from cms.models import NewsPage
    from tests.factories import make_schedule_due as due

    due(NewsPage.objects.get(title=title))
    return {}


def unpublish(title):
    from cms.models import NewsPage

    NewsPage.objects.get(title=title).unpublish()
    return {}


def expire(title, seconds):
    """Give a live item an expiry ``seconds`` from now, as an editor's earlier edit would."""
    from django.utils import timezone

    from cms.models import NewsPage

    moment = timezone.now() + datetime.timedelta(seconds=float(seconds))
    NewsPage.objects.filter(title=title).update(expire_at=moment)
    return {"expire_at": moment.timestamp()}


def publish(title):
    from cms.models import NewsIndexPage
    from tests.factories import NewsPageFactory

    page = NewsPageFactory(parent=NewsIndexPage.objects.get(), title=title)
    return {"page": page.pk}


def portal():
    from tests.factories import PartnerPortalFactory

    return PartnerPortalFactory._meta.model.objects.get(slug="riga")


def send_webhooks_to(url):
    riga = portal()
    riga.webhook_url = url
    riga.save()
    return {}


def deliveries():
    """How many of the portal's webhook deliveries went out, and how many wait."""
    sent = portal().deliveries
    return {
        "delivered": sent.filter(status="delivered").count(),
        "pending": sent.exclude(status__in=["delivered", "failed"]).count(),
    }


COMMANDS = {
    "setup": setup_site,
    "schedule": schedule,
    "due": make_schedule_due,
    "scheduler": run_scheduler,
    "unpublish": unpublish,
    "expire": expire,
    "publish": publish,
    "webhooks": send_webhooks_to,
    "deliveries": deliveries,
}


def main():
    import django

    django.setup()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        name, *args = json.loads(line)
        try:
            answer = {"ok": COMMANDS[name](*args)}
        except Exception:
            answer = {"error": traceback.format_exc()}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
