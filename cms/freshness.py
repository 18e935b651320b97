"""The content version: what every cache of rendered output puts in its keys.

It lives in the database (cms.models.ContentVersion), not in a cache: every
change to public content bumps it in the transaction that journals the
change, so the version can never disagree with what was committed, and a
cache that is down cannot lose it. Each process reads it at most every
CONTENT_VERSION_TTL seconds (half a second by default) and keeps it in
memory in between, so a change made by any process (a web server, the
scheduler, a management command) reaches every other one within that time,
with no shared cache at all. The process that makes a change forgets its copy
at once and again after the commit.

Expiry needs no event: the version also names the next moment a live page
expires. When that moment passes, the version changes by itself in every
process (a process never keeps its copy past it), so an expired item leaves
every output on time without ``publish_scheduled`` having run.

The version also gives the one Last-Modified of every cached output: the
moment of the latest change (a bump, or an expiry that has passed), in whole
seconds. ``exact`` says whether that second holds no earlier change, that is
whether a client's If-Modified-Since equal to it proves its copy current.
"""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, Subquery, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from wagtail.models import Page

from cms.models import ContentVersion

# The clock that bounds how long a process keeps its copy; tests replace it.
clock = time.monotonic
TICK = datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class Version:
    token: str
    last_modified: int
    exact: bool
    next_expiry: datetime.datetime | None

    def seconds_to_expiry(self, now=None):
        """Whole seconds until the next page expires, or None if none is due to."""
        if self.next_expiry is None:
            return None
        remaining = (self.next_expiry - (now or timezone.now())).total_seconds()
        return max(0, int(remaining))


_copy = None


def ttl():
    return settings.CONTENT_VERSION_TTL


def current():
    """The content version, read from the database at most every ``ttl()`` seconds."""
    global _copy
    copy = _copy
    if copy is not None:
        version, read_at = copy
        if clock() - read_at < ttl() and (
            version.next_expiry is None or timezone.now() < version.next_expiry
        ):
            return version
    read_at = clock()
    version = read()
    _copy = (version, read_at)
    return version


def content_version():
    """The token that names the current state of public content."""
    return current().token


def forget():
    """Drop this process's copy: the next request reads the database again."""
    global _copy
    _copy = None


def read(now=None):
    """The version as the database has it now: one query."""
    now = now or timezone.now()
    live = Page.objects.filter(live=True, expire_at__isnull=False).order_by()
    row = (
        ContentVersion.objects.filter(pk=ContentVersion.SINGLETON)
        .annotate(
            next_expiry=Subquery(
                live.filter(expire_at__gt=now).order_by("expire_at").values("expire_at")[:1]
            ),
            last_expiry=Subquery(
                live.filter(expire_at__lte=now).order_by("-expire_at").values("expire_at")[:1]
            ),
        )
        .values_list("counter", "changed_at", "previous_changed_at", "next_expiry", "last_expiry")
        .first()
    )
    if row is None:
        # No row yet (a database flushed by a test): nothing has changed.
        epoch = datetime.datetime.fromtimestamp(0, tz=datetime.UTC)
        row = (0, epoch, None, *_expiries(live, now))
    return _version(*row)


def _expiries(live, now):
    upcoming = live.filter(expire_at__gt=now).order_by("expire_at").first()
    passed = live.filter(expire_at__lte=now).order_by("-expire_at").first()
    return (
        upcoming.expire_at if upcoming else None,
        passed.expire_at if passed else None,
    )


def _version(counter, changed_at, previous_changed_at, next_expiry, last_expiry):
    if last_expiry is not None and last_expiry > changed_at:
        latest, before = last_expiry, changed_at
    else:
        latest = changed_at
        earlier = [moment for moment in (previous_changed_at, last_expiry) if moment is not None]
        before = max(earlier) if earlier else None
    last_modified = int(latest.timestamp())
    exact = before is None or int(before.timestamp()) < last_modified
    changed = int(changed_at.timestamp() * 1_000_000)
    # Both expiries: the next one, and the last that passed, so that the state
    # after an expiry never takes the name of a state before it.
    upcoming, passed = (
        int(moment.timestamp()) if moment is not None else 0
        for moment in (next_expiry, last_expiry)
    )
    return Version(
        token=f"{counter}.{changed:x}.{upcoming:x}.{passed:x}",
        last_modified=last_modified,
        exact=exact,
        next_expiry=next_expiry,
    )


def content_changed():
    """Bump the version, in the caller's transaction, and forget this process's copy.

    Called from inside the publishing transaction (cms.publication): the new
    version commits with the journal, or rolls back with it. ``changed_at``
    never goes back, even when app servers' clocks disagree; a tie with the
    change before makes Last-Modified inexact for that second.
    """
    now = timezone.now()
    updated = ContentVersion.objects.filter(pk=ContentVersion.SINGLETON).update(
        counter=F("counter") + 1,
        previous_changed_at=F("changed_at"),
        changed_at=Greatest(
            Value(now, output_field=DateTimeField()),
            F("changed_at") + TICK,
            output_field=DateTimeField(),
        ),
    )
    if not updated:
        ContentVersion.objects.get_or_create(
            pk=ContentVersion.SINGLETON, defaults={"counter": 1, "changed_at": now}
        )
    forget()
    # Another thread of this process may read the old version before the commit.
    transaction.on_commit(forget)
