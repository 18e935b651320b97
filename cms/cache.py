"""The shared cache: Django's Redis cache keeping its client, and version tokens.

Django's RedisCacheClient makes a new redis.Redis object for every operation,
and building one (with its table of response callbacks) costs more than the
round trip to Redis itself. The feeds and the API read the cache on every
request, so one client per connection pool is kept and reused; redis-py
clients are safe to share, and Django gives each thread its own cache object.
"""

import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import transaction


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


class VersionToken:
    """A token in the shared cache that names the current state of something.

    Cache keys that hold the token are forgotten all at once by renewing it.
    Renewed at once, so the process making a change sees it, and again after
    the commit, because another process may have cached the old state in
    between.
    """

    def __init__(self, key):
        self.key = key

    def current(self):
        version = cache.get(self.key)
        if version is None:
            # add, not set: of processes starting together, the first one wins.
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self.key)
        return version

    def renew(self):
        self._renew_now()
        transaction.on_commit(self._renew_now)

    def _renew_now(self):
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
