"""One response cache for every public output: feeds, API, widget, oEmbed and the site's pages.

Keys. Every key holds the content version (cms.freshness): a change to public
content in any process, or an item's expiry, gives every output a new key, so
nothing is ever deleted and nothing can be stale. The key also holds what
names the output (the origin and path, the query with its parameters sorted)
and the settings and release its rendering depends on.

Entries. An entry is everything a response needs: the body and a gzip copy,
its headers, an ETag (a hash of the body, so an output that did not change
keeps it across versions), and the version's Last-Modified, the same for
every output and every process. It also keeps how long browsers may reuse it
and its surrogate keys, the tags by which a publication purges the HTTP cache
in front (cms.frontend_cache).

Where entries live. In the shared cache (through cms.cache, which fails
open), and the most recently used ones in this process too, bounded by the
bytes they hold; a warm request costs no database query and at most one
cache read.

Answers. ``respond`` makes the HTTP answer of an entry for one request: the
gzip copy when the client takes it, the validators, Cache-Control for
browsers and Surrogate-Control for Varnish (both capped at the next expiry,
so nobody keeps an item past it on our word), and Django's
``get_conditional_response`` for 304s and 412s.

Two ways in: views that render a body call ``render_cached`` and then
``respond``; middleware caches whole responses with ``serve``, storing only
those a view marked public with ``mark_public``.
"""

import gzip
import hashlib
import re
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags

import cachetools

from cms import cache, freshness

# Part of every key: a change to what entries hold invalidates them.
STORAGE_FORMAT = 2
GZIP_MIN_LENGTH = 200
# Per process; a feed with its gzip copy is some 100 kB.
PROCESS_COPIES_BYTES = 32 * 1024 * 1024
# Every stored output carries this tag: purging it empties the HTTP cache.
ALL = "all"
# Headers of a rendered response that are not kept with it: respond() sets
# them for each answer, or they belong to the one request that made it.
NOT_KEPT = {
    "cache-control",
    "content-encoding",
    "content-length",
    "date",
    "etag",
    "expires",
    "last-modified",
    "set-cookie",
    "surrogate-control",
    "surrogate-key",
    "x-cache",
}
# Headers a 304 drops because they describe the body it does not carry.
BODY_HEADERS = {"content-type", "content-length", "content-encoding", "content-language"}

_ACCEPT_ENCODING = re.compile(r"\s*([^\s;,]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


@dataclass
class Entry:
    body: bytes
    headers: dict
    etag: str
    last_modified: int
    exact: bool
    # Seconds browsers may reuse the answer; None: "no-cache", revalidate every time.
    max_age: int | None
    tags: tuple = ()
    status: int = 200
    gzip: bytes | None = None
    # What the view keeps with a rendering for itself (a widget's allowed origins).
    extra: dict = field(default_factory=dict)

    @property
    def size(self):
        return len(self.body) + len(self.gzip or b"")

    def etag_for(self, gzipped):
        return f'"{self.etag}-gzip"' if gzipped else f'"{self.etag}"'


def configuration():
    """The settings a rendering depends on: a deployment that changes them gets new keys."""
    return (
        settings.RELEASE,
        settings.BASE_URL,
        settings.FEED_ITEMS,
        settings.FEED_ID_AUTHORITY,
        settings.FEED_ID_DATE,
        settings.FEED_CALENDAR_EVENTS,
        settings.WEBSUB_HUB_URL,
        # Entries keep how long browsers may reuse them.
        settings.FEED_MAX_AGE,
        settings.API_CACHE_MAX_AGE,
        settings.SITE_MAX_AGE,
    )


def make_key(namespace, *parts, version=None):
    version = version or freshness.current()
    described = "\n".join(str(part) for part in (*parts, configuration()))
    digest = hashlib.blake2b(described.encode(), digest_size=20).hexdigest()
    return f"out:{STORAGE_FORMAT}:{version.token}:{namespace}:{digest}"


def request_key(request, namespace, version=None):
    # The raw query string with its parameters sorted: a client that writes
    # the same query in another order shares the entry.
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    return make_key(
        namespace, request.scheme, request.get_host(), request.path, query, version=version
    )


class _ProcessCopies:
    """Entries this process used lately, so a warm hit does not fetch the bytes again.

    Keys hold the content version, so a copy is only ever used while it is current.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = cachetools.LRUCache(maxsize=max_bytes, getsizeof=lambda entry: entry.size)
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            return self.entries.get(key)

    def put(self, key, entry):
        if entry.size > self.max_bytes:
            return
        with self.lock:
            self.entries[key] = entry

    def clear(self):
        with self.lock:
            self.entries.clear()


process_copies = _ProcessCopies(PROCESS_COPIES_BYTES)


def timeout():
    """Seconds the shared cache keeps an entry (an old version's entries are unreachable
    at once; this only frees memory)."""
    return settings.RESPONSE_CACHE_TIMEOUT


def lookup(key):
    entry = process_copies.get(key)
    if entry is None:
        entry = cache.get(key)
        if isinstance(entry, Entry):
            process_copies.put(key, entry)
        else:
            entry = None
    return entry


def store(key, entry):
    cache.put(key, entry, timeout())
    process_copies.put(key, entry)


def make_entry(body, headers, version, *, max_age, tags=(), status=200, extra=None):
    return Entry(
        body=body,
        gzip=gzip.compress(body, compresslevel=6, mtime=0)
        if len(body) >= GZIP_MIN_LENGTH
        else None,
        headers=dict(headers),
        etag=hashlib.blake2b(body, digest_size=16).hexdigest(),
        last_modified=version.last_modified,
        exact=version.exact,
        max_age=max_age,
        tags=tuple(tags),
        status=status,
        extra=dict(extra or {}),
    )


def render_cached(namespace, origin, query, render, *, max_age, tags=()):
    """The entry for this output under the current content version, rendering it on a miss.

    ``render()`` returns the body (bytes) and its headers (Content-Type first
    of all), and optionally a dict the view keeps with the entry (``extra``),
    whose ``tags`` join ``tags``; it may raise, and then nothing is stored.
    The version is read before any content is: a change that lands while
    rendering leaves this rendering under the version before it, where no
    later request looks.
    """
    version = freshness.current()
    key = make_key(namespace, origin, query, version=version)
    entry = lookup(key)
    if entry is not None:
        return entry
    rendered = render()
    body, headers = rendered[:2]
    extra = dict(rendered[2]) if len(rendered) > 2 else {}
    tags = (*tags, *extra.pop("tags", ()))
    entry = make_entry(body, headers, version, max_age=max_age, tags=tags, extra=extra)
    store(key, entry)
    return entry


def rendered(render, *, max_age, tags=()):
    """What ``render_cached`` gives, rendered for this request alone and not stored
    (a variant too rare to keep)."""
    body, headers, *extra = render()
    extra = dict(extra[0]) if extra else {}
    tags = (*tags, *extra.pop("tags", ()))
    return make_entry(body, headers, freshness.current(), max_age=max_age, tags=tags, extra=extra)


def stored(namespace, origin, query):
    """The entry for this output under the current content version, or None."""
    return lookup(make_key(namespace, origin, query))


def accepts_gzip(request):
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if not header:
        return False
    weights = {}
    for part in header.split(","):
        match = _ACCEPT_ENCODING.fullmatch(part)
        if not match:
            continue
        try:
            weights[match.group(1).lower()] = float(match.group(2) or 1)
        except ValueError:
            continue
    if "gzip" in weights:
        return weights["gzip"] > 0
    return weights.get("*", 0) > 0


def cache_control(max_age, version=None):
    """Cache-Control for browsers: ``max_age`` seconds (None: revalidate every time)."""
    if max_age is None:
        return "public, no-cache"
    remaining = (version or freshness.current()).seconds_to_expiry()
    if remaining is not None:
        max_age = min(max_age, remaining)
    return f"public, max-age={max_age}"


def surrogate_control(version=None):
    """Surrogate-Control for the HTTP cache in front: until a purge, or the next expiry."""
    max_age = settings.FRONTEND_CACHE_MAX_AGE
    remaining = (version or freshness.current()).seconds_to_expiry()
    if remaining is not None:
        max_age = min(max_age, remaining)
    return f"max-age={max_age}"


def _validator(request, entry, gzipped):
    """The ETag to test the client's If-None-Match against.

    Both encodings of an entry are the same content: a client holding either
    one's ETag holds a current copy.
    """
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    named = {tag.removeprefix("W/") for tag in parse_etags(header)}
    other = entry.etag_for(not gzipped)
    return other if other in named else entry.etag_for(gzipped)


def respond(request, entry, *, headers=None, vary=("Accept-Encoding",), state=None):
    """The HTTP answer for ``entry``: a 304 when the client's copy is current."""
    version = freshness.current()
    gzipped = entry.gzip is not None and accepts_gzip(request)
    body = entry.gzip if gzipped else entry.body
    response = HttpResponse(body, status=entry.status)
    for name, value in entry.headers.items():
        response[name] = value
    response["Content-Length"] = str(len(body))
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = entry.etag_for(gzipped)
    response["Last-Modified"] = http_date(entry.last_modified)
    response["Cache-Control"] = cache_control(entry.max_age, version)
    response["Surrogate-Control"] = surrogate_control(version)
    response["Surrogate-Key"] = " ".join(dict.fromkeys((ALL, *entry.tags)))
    patch_vary_headers(response, vary)
    for name, value in (headers or {}).items():
        response[name] = value
    if state is not None:
        response["X-Cache"] = state
    # Django compares If-Modified-Since with <=: when the version's second
    # holds an earlier change, a date equal to it proves nothing.
    last_modified = entry.last_modified if entry.exact else entry.last_modified + 1
    answer = get_conditional_response(
        request,
        etag=_validator(request, entry, gzipped),
        last_modified=last_modified,
        response=response,
    )
    if answer is not response:
        # Keep what is not about the body: CORS, framing, surrogate headers.
        for name, value in response.items():
            if name.lower() not in BODY_HEADERS and name not in answer:
                answer[name] = value
    return answer


# Whole responses, for middleware ---------------------------------------------------


@dataclass(frozen=True)
class Public:
    """What a view says of a response that anyone may be given from the cache."""

    max_age: int | None
    tags: tuple = ()


def mark_public(response, *, max_age, tags=()):
    """Let the response cache keep ``response`` and give it to anyone, ``max_age``
    seconds for browsers; ``tags`` name what it shows, for purging."""
    response.response_cache = Public(max_age=max_age, tags=tuple(tags))
    return response


def _storable(response):
    policy = getattr(response, "response_cache", None)
    if policy is None or response.status_code != 200 or response.streaming:
        return None
    if response.cookies or "Cookie" in response.get("Vary", ""):
        # Made for one visitor.
        return None
    return policy


def entry_from_response(response, version, policy):
    headers = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT}
    # Every public output is the same whatever the Accept-Language (the
    # language is in the path or the query), though LocaleMiddleware says
    # otherwise for unprefixed paths; a cache in front must not split on it.
    if "Vary" in headers:
        kept = [
            name.strip()
            for name in headers.pop("Vary").split(",")
            if name.strip().lower() not in ("accept-language", "accept-encoding")
        ]
        if kept:
            headers["Vary"] = ", ".join(kept)
    return make_entry(
        response.content,
        headers,
        version,
        max_age=policy.max_age,
        tags=policy.tags,
        status=response.status_code,
    )


def serve(request, get_response, namespace):
    """The response for ``request`` from the cache, or from ``get_response`` (and kept,
    if marked public)."""
    request.response_cache_checked = True
    version = freshness.current()
    key = request_key(request, namespace, version)
    entry = lookup(key)
    if entry is not None:
        return respond(request, entry, state="HIT")
    response = get_response(request)
    policy = _storable(response)
    if policy is None:
        return response
    entry = entry_from_response(response, version, policy)
    # A view may leave a HEAD's body out; only a GET's is stored.
    if request.method == "GET":
        store(key, entry)
    return respond(request, entry, state="MISS")


class SiteCacheMiddleware:
    """The project site's public pages (and the sitemap) from the response cache.

    A page is stored only when its view marked it public (cms.models.SitePage
    does, for a live page without view restrictions, never for a preview); any
    GET or HEAD is looked up. It sits before sessions, locale, CSRF and
    authentication, which a stored public page does not need.
    """

    SKIPPED = ("/admin/", "/documents/")
    # The parameters the site's pages read (the news index, search, the
    # sitemap's page). A request with any other (a campaign's tag, a made-up
    # cache-buster) is answered without the cache: the same page under endless
    # keys would fill it.
    PARAMETERS = frozenset({"page", "tag", "work_package", "q", "p"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            # Wagtail's previews run the middleware with a made-up request for
            # the page's own URL: a draft must not be answered with the page.
            or getattr(request, "is_dummy", False)
            or getattr(request, "response_cache_checked", False)
            or request.path.startswith(self.SKIPPED)
            or request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
            or not self.PARAMETERS.issuperset(request.GET)
        ):
            return self.get_response(request)
        return serve(request, self.get_response, "site")
