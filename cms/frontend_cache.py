"""Purging the HTTP cache in front (Varnish, a CDN) on every publication event.

Every output the response cache stores carries surrogate keys (a
``Surrogate-Key`` header): ``all``, the page it shows (``page-42``) and the
kinds of list it shows (``news``, ``workpackages``, ``pages`` for lists of
every page such as the sitemap). A publication event of a news item purges
its page and every list of news, nothing else; a work package, its page and
the lists that name work packages; any other page (the home page, a section)
or a partner, city, image, document or site changes the navigation or what
every output may show, and purges ``all``.

The purge is an outbox row (cms.models.FrontendPurge) written in the
publishing transaction and sent after the commit, from a background thread
that retries for a few seconds; the scheduler's ``purge_frontend_cache`` sends
whatever is still due, so a Varnish that was briefly unreachable is purged
once it answers again. Pending purges are sent together, as one ban per
cache.

- FRONTEND_CACHE_URL: the Varnish instances (comma-separated), each sent
  ``BAN /`` with ``X-Purge-Tags`` through cms.outbound (deploy/varnish.vcl
  turns it into a ban on the stored objects' Surrogate-Key).
- WAGTAILFRONTENDCACHE (from the CDN variables in settings): Wagtail's
  frontend-cache backends (Cloudflare, CloudFront, ...), which purge by URL:
  the page's URL, its ancestors' (the lists that show it) and
  FRONTEND_CACHE_PURGE_PATHS (the feeds and API lists).
"""

import datetime
import logging
import threading
import time
from functools import partial
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone

from cms import outbound
from cms.models import FrontendPurge, NewsPage, WorkPackagePage

logger = logging.getLogger(__name__)

ALL = "all"
# Seconds before each retry in the sending thread; the scheduler takes over after.
QUICK_RETRIES = (0.5, 1, 2, 4)
# Seconds before a purge the scheduler could not send is due again.
SWEEP_RETRY = 30
BATCH = 500
# How long sent purges are kept, for looking into what was purged when.
KEEP_SENT = datetime.timedelta(days=7)
USER_AGENT = "BaltMet Inno cache purger"


def timeout():
    return settings.FRONTEND_CACHE_TIMEOUT


def varnish_urls():
    return list(settings.FRONTEND_CACHE_URLS)


def url_backends():
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return {}
    from wagtail.contrib.frontend_cache.utils import get_backends

    return get_backends()


def enabled():
    return bool(varnish_urls() or getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_tags(page):
    """The surrogate keys of the outputs a change of ``page`` alters."""
    model = page.specific_class
    # Its translations name it in their language switchers.
    own = {f"page-{page.pk}", f"translations-{page.translation_key}", "pages"}
    if model is not None and issubclass(model, NewsPage):
        return {*own, "news"}
    if model is not None and issubclass(model, WorkPackagePage):
        return {*own, "workpackages"}
    return {ALL}


def page_urls(pages):
    """Absolute URLs of the pages and their ancestors, for caches that purge by URL."""
    urls = set()
    for page in pages:
        for shown in [*page.get_ancestors().filter(depth__gt=1), page]:
            url = shown.get_full_url()
            if url:
                urls.add(url)
    base = settings.BASE_URL + "/"
    urls.update(urljoin(base, path) for path in settings.FRONTEND_CACHE_PURGE_PATHS)
    return sorted(urls)


def purge_later(tags, pages=()):
    """Queue a purge of ``tags`` in the current transaction; sent after it commits."""
    if not enabled() or not tags:
        return None
    tags = {ALL} if ALL in tags else set(tags)
    urls = page_urls(pages) if url_backends() and pages else []
    purge = FrontendPurge.objects.create(tags=" ".join(sorted(tags)), urls="\n".join(urls))
    transaction.on_commit(partial(_in_background, [purge.pk]), robust=True)
    return purge


# Sending -------------------------------------------------------------------------


class PurgeFailed(Exception):
    pass


def ban(tags):
    """Ask every Varnish to drop the objects carrying any of ``tags`` (through cms.outbound)."""
    failures = []
    for location in varnish_urls():
        try:
            answer = outbound.request(
                "BAN",
                urlsplit(location)._replace(path="/", query="", fragment="").geturl(),
                headers={"X-Purge-Tags": " ".join(sorted(tags)), "User-Agent": USER_AGENT},
                timeout=timeout(),
                # Varnish sits beside the site on the operator's own network
                # (FRONTEND_CACHE_URL, never something a user typed), so the
                # purge may go to a private address; no answer of it is shown
                # to anyone but the log.
                any_address=True,
            )
        except outbound.OutboundError as error:
            failures.append(f"{location}: {error.reason}")
            continue
        if answer.status != 200:
            failures.append(f"{location}: HTTP {answer.status}")
    if failures:
        raise PurgeFailed("; ".join(failures))


def purge_urls(urls):
    if not urls:
        return
    for backend in url_backends().values():
        # Wagtail's backends log their own failures; they cannot be retried from here.
        backend.purge_batch(urls)


def send_due(now=None, ids=None):
    """Send the purges that are due (or those of ``ids``); True when none is left unsent."""
    now = now or timezone.now()
    pending = FrontendPurge.objects.filter(sent_at__isnull=True)
    pending = (
        pending.filter(pk__in=ids) if ids is not None else pending.filter(next_attempt_at__lte=now)
    )
    if ids is None:
        FrontendPurge.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    rows = list(pending.order_by("id")[:BATCH])
    if not rows:
        return True
    tags = set()
    urls = set()
    for row in rows:
        tags.update(row.tags.split())
        urls.update(line for line in row.urls.splitlines() if line)
    if ALL in tags:
        tags = {ALL}
    done = FrontendPurge.objects.filter(pk__in=[row.pk for row in rows])
    try:
        ban(tags)
    except PurgeFailed as error:
        done.update(
            attempts=F("attempts") + 1,
            error=str(error)[:2000],
            next_attempt_at=now + datetime.timedelta(seconds=SWEEP_RETRY),
        )
        logger.warning("Frontend cache not purged (%s); will retry", error)
        return False
    purge_urls(sorted(urls))
    done.update(sent_at=timezone.now(), error="")
    logger.info("Frontend cache purged: %s", " ".join(sorted(tags)))
    return True


def send_with_retries(ids, sleep=time.sleep, prepare=close_old_connections):
    """Send the purges ``ids``, trying again for a few seconds; the scheduler takes over after."""
    for delay in (0, *QUICK_RETRIES):
        sleep(delay)
        prepare()
        try:
            if send_due(ids=ids):
                return
        except Exception:
            # The database busy, say: the next try, or the scheduler, sends it.
            logger.exception("Frontend cache purge %s failed", ids)


_threads = set()
_lock = threading.Lock()


def _in_background(ids):
    def run():
        try:
            send_with_retries(ids)
        finally:
            connections.close_all()
            with _lock:
                _threads.discard(thread)

    thread = threading.Thread(target=run, name="frontend-cache-purge", daemon=True)
    with _lock:
        _threads.add(thread)
    thread.start()


def wait_for_purges(timeout=None):
    """Wait for the purges being sent (tests; a clean shutdown)."""
    with _lock:
        threads = list(_threads)
    for thread in threads:
        thread.join(timeout)
