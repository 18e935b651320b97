"""The Redis cache backend keeps one client instead of building one for every call."""

import os

import pytest

from cms.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL")

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a Redis server)")


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "cms-cache-test"})
    yield backend
    backend.delete_many(["value", "missing"])


def test_it_reads_and_writes_like_djangos_redis_cache(redis_cache):
    redis_cache.set("value", {"body": b"\x00bytes", "n": 1})
    assert redis_cache.get("value") == {"body": b"\x00bytes", "n": 1}
    assert redis_cache.get("missing") is None


def test_it_reuses_one_client_per_connection_pool(redis_cache):
    client = redis_cache._cache
    assert client.get_client(write=False) is client.get_client(write=False)
