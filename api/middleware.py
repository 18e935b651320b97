"""The HTTP side of the API, in front of Django's other middleware.

For every request under /api/ it reads the read token (if any) and applies
the rate for the client; for GETs of the versioned API and the schema it
answers from the shared cache, with ETag, Last-Modified and 304s. It sits right
after WhiteNoise and django-cors-headers, so a cached answer costs no session,
locale, CSRF or URL resolution.

The cache key holds ``cms.publication.content_version()``: every change to
public content (publish, unpublish, expiry, delete, move, restriction, a
partner or image edited) gives a new version, and with it new keys, in every
process that shares the cache. Nothing here deletes entries; they age out.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from api.models import ReadToken
from api.throttling import ApiRateThrottle
from cms.problems import Problem
from cms.publication import content_version

API_PREFIX = "/api/"
CACHEABLE = re.compile(r"^/api/(?:v1/(?!preview/)|schema/)")
# Headers of a rendered response that are part of what is cached.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


def bearer_token(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, credentials = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()


def cache_key(request, version):
    # The raw query string, its parameters sorted: a client that writes the
    # same query the same way always hits the same entry.
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    normalised = f"{version}\n{request.META.get('HTTP_HOST', '')}\n{request.path}\n{query}"
    return "api:response:" + hashlib.blake2b(normalised.encode(), digest_size=20).hexdigest()


def version_time(version):
    """When this content version was first seen: a Last-Modified that is never too early."""
    key = f"api:version-time:{version}"
    cache.add(key, int(time.time()), timeout=settings.API_CACHE_TIMEOUT * 2)
    return cache.get(key) or int(time.time())


def cache_control():
    return f"public, max-age={settings.API_CACHE_MAX_AGE}"


class LocalCopies:
    """The most recently used entries of the shared cache, kept in this process.

    An entry's key holds the content version it was made under, so a local
    copy can never outlive a change: after a publish every request asks for a
    new key. Only the small content version is read from the shared cache on
    each request, not the response body.
    """

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        if self.size <= 0:
            return
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


local_copies = LocalCopies(settings.API_LOCAL_CACHE_ENTRIES)


def entry_from(response, version):
    body = response.content
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    last_modified = version_time(version)
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    headers.update(
        {
            "ETag": etag,
            "Last-Modified": http_date(last_modified),
            "Cache-Control": cache_control(),
        }
    )
    return {
        "status": response.status_code,
        "body": body,
        "headers": headers,
        "etag": etag,
        "last_modified": last_modified,
    }


def response_from(request, entry, state):
    response = HttpResponse(entry["body"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["X-Cache"] = state
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
    return response


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
                return Problem(
                    "invalid-token",
                    "The read token is unknown or revoked.",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
                ).response()
        request.api_token = token
        throttle = ApiRateThrottle(token)
        if not throttle.allow_request(request):
            wait = throttle.wait()
            return Problem(
                "too-many-requests",
                f"Rate limit exceeded; try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            ).response()
        if request.method not in ("GET", "HEAD") or not CACHEABLE.match(request.path):
            return self.get_response(request)
        version = content_version()
        request.api_content_version = version
        key = cache_key(request, version)
        entry = local_copies.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                local_copies.put(key, entry)
        if entry is not None:
            return response_from(request, entry, "HIT")
        response = self.get_response(request)
        if response.status_code != 200 or response.has_header("Cache-Control"):
            # Errors, and responses that set their own caching, pass as they are.
            return response
        entry = entry_from(response, version)
        cache.set(key, entry, timeout=settings.API_CACHE_TIMEOUT)
        local_copies.put(key, entry)
        return response_from(request, entry, "MISS")
