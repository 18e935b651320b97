"""Settings for bench/api.py only: the site as in production, plus Wagtail's stock
API v2 at /api/v2/ for comparison, and a switch for cold requests.

Never used by the site or the tests.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
# The benchmark's server speaks plain HTTP on 127.0.0.1.
os.environ.setdefault("HTTPS", "0")

from cms.settings.base import *  # noqa: F403
from cms.settings.base import INSTALLED_APPS, MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls_stock_api"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]
# A request with X-Bench-Cold bumps the content version first, as a publish
# would, so it misses the response cache.
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(MIDDLEWARE.index("api.middleware.ApiMiddleware"), "bench.middleware.cold")
# The benchmark measures serving, not the rate limiter: one client makes
# thousands of requests a second.
API_THROTTLE_RATES = {"anonymous": None, "token": None}
LOGGING = {"version": 1, "disable_existing_loggers": True}
