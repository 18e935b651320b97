"""Outbound requests go to public addresses only (cms.outbound).

No test here sends anything beyond 127.0.0.1 and ::1. Other ranges are
tested on the classifier with addresses built from numbers, or through an
injected resolver that returns such addresses (and a refused address is never
connected to); the refusal end to end with loopback names and addresses.
"""

import http.server
import ipaddress
import threading

import httpx
import pytest

from cms import outbound


def v4(*octets):
    """An IPv4 address from its four numbers (no address is written out here)."""
    value = 0
    for octet in octets:
        value = (value << 8) + octet
    return ipaddress.IPv4Address(value)


def v6(*groups, tail=0):
    """An IPv6 address from its leading 16-bit groups and a value for the low bits."""
    value = 0
    for group in groups:
        value = (value << 16) + group
    return ipaddress.IPv6Address((value << (16 * (8 - len(groups)))) + tail)


def mapped(address):
    """The IPv6 form (::ffff:a.b.c.d) of an IPv4 address."""
    return ipaddress.IPv6Address((0xFFFF << 32) + int(address))


PUBLIC_V4 = v4(8, 8, 4, 4)
PUBLIC_V6 = v6(0x2A00, 0x1450, tail=0x200E)

REFUSED = {
    "loopback": v4(127, 0, 0, 1),
    "the rest of 127/8": v4(127, 1, 2, 3),
    "private 10/8": v4(10, 0, 0, 1),
    "private 172.16/12": v4(172, 16, 0, 1),
    "private 192.168/16": v4(192, 168, 1, 1),
    "cloud metadata (link-local)": v4(169, 254, 169, 254),
    "unspecified": v4(0, 0, 0, 0),
    "this network": v4(0, 1, 2, 3),
    "multicast": v4(224, 0, 0, 1),
    "reserved": v4(240, 0, 0, 1),
    "broadcast": v4(255, 255, 255, 255),
    "shared address space": v4(100, 64, 0, 1),
    "IPv6 loopback": ipaddress.IPv6Address(1),
    "IPv6 unspecified": ipaddress.IPv6Address(0),
    "IPv6 link-local": v6(0xFE80, tail=1),
    "IPv6 unique local": v6(0xFC00, tail=1),
    "IPv6 multicast": v6(0xFF02, tail=1),
    "IPv6 documentation": v6(0x2001, 0x0DB8, tail=1),
    "IPv4-mapped loopback": mapped(v4(127, 0, 0, 1)),
    "IPv4-mapped private": mapped(v4(10, 0, 0, 1)),
    "IPv4-mapped metadata": mapped(v4(169, 254, 169, 254)),
}


@pytest.mark.parametrize("address", REFUSED.values(), ids=REFUSED.keys())
def test_addresses_that_are_not_public_are_refused(address):
    assert outbound.refusal(address) is not None


@pytest.mark.parametrize(
    "address", [PUBLIC_V4, PUBLIC_V6, mapped(PUBLIC_V4)], ids=["IPv4", "IPv6", "IPv4-mapped"]
)
def test_public_addresses_are_allowed(address):
    assert outbound.refusal(address) is None


def test_the_reason_names_the_kind_of_address():
    assert outbound.refusal(REFUSED["cloud metadata (link-local)"]) == "a link-local address"
    assert outbound.refusal(REFUSED["IPv4-mapped private"]) == "a private address"
    assert outbound.refusal(REFUSED["shared address space"]) == "not a public address"


class Listener:
    """A server on 127.0.0.1 that counts requests and names the Host each one asked for."""

    def __init__(self):
        self.hosts = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                listener.hosts.append(self.headers.get("Host"))
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_port
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def guarded(settings):
    settings.OUTBOUND_ALLOW_PRIVATE = False


def send(url):
    return outbound.post(url, content=b"{}", headers={}, timeout=2)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]"])
def test_a_loopback_receiver_is_never_called(guarded, listener, host):
    with pytest.raises(outbound.AddressRefused, match="public addresses only"):
        send(f"http://{host}:{listener.port}/hook")
    assert listener.hosts == []


def resolver_of(*addresses, calls=None):
    def resolve(host, port):
        if calls is not None:
            calls.append(host)
        return list(addresses)

    return resolve


@pytest.mark.parametrize("address", REFUSED.values(), ids=REFUSED.keys())
def test_a_name_that_resolves_to_an_internal_address_is_refused_before_connecting(guarded, address):
    with (
        outbound.resolving(resolver_of(address)),
        pytest.raises(outbound.AddressRefused, match=r"\(intranet\.test\)"),
    ):
        send("http://intranet.test/hook")


def test_one_internal_address_among_public_ones_is_enough_to_refuse(guarded):
    with (
        outbound.resolving(resolver_of(PUBLIC_V4, REFUSED["private 10/8"])),
        pytest.raises(outbound.AddressRefused),
    ):
        send("http://mixed.test/hook")


def test_the_connection_goes_to_the_address_resolved_once_with_the_host_name_kept(
    settings, listener
):
    # Allowed here, so that the checked address may be the loopback listener.
    settings.OUTBOUND_ALLOW_PRIVATE = True
    calls = []
    with outbound.resolving(resolver_of(ipaddress.IPv4Address("127.0.0.1"), calls=calls)):
        answer = send(f"http://receiver.test:{listener.port}/hook")
    assert answer.status == 204
    assert calls == ["receiver.test"]
    assert listener.hosts == [f"receiver.test:{listener.port}"]
    assert str(answer.address) == "127.0.0.1"
    assert not answer.from_public_address


def test_an_injected_transport_is_guarded_too(guarded):
    sent = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(204))
    with outbound.using(transport), pytest.raises(outbound.AddressRefused):
        send("http://127.0.0.1:9/hook")
    assert sent == []


def test_an_answer_from_a_public_address_says_so(guarded):
    transport = httpx.MockTransport(lambda request: httpx.Response(204))
    with outbound.using(transport), outbound.resolving(resolver_of(PUBLIC_V4)):
        answer = send("https://receiver.test/hook")
    assert answer.from_public_address


def test_the_setting_lifts_the_guard(settings, listener):
    settings.OUTBOUND_ALLOW_PRIVATE = True
    assert send(f"http://127.0.0.1:{listener.port}/hook").status == 204


def test_an_operator_configured_request_may_go_to_a_private_address(guarded, listener):
    answer = outbound.request(
        "BAN", f"http://127.0.0.1:{listener.port}/", headers={}, timeout=2, any_address=True
    )
    assert answer.status == 501  # the listener knows no BAN; what matters is it was reached


class TestCheckingAURLWhenEntered:
    @pytest.mark.parametrize(
        "url", ["http://127.0.0.1/hook", "https://localhost/hook", "http://[::1]:8080/hook"]
    )
    def test_loopback_urls_are_refused(self, guarded, url):
        with pytest.raises(outbound.AddressRefused):
            outbound.check_destination(url)

    def test_a_name_of_an_internal_address_is_refused(self, guarded):
        with (
            outbound.resolving(resolver_of(REFUSED["cloud metadata (link-local)"])),
            pytest.raises(outbound.AddressRefused, match="link-local"),
        ):
            outbound.check_destination("http://metadata.test/latest/")

    def test_a_public_name_is_accepted(self, guarded):
        with outbound.resolving(resolver_of(PUBLIC_V4, PUBLIC_V6)):
            assert outbound.check_destination("https://hooks.test/baltmet")

    def test_a_name_that_does_not_resolve_yet_is_accepted(self, guarded):
        def unknown(host, port):
            raise outbound.OutboundError(f"{host} cannot be resolved")

        with outbound.resolving(unknown):
            assert outbound.check_destination("https://not-yet.test/hook")
