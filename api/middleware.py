"""The HTTP side of the API, in front of Django's other middleware.

For every request under /api/ it reads the read token (if any) and applies
the rate for the client; GETs of the versioned API and the schema are then
answered from the response cache (cms.response_cache), with its ETag,
Last-Modified and 304s. It sits right after WhiteNoise and
django-cors-headers, so a cached answer costs no session, locale, CSRF or URL
resolution.

The cache keys hold the content version: every change to public content
(publish, unpublish, expiry, delete, move, restriction, a partner or image
edited) gives new keys in every process. Nothing here deletes entries.
"""

import math
import re
import time

from django.conf import settings

from api.models import ReadToken
from api.problems import problem, problem_response
from cms import cache, response_cache
from cms.publication import content_version

API_PREFIX = "/api/"
CACHEABLE = re.compile(r"^/api/(?:v1/(?!preview/)|schema/)")
ITEM_PATH = re.compile(r"^/api/v1/(?:news|events|work-packages)/(\d+)/$")
RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def setting(name, default):
    return getattr(settings, name, default)


def parse_rate(rate):
    """``"120/minute"`` as (120, 60); None for no limit."""
    if not rate:
        return None
    count, _slash, period = str(rate).partition("/")
    return int(count), RATE_PERIODS[period.strip()[:1].lower() or "s"]


def client_address(request):
    proxies = setting("API_NUM_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def throttle_wait(request, token):
    """Seconds the client must wait, or None if the request may go ahead.

    A fixed window per client: one counter in the shared cache, incremented
    atomically, so every web process counts against the same limit.
    """
    rates = setting("API_THROTTLE_RATES", {})
    scope, ident = ("token", token.pk) if token else ("anonymous", client_address(request))
    rate = parse_rate(rates.get(scope))
    if rate is None:
        return None
    limit, period = rate
    now = time.time()
    key = f"api:throttle:{scope}:{ident}:{int(now // period)}"
    count = cache.count(key, period + 1)
    # Without a cache to count in, the request goes ahead uncounted.
    if count is None or count <= limit:
        return None
    return max(1, math.ceil(period - now % period))


def bearer_token(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, credentials = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()


def api_tags(path):
    """The surrogate keys of an API answer: an item's page, else the lists it may show."""
    item = ITEM_PATH.match(path)
    if item:
        return (f"page-{item.group(1)}", "workpackages", "news")
    return ("news", "workpackages", "pages")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        token = None
        raw_token = bearer_token(request)
        if raw_token is not None:
            token = ReadToken.objects.authenticate(raw_token)
            if token is None:
                return problem_response(
                    problem("invalid-token", "The read token is unknown or revoked."),
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )
        request.api_token = token
        wait = throttle_wait(request, token)
        if wait is not None:
            return problem_response(
                problem(
                    "too-many-requests",
                    f"Rate limit exceeded; try again in {wait} seconds.",
                ),
                headers={"Retry-After": str(wait)},
            )
        if request.method not in ("GET", "HEAD") or not CACHEABLE.match(request.path):
            return self.get_response(request)
        request.api_content_version = content_version()
        return response_cache.serve(request, self.public_response, "api")

    def public_response(self, request):
        response = self.get_response(request)
        # Errors, and responses that set their own caching (previews), pass as they are.
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            response_cache.mark_public(
                response,
                max_age=setting("API_CACHE_MAX_AGE", 60),
                tags=api_tags(request.path),
            )
        return response
