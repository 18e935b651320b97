"""The API's rate counter against DRF's stock SimpleRateThrottle: cost per request and
what a shared limit lets through when several threads count at once.

    .venv/bin/python bench/throttle.py                 # local-memory cache
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/throttle.py

Prints microseconds per request for a client whose window already holds a
minute at the partner rate (1200 requests), and how many of 8 threads x 400
requests a limit of 1000 lets through. Run by hand; asserts nothing.
"""

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from rest_framework.throttling import SimpleRateThrottle  # noqa: E402

from api.throttling import ApiRateThrottle  # noqa: E402

# A rate high enough that every request of the measurement is let through (and
# so written), with a window already holding a partner's minute at 1200/minute.
RATE = "100000/minute"
WINDOW_HOLDS = 1200
THREADS = 8
PER_THREAD = 400
SHARED_LIMIT = 1000


class StockThrottle(SimpleRateThrottle):
    """DRF's algorithm as shipped: a list of request times per client."""

    scope = "anonymous"

    def __init__(self, rate):
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)

    def get_cache_key(self, request, view):
        return f"bench:stock:{self.get_ident(request)}"


def ours(rate):
    with override_settings(API_THROTTLE_RATES={"anonymous": rate}):
        return ApiRateThrottle()


def per_request(make, requests=1200):
    request = RequestFactory().get("/api/v1/news/", REMOTE_ADDR="127.0.0.1")
    cache.clear()
    throttle = make(RATE)
    for _ in range(WINDOW_HOLDS):
        throttle.allow_request(request, None)
    started = time.perf_counter()
    for _ in range(requests):
        throttle.allow_request(request, None)
    return (time.perf_counter() - started) / requests * 1e6


def let_through(make):
    cache.clear()
    throttle = make(f"{SHARED_LIMIT}/hour")
    allowed = []
    lock = threading.Lock()

    def client():
        request = RequestFactory().get("/api/v1/news/", REMOTE_ADDR="127.0.0.1")
        count = sum(throttle.allow_request(request, None) for _ in range(PER_THREAD))
        with lock:
            allowed.append(count)

    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(allowed)


def main():
    backend = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    print(f"cache: {backend}")
    for name, make in (("DRF SimpleRateThrottle", StockThrottle), ("api.throttling", ours)):
        print(
            f"{name:24} {per_request(make):8.1f} µs/request with {WINDOW_HOLDS}+ in the window; "
            f"{let_through(make):5d} of {THREADS * PER_THREAD} let through a limit of "
            f"{SHARED_LIMIT}"
        )
    cache.clear()


if __name__ == "__main__":
    main()
