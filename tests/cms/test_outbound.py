"""The one way this site calls other servers (cms.outbound), against real servers on
127.0.0.1: what only a socket shows (a refused connection, an answer trickled a byte
at a time) and the limits every outbound request keeps."""

import contextlib
import http.server
import threading
import time

import pytest

from cms import outbound


class Server:
    """A server on 127.0.0.1 that answers each POST with ``answer(handler)``."""

    def __init__(self, answer):
        self.released = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                # OSError: the client gave up and closed the connection.
                with contextlib.suppress(OSError):
                    answer(self, server)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    # These servers are on 127.0.0.1, where outbound requests may go only when
    # allowed (the guard itself: test_outbound_guard.py).
    settings.OUTBOUND_ALLOW_PRIVATE = True


@pytest.fixture
def serve():
    servers = []

    def start(answer):
        servers.append(Server(answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def send(url, timeout=2.0, **kwargs):
    return outbound.post(url, content=b"{}", headers={}, timeout=timeout, **kwargs)


def test_an_answer_comes_back_with_its_status_and_no_more_than_the_bytes_asked_for(serve):
    def answer(handler, server):
        body = b"x" * 10_000
        handler.send_response(202)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    result = send(serve(answer).url, max_response_bytes=300)
    assert (result.status, len(result.body)) == (202, 300)


def test_a_redirect_is_answered_not_followed(serve):
    def answer(handler, server):
        handler.send_response(307)
        handler.send_header("Location", "http://127.0.0.1:9/elsewhere")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    result = send(serve(answer).url)
    assert (result.status, result.headers["Location"]) == (307, "http://127.0.0.1:9/elsewhere")


def test_a_refused_connection_says_so(closed_port):
    with pytest.raises(outbound.OutboundError, match=r"(?i)refused") as raised:
        send(f"http://127.0.0.1:{closed_port}/hook")
    assert not raised.value.timed_out


def test_an_answer_trickled_a_byte_at_a_time_is_cut_at_the_time_limit(serve):
    # Each byte comes well within the time limit; the answer as a whole does not.
    def answer(handler, server):
        for byte in f"HTTP/1.1 200 OK\r\nX-Padding: {'x' * 200}\r\n\r\n".encode():
            if server.released.is_set():
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)

    started = time.monotonic()
    with pytest.raises(outbound.OutboundError, match=r"No answer within 0\.5 s\.") as raised:
        send(serve(answer).url, timeout=0.5)
    assert raised.value.timed_out
    assert time.monotonic() - started < 3


def test_a_server_that_never_answers_times_out(serve):
    def answer(handler, server):
        server.released.wait(10)

    with pytest.raises(outbound.OutboundError, match=r"No answer within 0\.3 s\."):
        send(serve(answer).url, timeout=0.3)


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/hook", "file:///etc/passwd", "http:///hook", "http://127.0.0.1:x/"]
)
def test_only_http_urls_with_a_host_are_called(url):
    with pytest.raises(outbound.OutboundError):
        send(url)
