"""Django's Redis cache, keeping its Redis client instead of building one per call.

Django's RedisCacheClient makes a new redis.Redis object for every operation,
and building one (with its table of response callbacks) costs more than the
round trip to Redis itself. The feeds and the API read the cache on every
request, so one client per connection pool is kept and reused; redis-py
clients are safe to share, and Django gives each thread its own cache object.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
