"""The shared cache, failing open: a cache that is down or slow costs speed, never an answer.

Every cache read and write of the project (and Wagtail's and Django's own,
through ``django.core.cache.cache``) goes through ``FailOpenCache``, the
``default`` cache. It wraps the cache that really stores (django-redis when
REDIS_URL is set, with connect and read time-outs well under a second; local
memory otherwise) and turns any error of it into a miss: ``get`` gives the
default, ``set`` stores nothing, ``add`` adds nothing. The first error is
logged, and for CACHE_RETRY_AFTER seconds the process does not ask the cache
again, so a frozen Redis costs one time-out per process and period, not one
per request.

Nothing that must happen depends on the cache: the content version lives in
the database (cms.freshness), and publishing writes nothing here.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger(__name__)

# The clock of the breaker; tests replace it.
clock = time.monotonic
DEFAULT_RETRY_AFTER = 5.0


class _Breaker:
    """Per process and wrapped cache: until when the cache is presumed unavailable."""

    def __init__(self):
        self.down_until = {}
        self.lock = threading.Lock()

    def is_open(self, alias):
        until = self.down_until.get(alias)
        return until is not None and clock() < until

    def trip(self, alias, error, retry_after):
        with self.lock:
            was_open = self.is_open(alias)
            self.down_until[alias] = clock() + retry_after
        if not was_open:
            logger.warning(
                "Cache %r unavailable (%s: %s); serving without it for %s s",
                alias,
                type(error).__name__,
                error,
                retry_after,
            )

    def close(self, alias):
        self.down_until.pop(alias, None)

    def reset(self):
        with self.lock:
            self.down_until.clear()


breaker = _Breaker()


class FailOpenCache(BaseCache):
    """A cache backend that wraps the cache named by LOCATION and never raises.

    OPTIONS: RETRY_AFTER, the seconds to leave the wrapped cache alone after
    an error (default 5).
    """

    def __init__(self, location, params):
        super().__init__(params)
        self.alias = location
        self.retry_after = float(params.get("OPTIONS", {}).get("RETRY_AFTER", DEFAULT_RETRY_AFTER))

    @property
    def store(self):
        return caches[self.alias]

    def available(self):
        return not breaker.is_open(self.alias)

    def _call(self, operation, failed, *args, **kwargs):
        if breaker.is_open(self.alias):
            return failed
        try:
            return getattr(self.store, operation)(*args, **kwargs)
        except Exception as error:
            breaker.trip(self.alias, error, self.retry_after)
            return failed

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        """The new value; ValueError when the key is missing; None when the cache is not there."""
        if breaker.is_open(self.alias):
            return None
        try:
            return self.store.incr(key, delta, version=version)
        except ValueError:
            raise
        except Exception as error:
            breaker.trip(self.alias, error, self.retry_after)
            return None

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)

    def clear(self):
        self._call("clear", None)

    def close(self, **kwargs):
        self._call("close", None, **kwargs)


def _default():
    return caches["default"]


def store_alias():
    """The alias of the cache that really stores: the one FailOpenCache wraps."""
    cache = _default()
    return cache.alias if isinstance(cache, FailOpenCache) else "default"


def available():
    """Whether the shared cache is believed to answer (False for a while after an error)."""
    cache = _default()
    return cache.available() if isinstance(cache, FailOpenCache) else True


def get(key, default=None):
    return _default().get(key, default)


def put(key, value, timeout):
    _default().set(key, value, timeout=timeout)


def first_time(key, timeout):
    """Whether ``key`` is new, marking it seen; True as well when the cache cannot tell.

    For work that may be done twice but should not be skipped (pinging a hub).
    """
    return bool(_default().add(key, True, timeout=timeout)) or not available()


def count(key, period):
    """Increment the counter ``key`` (created with a life of ``period`` seconds).

    None when the cache is unavailable: the caller goes ahead uncounted.
    """
    cache = _default()
    try:
        value = cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=period):
            return 1
        try:
            value = cache.incr(key)
        except ValueError:
            return None
    return value
