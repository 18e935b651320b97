"""The cache fails open: an error of the store behind it is a miss, logged once, then left alone."""

import logging
import os

from django.core.cache import caches
from django.test import override_settings

import pytest

from cms import cache

REDIS_URL = os.environ.get("REDIS_URL")


class BrokenStore:
    """A cache store that fails every call, and counts them."""

    calls = 0

    def __init__(self, location, params):
        pass

    def close(self, **kwargs):
        pass

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            BrokenStore.calls += 1
            raise ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

        return fail


BROKEN = {
    "default": {
        "BACKEND": "cms.cache.FailOpenCache",
        "LOCATION": "store",
        "OPTIONS": {"RETRY_AFTER": 5},
    },
    "store": {"BACKEND": "tests.cms.test_cache.BrokenStore"},
}


@pytest.fixture
def broken(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(cache, "clock", lambda: now[0])
    BrokenStore.calls = 0
    cache.breaker.reset()
    with override_settings(CACHES=BROKEN):
        yield now
    cache.breaker.reset()


def test_a_failing_store_is_a_miss_and_a_write_that_does_nothing(broken):
    default = caches["default"]
    default.set("key", "value", 60)
    assert default.get("key", "fallback") == "fallback"
    assert default.add("key", "value") is False
    assert default.get_many(["key"]) == {}


def test_the_first_error_is_logged_once(broken, caplog):
    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        for _ in range(3):
            cache.get("key")
    warnings = [record for record in caplog.records if record.name == "cms.cache"]
    assert len(warnings) == 1
    assert "Connection refused" in warnings[0].getMessage()


def test_after_an_error_the_store_is_left_alone_for_a_while(broken):
    cache.get("key")
    for _ in range(10):
        cache.get("key")
        cache.put("key", "value", 60)
    assert BrokenStore.calls == 1
    assert not cache.available()
    broken[0] += 5
    cache.get("key")
    assert BrokenStore.calls == 2


def test_work_that_must_not_be_skipped_goes_ahead_without_the_cache(broken):
    assert cache.first_time("hub:ping", 60) is True
    assert cache.first_time("hub:ping", 60) is True


def test_a_counter_without_the_cache_counts_nothing(broken):
    assert cache.count("throttle", 60) is None


def test_counting_and_first_times_with_a_store_that_works():
    assert cache.count("throttle", 60) == 1
    assert cache.count("throttle", 60) == 2
    assert cache.first_time("hub:ping", 60) is True
    assert cache.first_time("hub:ping", 60) is False


def test_a_missing_counter_still_raises_value_error():
    with pytest.raises(ValueError):
        caches["default"].incr("never-set")


@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a Redis server)")
def test_redis_through_the_wrapper_keeps_bytes_and_values():
    store = caches["store"]
    assert type(store).__module__.startswith("django_redis")
    cache.put("value", {"body": b"\x00bytes", "n": 1}, 60)
    assert cache.get("value") == {"body": b"\x00bytes", "n": 1}
