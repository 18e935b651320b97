"""Helpers for the partner tests: partners' webhook receivers and portals that post to them.

Most webhook tests talk to a receiver that is an httpx transport handed to
cms.outbound (``receiver``): the sender's logic runs as it does in production,
without a socket or a thread. A few keep a real server on 127.0.0.1
(``socket_receiver``) for what only a socket shows.
"""

import http.server
import json
import threading
import time

import httpx
import pytest

from cms import outbound
from partners import outbox
from tests.factories import PartnerPortalFactory


class FakeReceiver:
    """A partner's webhook receiver as an httpx transport: records each request, answers
    as told. ``fail_first(n)`` answers 500 to the next n requests; ``answer_with`` queues
    statuses or transport errors (a timeout, a refused connection) for the next ones."""

    # Loopback, and a port where nothing listens: nothing goes out even if the
    # transport were not in place.
    url = "http://127.0.0.1:9/webhooks/baltmet"

    def __init__(self):
        self.requests = []
        self.answers = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request):
        self.requests.append(
            {
                "path": request.url.raw_path.decode(),
                "headers": dict(request.headers),
                "body": request.read(),
            }
        )
        answer = self.answers.pop(0) if self.answers else 204
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer, content=b"" if answer == 204 else f"answer {answer}".encode())

    def fail_first(self, count, status=500):
        self.answers = [status] * count

    def answer_with(self, *answers):
        self.answers = list(answers)

    def messages(self):
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def receiver(webhook_settings):
    fake = FakeReceiver()
    with outbound.using(fake.transport):
        yield fake


class Receiver:
    """A partner portal's webhook endpoint on 127.0.0.1.

    Records every request (headers and the raw body, as a partner would verify
    them) as it arrives, then answers as told: ``fail_first(n)`` answers 500 to
    the next n requests; ``hold()`` keeps each request waiting, unanswered,
    until ``release()``; ``trickle()`` sends its answer a byte at a time.
    """

    def __init__(self):
        self.requests = []
        self.statuses = []
        self.gate = None
        self.trickling = False
        self.arrived = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.arrived:
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                    status = receiver.statuses.pop(0) if receiver.statuses else 204
                    gate = receiver.gate
                    receiver.arrived.notify_all()
                if gate is not None:
                    gate.wait(30)
                try:
                    if receiver.trickling:
                        self.trickle_answer(status)
                    else:
                        self.answer(status)
                except OSError:
                    pass  # the sender gave up waiting and closed the connection

            def answer(self, status):
                text = b"" if status == 204 else f"answer {status}".encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(text)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(text)

            def trickle_answer(self, status):
                head = f"HTTP/1.1 {status} OK\r\nX-Padding: {'x' * 200}\r\n\r\n".encode()
                for byte in head:
                    if receiver.gate is not None and receiver.gate.is_set():
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/baltmet"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def fail_first(self, count, status=500):
        self.statuses = [status] * count

    def hold(self):
        """Keep requests waiting until release(); returns the gate."""
        self.gate = threading.Event()
        return self.gate

    def trickle(self):
        """Answer a byte every 50 ms (some 10 s in all) until release()."""
        self.trickling = True
        self.gate = threading.Event()

    def release(self):
        if self.gate is not None:
            self.gate.set()

    def wait_for(self, count, timeout=30):
        """Wait until ``count`` requests have arrived; the requests."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)
        return list(self.requests)

    def messages(self):
        return [json.loads(request["body"]) for request in self.requests]

    def close(self):
        self.release()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook_settings(settings):
    # A short timeout keeps tests of unresponsive receivers short; the retry
    # schedule stays the production one (tests move the clock instead).
    settings.WEBHOOK_TIMEOUT = 2
    # The receivers listen on (or are named) 127.0.0.1, which the guard on
    # outbound requests refuses otherwise (tests/cms/test_outbound_guard.py).
    settings.OUTBOUND_ALLOW_PRIVATE = True
    yield settings
    outbox.wait_for_deliveries(timeout=30)


@pytest.fixture
def socket_receiver(webhook_settings):
    server = Receiver()
    yield server
    # Whatever a test left held or in flight finishes before the server (and
    # the test database) goes away.
    server.release()
    outbox.wait_for_deliveries(timeout=30)
    server.close()


@pytest.fixture
def make_portal(site_tree, webhook_settings):
    """Partner portals (the registry's rows) for the webhook tests."""

    def make(url, **kwargs):
        return PartnerPortalFactory(webhook_url=url, **kwargs)

    yield make
    outbox.wait_for_deliveries(timeout=30)


@pytest.fixture
def portal(make_portal, receiver):
    """One active portal, no filters, posting to the test's receiver."""
    return make_portal(receiver.url, name="Riga city portal", slug="riga")
