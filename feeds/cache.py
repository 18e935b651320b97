"""Rendered feeds in the shared cache, and the HTTP answers made from them.

A rendering is stored under a key that holds cms.publication.content_version(),
so any change to public content, in any process, makes every stored feed
unreachable: nothing is deleted, nothing can be stale. The key also holds the
format, the origin the feed was fetched from (its self link is absolute) and
the canonical query string.

A stored rendering carries everything a response needs: the bytes, a gzip
copy, the ETag and Last-Modified. A request that finds it costs no database
query and one or two cache reads (the version; the rendering unless this
process served it lately and still holds a copy); a conditional request that
matches it gets a 304 without anything being rendered.

Last-Modified is the second in which the current content version was first
rendered, recorded in the cache next to the version so that every process
gives the same date. Any date derived from the entries would be wrong for
If-Modified-Since when an item is unpublished (the newest remaining date goes
back in time). When two versions fall in the same second, the newer one
refuses If-Modified-Since for that very second, so a change is never hidden
behind a date it shares with the version before it.
"""

import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from cms.publication import content_version

# Part of every key: a change to how renderings are stored invalidates them.
STORAGE_FORMAT = 1
# Old versions' renderings are unreachable at once; this only frees memory.
RENDERING_TIMEOUT = 24 * 60 * 60
STAMP_LATEST_KEY = "feeds:stamp:latest"
GZIP_MIN_LENGTH = 200
# Per process; a feed with its gzip copy is some 100 kB.
PROCESS_COPIES_BYTES = 32 * 1024 * 1024

_ACCEPT_ENCODING = re.compile(r"\s*([^\s;,]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def rendering_key(kind, origin, query, version=None):
    version = version or content_version()
    # The settings a rendering depends on: a deployment that changes them
    # must not be answered with renderings made under the old ones.
    configuration = (
        settings.FEED_ITEMS,
        settings.FEED_MAX_AGE,
        settings.WEBSUB_HUB_URL,
        settings.BASE_URL,
        settings.FEED_ID_AUTHORITY,
    )
    digest = hashlib.sha256(f"{kind}\n{origin}\n{query}\n{configuration}".encode())
    return f"feeds:r{STORAGE_FORMAT}:{version}:{digest.hexdigest()[:32]}"


def _seconds():
    return int(time.time())


def _version_stamp(version):
    """(Last-Modified in seconds, whether If-Modified-Since equal to it proves freshness)."""
    key = f"feeds:stamp:{version}"
    stamp = cache.get(key)
    if stamp is not None:
        return stamp
    now = _seconds()
    latest = cache.get(STAMP_LATEST_KEY) or 0
    stamp = (latest, False) if latest >= now else (now, True)
    cache.add(key, stamp, timeout=RENDERING_TIMEOUT)
    stamp = cache.get(key) or stamp
    if stamp[0] > latest:
        cache.set(STAMP_LATEST_KEY, stamp[0], timeout=None)
    return stamp


class _ProcessCopies:
    """Renderings this process served lately, so a warm hit skips fetching the bytes.

    Keys hold the content version, which is still read from the shared cache
    on every request: a copy here is only ever used while it is current.
    Bounded by the bytes it holds; the least recently used go first.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.items = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def _bytes(rendering):
        return len(rendering["body"]) + len(rendering["gzip"] or b"")

    def get(self, key):
        with self.lock:
            rendering = self.items.get(key)
            if rendering is not None:
                self.items.move_to_end(key)
            return rendering

    def put(self, key, rendering):
        size = self._bytes(rendering)
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = rendering
            self.size += size
            while self.size > self.max_bytes:
                _key, old = self.items.popitem(last=False)
                self.size -= self._bytes(old)

    def clear(self):
        with self.lock:
            self.items.clear()
            self.size = 0


process_copies = _ProcessCopies(max_bytes=PROCESS_COPIES_BYTES)


def _current(rendering):
    """The rendering, unless an item it shows has reached its expiry time since."""
    if rendering is None:
        return None
    fresh_until = rendering["fresh_until"]
    if fresh_until is not None and timezone.now().timestamp() >= fresh_until:
        return None
    return rendering


def _lookup(key):
    rendering = process_copies.get(key)
    if rendering is None:
        rendering = cache.get(key)
        if rendering is not None:
            process_copies.put(key, rendering)
    return _current(rendering)


def stored(kind, origin, query):
    """The rendering of this feed for the current content version, or None."""
    return _lookup(rendering_key(kind, origin, query))


def render_cached(kind, origin, query, render):
    """The stored rendering for this feed, rendering it with ``render()`` on a miss.

    ``render`` returns the body (bytes), the headers that describe it
    (Content-Type, Content-Language, Link) and the moment (an aware datetime,
    or None) the first item it shows expires; it may raise, and then nothing
    is stored. The version is read before any content is: a change that lands
    while rendering leaves this rendering under the version before it, where
    no later request looks.

    Expiry is the one change that needs no event: a page stops being public
    when its expire_at passes, and publish_scheduled only journals that up to
    a minute later. A rendering is therefore current until the content
    version changes or one of its items expires, whichever comes first.
    """
    version = content_version()
    key = rendering_key(kind, origin, query, version)
    rendering = _lookup(key)
    if rendering is not None:
        return rendering
    body, headers, expires_at = render()
    last_modified, exact = _version_stamp(version)
    rendering = {
        "body": body,
        "gzip": gzip.compress(body, compresslevel=6, mtime=0)
        if len(body) >= GZIP_MIN_LENGTH
        else None,
        "etag": hashlib.sha256(body).hexdigest()[:32],
        "last_modified": last_modified,
        "exact": exact,
        "headers": dict(headers),
        "fresh_until": expires_at.timestamp() if expires_at is not None else None,
    }
    cache.set(key, rendering, timeout=RENDERING_TIMEOUT)
    process_copies.put(key, rendering)
    return rendering


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


def _etag(rendering, gzipped):
    return f'"{rendering["etag"]}-gzip"' if gzipped else f'"{rendering["etag"]}"'


def _etag_matches(header, rendering):
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        candidate = candidate.strip('"')
        if candidate.endswith("-gzip"):
            candidate = candidate[: -len("-gzip")]
        if candidate == rendering["etag"]:
            return True
    return False


def is_not_modified(request, rendering):
    """Whether the client's validators match the rendering (RFC 9110, section 13.2.2)."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return _etag_matches(if_none_match, rendering)
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is None:
        return False
    modified = rendering["last_modified"]
    return modified < since or (modified == since and rendering["exact"])


def _common_headers(response, rendering, gzipped):
    response["ETag"] = _etag(rendering, gzipped)
    response["Last-Modified"] = http_date(rendering["last_modified"])
    max_age = settings.FEED_MAX_AGE
    if rendering["fresh_until"] is not None:
        # Nobody should keep an item past its expiry on our word.
        remaining = int(rendering["fresh_until"] - timezone.now().timestamp())
        max_age = max(0, min(max_age, remaining))
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Accept-Encoding"
    # Feeds are public documents; partner portals read them from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    for name, value in rendering["headers"].items():
        if name != "Content-Type":
            response[name] = value


def respond(request, rendering):
    gzipped = rendering["gzip"] is not None and accepts_gzip(request)
    if is_not_modified(request, rendering):
        response = HttpResponseNotModified()
        _common_headers(response, rendering, gzipped)
        return response
    body = rendering["gzip"] if gzipped else rendering["body"]
    response = HttpResponse(body, content_type=rendering["headers"]["Content-Type"])
    response["Content-Length"] = str(len(body))
    if gzipped:
        response["Content-Encoding"] = "gzip"
    _common_headers(response, rendering, gzipped)
    return response
