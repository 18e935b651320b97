"""Requests this site makes to other servers: webhooks to partner portals, pings to a
WebSub hub, purges of the HTTP cache in front (Varnish).

Every outbound request goes through ``request()`` (``post()`` for the POSTs), so
that what such a request may do is decided in one place:

- only http(s) URLs with a host;
- only to public addresses: the host is resolved when the connection is made,
  every address it has is checked (``refusal``), and the connection goes to
  the address that was checked, so a name cannot resolve to a public address
  for the check and to an internal one for the connection (DNS rebinding).
  The Host header and TLS's server name stay the URL's. A webhook URL is
  typed by a partner: without this, it could make the site call its own
  database, a cloud's metadata service or anything else on its network, and
  read the answer back in the delivery log. ``OUTBOUND_ALLOW_PRIVATE`` lifts
  the rule (local development, where the demo receiver is on 127.0.0.1);
- no redirects followed: a POST would have to be replayed elsewhere, and a
  partner, hub or cache should be configured with its final URL;
- a time limit on the whole exchange, not only on each wait: httpx's
  timeouts bound every connect and read, so a server that answers a byte at
  a time would hold the caller for as long as it likes. A timer shuts the
  connection's socket down when the exchange's time is up;
- at most ``max_response_bytes`` of the answer read, whatever the server sends;
- one connection per request, never kept for another.

Tests hand in their own transport (``using(httpx.MockTransport(...))``) and so
test the callers' logic without a socket, and their own resolver
(``resolving(...)``) to test which addresses are refused; a few tests keep real
servers on 127.0.0.1 for what only a socket shows (a refused connection, a
trickled answer, a refused loopback address).
"""

import contextlib
import ipaddress
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

import httpcore
import httpx

# What callers keep of an answer: a status and an excerpt for a log.
DEFAULT_RESPONSE_BYTES = 4096
DEFAULT_PORTS = {"http": 80, "https": 443}

_transport = None
_resolver = None


@contextlib.contextmanager
def using(transport):
    """Send every outbound request through ``transport`` (an httpx transport) in the block."""
    global _transport
    previous, _transport = _transport, transport
    try:
        yield transport
    finally:
        _transport = previous


@contextlib.contextmanager
def resolving(resolver):
    """Resolve host names with ``resolver(host, port)`` (ipaddress objects) in the block."""
    global _resolver
    previous, _resolver = _resolver, resolver
    try:
        yield resolver
    finally:
        _resolver = previous


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx.Headers
    # The start of the body, at most max_response_bytes long.
    body: bytes
    # The address the answer came from (an ipaddress object), if a socket said.
    address: object = None

    @property
    def from_public_address(self):
        return self.address is not None and refusal(self.address) is None


class OutboundError(Exception):
    """No answer: the URL is unusable, the server unreachable, or the time ran out."""

    def __init__(self, reason, timed_out=False):
        super().__init__(reason)
        self.reason = reason
        self.timed_out = timed_out


class AddressRefused(OutboundError):
    """The URL's host is, or resolves to, an address outbound requests may not go to."""


# Checks in this order, so the reason names the most telling one.
_REFUSED = (
    ("is_unspecified", "an unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
)


def refusal(address):
    """Why an outbound request may not go to ``address`` (an ipaddress object), or None.

    An IPv4 address written as IPv6 (``::ffff:a.b.c.d``) is judged as the
    IPv4 address it reaches. Anything else not globally routable (shared
    address space, documentation ranges, ...) is refused too.
    """
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    for attribute, name in _REFUSED:
        if getattr(address, attribute):
            return name
    if not address.is_global:
        return "not a public address"
    return None


def _system_resolver(host, port):
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise OutboundError(f"{host} cannot be resolved: {error}") from error
    # The scope of a link-local IPv6 address (fe80::1%eth0) is not part of it.
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]


def addresses_of(host, port):
    """The addresses ``host`` resolves to (an IP literal is its own), in the resolver's order."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    addresses = list((_resolver or _system_resolver)(host, port))
    if not addresses:
        raise OutboundError(f"{host} has no address")
    return addresses


def private_allowed():
    return bool(settings.OUTBOUND_ALLOW_PRIVATE)


def checked_addresses(host, port, guarded=True):
    """The addresses to connect to for ``host``, if (when ``guarded``) none is refused."""
    addresses = addresses_of(host, port)
    if guarded:
        for address in addresses:
            reason = refusal(address)
            if reason is not None:
                named = "" if str(address) == host.strip("[]") else f" ({host})"
                raise AddressRefused(
                    f"{address}{named} is {reason}; requests go to public addresses only"
                )
    return addresses


def check_destination(url):
    """OutboundError if ``url`` is no URL an outbound request may go to, as far as can
    be told now (for validating a URL when it is entered).

    A host name that cannot be resolved now is let through: it may be set up
    later, and the sender resolves and checks it again at every connection.
    """
    check_url(url)
    parts = urlsplit(url)
    if private_allowed():
        return url
    try:
        checked_addresses(parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme])
    except AddressRefused:
        raise
    except OutboundError:
        pass
    return url


class _GuardedNetwork(httpcore.NetworkBackend):
    """httpcore's sockets, connected to the checked addresses of the host asked for.

    The host is resolved once, here; the socket goes to an address that was
    checked (the next one if it refuses), never to whatever a second lookup
    would say. httpcore keeps the URL's host name for TLS (the server name
    and the certificate check) and the Host header.
    """

    def __init__(self, guarded):
        self._sockets = httpcore.SyncBackend()
        self._guarded = guarded

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        failure = None
        for address in checked_addresses(host, port, self._guarded):
            try:
                return self._sockets.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as error:
                failure = error
        raise failure

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise OutboundError("Unix sockets are not for outbound requests")

    def sleep(self, seconds):
        self._sockets.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, guarded):
        super().__init__(retries=0)
        # httpx offers no way to hand its connection pool a network backend;
        # the pool it made is replaced by one of the same settings with ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            retries=0,
            network_backend=_GuardedNetwork(guarded),
        )


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
    method,
    url,
    *,
    headers,
    timeout,
    content=b"",
    max_response_bytes=DEFAULT_RESPONSE_BYTES,
    any_address=False,
):
    """Send a ``method`` request to ``url``: the Answer (any status), or OutboundError.

    ``timeout`` (seconds) bounds the whole exchange: connecting, sending and
    reading the answer. ``any_address`` lets the request go to a private
    address: only for a URL the operator configured, never one a user typed.
    """
    check_url(url)
    deadline = _Deadline(timeout)
    guarded = not (any_address or private_allowed())
    address = None
    if _transport is not None and guarded:
        # A test's transport has no sockets to guard: the same check, made here.
        parts = urlsplit(url)
        address = checked_addresses(parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme])[0]
    client = httpx.Client(
        transport=_transport or _GuardedTransport(guarded),
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
                address = _peer_address(response) or address
                body = _read_at_most(response, max_response_bytes)
            finally:
                response.close()
    except OutboundError:
        raise
    except httpx.TimeoutException as error:
        raise OutboundError(f"No answer within {timeout:g} s.", timed_out=True) from error
    except (httpx.HTTPError, OSError, ValueError) as error:
        if deadline.expired:
            raise OutboundError(f"No answer within {timeout:g} s.", timed_out=True) from error
        raise OutboundError(str(error) or type(error).__name__) from error
    return Answer(status=response.status_code, headers=response.headers, body=body, address=address)


def _peer_address(response):
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return None
    try:
        return ipaddress.ip_address(peer[0].split("%")[0])
    except ValueError:
        return None


def _read_at_most(response, limit):
    received = bytearray()
    for chunk in response.iter_bytes():
        received += chunk
        if len(received) >= limit:
            break
    return bytes(received[:limit])
