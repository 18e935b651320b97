"""Requests this site makes to other servers: webhooks to partner portals, pings to a
WebSub hub, purges of the HTTP cache in front (Varnish).

Every outbound request goes through ``request()`` (``post()`` for the POSTs), so
that what such a request may do is decided in one place:

- only http(s) URLs with a host;
- no redirects followed: a POST would have to be replayed elsewhere, and a
  partner, hub or cache should be configured with its final URL;
- a time limit on the whole exchange, not only on each wait: httpx's
  timeouts bound every connect and read, so a server that answers a byte at
  a time would hold the caller for as long as it likes. A timer shuts the
  connection's socket down when the exchange's time is up;
- at most ``max_response_bytes`` of the answer read, whatever the server sends;
- one connection per request, never kept for another.

Tests hand in their own transport (``using(httpx.MockTransport(...))``) and so
test the callers' logic without a socket; a few tests keep real servers on
127.0.0.1 for what only a socket shows (a refused connection, a trickled answer).
"""

import contextlib
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

# What callers keep of an answer: a status and an excerpt for a log.
DEFAULT_RESPONSE_BYTES = 4096

_transport = None


@contextlib.contextmanager
def using(transport):
    """Send every outbound request through ``transport`` (an httpx transport) in the block."""
    global _transport
    previous, _transport = _transport, transport
    try:
        yield transport
    finally:
        _transport = previous


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx.Headers
    # The start of the body, at most max_response_bytes long.
    body: bytes


class OutboundError(Exception):
    """No answer: the URL is unusable, the server unreachable, or the time ran out."""

    def __init__(self, reason, timed_out=False):
        super().__init__(reason)
        self.reason = reason
        self.timed_out = timed_out


class _Deadline:
    """Shuts down the request's socket when the exchange's time is up.

    httpx reports the socket it connects through its ``trace`` extension; a
    socket shut down from this timer's thread wakes the read waiting on it.
    """

    def __init__(self, seconds):
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def trace(self, event, info):
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            self._shut(sock)

    def _expire(self):
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()


def check_url(url):
    """The URL if an outbound request may go to it; OutboundError saying why not."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as error:
        raise OutboundError(f"not a URL: {url!r}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundError(f"must be an http(s) URL, not {url!r}")
    return url


def post(url, *, content, headers, timeout, max_response_bytes=DEFAULT_RESPONSE_BYTES):
    """POST ``content`` to ``url``: the Answer (any status), or OutboundError."""
    return request(
        "POST",
        url,
        content=content,
        headers=headers,
        timeout=timeout,
        max_response_bytes=max_response_bytes,
    )


def request(
    method, url, *, headers, timeout, content=b"", max_response_bytes=DEFAULT_RESPONSE_BYTES
):
    """Send a ``method`` request to ``url``: the Answer (any status), or OutboundError.

    ``timeout`` (seconds) bounds the whole exchange: connecting, sending and
    reading the answer.
    """
    check_url(url)
    deadline = _Deadline(timeout)
    client = httpx.Client(
        transport=_transport or httpx.HTTPTransport(retries=0),
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
    )
    try:
        with deadline, client:
            outgoing = client.build_request(
                method,
                url,
                content=content,
                headers=headers,
                extensions={"trace": deadline.trace},
            )
            response = client.send(outgoing, stream=True)
            try:
                body = _read_at_most(response, max_response_bytes)
            finally:
                response.close()
    except httpx.TimeoutException as error:
        raise OutboundError(f"No answer within {timeout:g} s.", timed_out=True) from error
    except (httpx.HTTPError, OSError, ValueError) as error:
        if deadline.expired:
            raise OutboundError(f"No answer within {timeout:g} s.", timed_out=True) from error
        raise OutboundError(str(error) or type(error).__name__) from error
    return Answer(status=response.status_code, headers=response.headers, body=body)


def _read_at_most(response, limit):
    received = bytearray()
    for chunk in response.iter_bytes():
        received += chunk
        if len(received) >= limit:
            break
    return bytes(received[:limit])
