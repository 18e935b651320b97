"""The embedded default across processes: a server and a scheduler-like process on one SQLite file.

As ``make run`` runs them: gunicorn (two workers, each with its own
local-memory cache, no Redis) and another process that publishes, unpublishes
and expires content with the project's own code and runs the scheduler's
commands. Every output of the server shows each change within 2 s; an expiry
needs no command at all. The database is a copy of the test database, in WAL
mode, in a temporary folder.
"""

import http.server
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time

from django.db import connection, connections

import pytest

from tests.services import ROOT, AppServer, get, stop, wait_until

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default runs on SQLite"),
    # The test database must exist: it is copied for the processes.
    pytest.mark.django_db,
]

OUTPUTS = [
    "/news/",
    "/feeds/news.atom",
    "/feeds/news.rss",
    "/api/v1/news/",
    "/embed/news.json?portal=riga",
]
FRESH_WITHIN = 2


class Publisher:
    """tests/publisher.py in a process of its own, on the server's database."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.publisher"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert json.loads(self.process.stdout.readline()) == {"ready": True}

    def __call__(self, *command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer["ok"]

    def close(self):
        self.process.stdin.close()
        stop(self.process)


class Site:
    def __init__(self, database):
        self.database = database
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            "CONTENT_VERSION_TTL": "0.5",
            # The webhook receiver listens on 127.0.0.1.
            "OUTBOUND_ALLOW_PRIVATE": "1",
        }
        self.env.pop("REDIS_URL", None)
        self.server = self.publisher = None

    def start(self):
        # Two workers, each with its own local-memory cache, as gunicorn runs by default.
        self.server = AppServer(self.env, workers=2)
        self.publisher = Publisher(self.env)
        self.server.wait()

    def shows(self, text):
        """For each output, whether it shows ``text``."""
        shown = []
        for path in OUTPUTS:
            status, _headers, body = get(self.server.url + path)
            assert status == 200, (path, status, body[:300])
            shown.append(text in body.decode())
        return shown

    def close(self):
        if self.publisher is not None:
            self.publisher.close()
        if self.server is not None:
            self.server.close()


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    database = tmp_path_factory.mktemp("embedded") / "db.sqlite3"
    with django_db_blocker.unblock():
        test_database = connections["default"]
        test_database.ensure_connection()
        copy = sqlite3.connect(database)
        test_database.connection.backup(copy)
        copy.close()
    site = Site(database)
    try:
        site.start()
        site.publisher("setup")
        yield site
    finally:
        site.close()


def measured(label, seconds):
    print(f"\n{label}: every output fresh after {seconds:.3f} s")
    return seconds


def test_the_database_runs_in_wal_mode(site):
    with sqlite3.connect(site.database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_scheduled_publish_reaches_every_output_of_the_server(site):
    site.publisher("schedule", "Conference in Tallinn", 3600)
    assert site.shows("Conference in Tallinn") == [False] * len(OUTPUTS)
    site.publisher("due", "Conference in Tallinn")
    site.publisher("scheduler")
    seconds = wait_until(lambda: all(site.shows("Conference in Tallinn")), FRESH_WITHIN)
    measured("scheduled publish", seconds)


def test_an_unpublish_in_another_process_leaves_every_output(site):
    assert all(site.shows("Workshop in Riga"))
    site.publisher("unpublish", "Workshop in Riga")
    seconds = wait_until(lambda: not any(site.shows("Workshop in Riga")), FRESH_WITHIN)
    measured("unpublish", seconds)


def test_an_expiry_leaves_every_output_on_time_with_no_command_run(site):
    site.publisher("schedule", "Seminar in Vilnius", 3600)
    site.publisher("due", "Seminar in Vilnius")
    site.publisher("scheduler")
    wait_until(lambda: all(site.shows("Seminar in Vilnius")), FRESH_WITHIN)
    expire_at = site.publisher("expire", "Seminar in Vilnius", 1)["expire_at"]
    wait_until(lambda: not any(site.shows("Seminar in Vilnius")), 1 + FRESH_WITHIN)
    measured("expiry (after its time)", max(0.0, time.time() - expire_at))


class Receiver:
    """A partner's webhook endpoint on 127.0.0.1 that takes its time to answer."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(0.05)
                with receiver.lock:
                    receiver.count += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_rapid_publishes_while_webhooks_go_out_never_find_the_database_locked(site):
    receiver = Receiver()
    try:
        site.publisher("webhooks", receiver.url)
        for number in range(12):
            site.publisher("publish", f"Rapid news {number}")
        wait_until(lambda: receiver.count >= 12, 20)
        wait_until(lambda: all(site.shows("Rapid news 0")), FRESH_WITHIN)
        wait_until(lambda: site.publisher("deliveries") == {"delivered": 12, "pending": 0}, 5)
    finally:
        receiver.close()
