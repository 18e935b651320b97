"""The HTTP side of the API, in front of Django's other middleware.

For every request under /api/ it reads the read token (if any) and applies
the rate for the client (api.throttling); GETs of the versioned API and the
schema are then answered from the response cache (cms.response_cache), with
its ETag, Last-Modified and 304s. It sits right after WhiteNoise and
django-cors-headers, so a cached answer costs no session, locale, CSRF or URL
resolution.

The cache keys hold the content version: every change to public content
(publish, unpublish, expiry, delete, move, restriction, a partner or image
edited) gives new keys in every process. Nothing here deletes entries.
"""

import re

from django.conf import settings

from api.models import ReadToken
from api.schema import schema_renderer
from api.throttling import ApiRateThrottle
from cms import response_cache
from cms.problems import Problem
from cms.publication import content_version

API_PREFIX = "/api/"
SCHEMA_PATH = "/api/schema/"
CACHEABLE = re.compile(r"^/api/(?:v1/(?!preview/)|schema/)")
ITEM_PATH = re.compile(r"^/api/v1/(?:news|events|work-packages)/(\d+)/$")


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
        # An unknown or revoked token counts against the anonymous rate of its
        # address, like a request without one: guessing tokens is rate-limited.
        throttle = ApiRateThrottle(token)
        if not throttle.allow_request(request):
            wait = throttle.wait()
            return Problem(
                "too-many-requests",
                f"Rate limit exceeded; try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            ).response()
        if raw_token is not None and token is None:
            return Problem(
                "invalid-token",
                "The read token is unknown or revoked.",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ).response()
        request.api_token = token
        if request.method not in ("GET", "HEAD") or not CACHEABLE.match(request.path):
            return self.get_response(request)
        request.api_content_version = content_version()
        namespace = "api"
        if request.path == SCHEMA_PATH:
            # One entry per format: the schema answers JSON or YAML by Accept.
            namespace = f"api-schema-{schema_renderer(request).format}"
        return response_cache.serve(request, self.public_response, namespace)

    def public_response(self, request):
        response = self.get_response(request)
        # Errors, and responses that set their own caching (previews), pass as they are.
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            response_cache.mark_public(
                response,
                max_age=settings.API_CACHE_MAX_AGE,
                tags=api_tags(request.path),
            )
        return response
