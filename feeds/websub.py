"""WebSub: tell the hub which feeds changed, after every publication event.

The receiver runs inside the publishing transaction (cms.publication sends
the event there); it only works out which feed URLs the change touches and
defers the network to after the commit, so a rolled-back publish pings
nobody. The ping is a django-tasks task with a timeout and a bounded number
of attempts with exponential backoff. A hub that is down, slow or refusing
never fails or delays a publish:

- with a queue backend (django-tasks-db and a worker), the task runs in the
  worker and retries are enqueued with ``run_after``;
- with the immediate backend (the default), the task would run in the
  editor's request, so it is started in a background thread instead.

The ping follows PubSubHubbub 0.3/0.4 publishing: a form POST of
``hub.mode=publish`` with one ``hub.url`` per changed feed, sent through
cms.outbound (bounded in time and size, no redirects followed).
"""

import datetime
import hashlib
import logging
import time
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from cms import cache, outbound
from cms.models import NewsPage, Partner, WorkPackagePage
from cms.publication import content_version, publication_event
from feeds.background import BackgroundThreads
from feeds.news import feed_url
from feeds.params import FeedParams, default_language

logger = logging.getLogger(__name__)

PINGED_KINDS = ("rss", "atom", "json")
USER_AGENT = "BaltMet Inno WebSub publisher"
# A hub answering 4xx refuses the request itself; sending it again won't help.
RETRYABLE_CLIENT_ERRORS = {408, 425, 429}


def backoff(attempt):
    """Seconds to wait after failed attempt number ``attempt``: 2, 4, 8, ... by default."""
    return settings.WEBSUB_BACKOFF * 2 ** (attempt - 1)


class HubUnavailable(Exception):
    pass


def topics_for(page, language):
    """The feed URLs (as subscribers know them) whose content a change of ``page`` alters."""
    locale = None if language == default_language() else language
    param_sets = [FeedParams(locale=locale)]
    specific = page.specific_deferred
    if isinstance(specific, NewsPage):
        param_sets += [FeedParams(tag=tag.slug, locale=locale) for tag in specific.tags.all()]
        numbers = (
            WorkPackagePage.objects.public()
            .filter(pk__in=specific.work_packages.values("pk"))
            .filter(number__isnull=False)
            .values_list("number", flat=True)
        )
        param_sets += [
            FeedParams(work_package=number, locale=locale) for number in sorted(set(numbers))
        ]
        partners = set(specific.partners.values_list("slug", flat=True))
        if specific.event_city_id:
            partners |= set(
                Partner.objects.filter(city_id=specific.event_city_id).values_list(
                    "slug", flat=True
                )
            )
        param_sets += [FeedParams(partner=slug, locale=locale) for slug in sorted(partners)]
    elif isinstance(specific, WorkPackagePage) and specific.number is not None:
        # Its title is a category of its news and the title of its feed.
        param_sets.append(FeedParams(work_package=specific.number, locale=locale))
    return [feed_url(kind, params) for params in param_sets for kind in PINGED_KINDS]


@receiver(publication_event)
def _on_publication_event(sender, event, page, **kwargs):
    if not settings.WEBSUB_HUB_URL:
        return
    try:
        # In a savepoint: whatever goes wrong here must not cost the publish.
        with transaction.atomic():
            topics = topics_for(page, event.locale)
    except Exception:
        logger.exception("WebSub: no ping for page %s, its feeds could not be listed", page.pk)
        return
    transaction.on_commit(partial(announce, topics))


def announce(topics):
    """Ping the hub about ``topics`` (after commit), once per topic and content version.

    One transaction can journal many pages (a moved section); their pings
    name the same feeds, and the hub needs to hear about each feed once.
    """
    version = content_version()
    # Without a cache to remember pings in, a hub may hear of a feed twice.
    fresh = [
        topic
        for topic in topics
        if cache.first_time(
            f"feeds:websub:{version}:{hashlib.sha256(topic.encode()).hexdigest()[:32]}",
            timeout=600,
        )
    ]
    if not fresh:
        return
    if isinstance(ping_hub.get_backend(), ImmediateBackend):
        _in_background(fresh)
    else:
        ping_hub.enqueue(fresh)


_pings = BackgroundThreads("websub-ping")


def _in_background(topics):
    _pings.start(ping_hub.enqueue, topics)


def pings_in_flight():
    return _pings.running()


def wait_for_pings(timeout=None):
    """Wait for the background pings started so far (tests; a clean shutdown)."""
    _pings.wait(timeout)


def _post(hub, topics):
    """POST the publish ping (cms.outbound): the hub's status, or OutboundError."""
    form = urlencode([("hub.mode", "publish")] + [("hub.url", topic) for topic in topics])
    return outbound.post(
        hub,
        content=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT},
        timeout=settings.WEBSUB_TIMEOUT,
    ).status


@task()
def ping_hub(topics, attempt=1):
    """Tell the hub that ``topics`` changed; retried with backoff when the hub fails."""
    hub = settings.WEBSUB_HUB_URL
    if not hub or not topics:
        return "no hub"
    try:
        outbound.check_url(hub)
    except outbound.OutboundError as error:
        logger.warning("WebSub ping not sent: WEBSUB_HUB_URL %s", error.reason)
        raise HubUnavailable(error.reason) from error
    try:
        status = _post(hub, topics)
    except outbound.OutboundError as error:
        # Connection refused or reset, DNS failure, timeout.
        failure = error.reason
    else:
        if 200 <= status < 300:
            logger.info("WebSub hub %s accepted %d topics (HTTP %s)", hub, len(topics), status)
            return status
        if 400 <= status < 500 and status not in RETRYABLE_CLIENT_ERRORS:
            logger.warning("WebSub hub %s refused the ping: HTTP %s", hub, status)
            raise HubUnavailable(f"hub answered {status}")
        failure = f"HTTP {status}"
    if attempt >= settings.WEBSUB_ATTEMPTS:
        logger.warning(
            "WebSub hub %s unreachable after %d attempts (%s); %d topics not announced",
            hub,
            attempt,
            failure,
            len(topics),
        )
        raise HubUnavailable(failure)
    delay = backoff(attempt)
    logger.info(
        "WebSub ping to %s failed (%s); attempt %d in %ss", hub, failure, attempt + 1, delay
    )
    if ping_hub.get_backend().supports_defer:
        run_after = timezone.now() + datetime.timedelta(seconds=delay)
        ping_hub.using(run_after=run_after).enqueue(topics, attempt + 1)
    else:
        # Only ever in a background thread (see announce): waiting here
        # holds up no one.
        time.sleep(delay)
        ping_hub.enqueue(topics, attempt + 1)
    return f"retrying: {failure}"
