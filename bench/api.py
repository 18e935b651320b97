"""Requests per second for the content API, next to stock Wagtail API v2 and a static file.

    .venv/bin/python bench/api.py [--pages 5000] [--duration 10] [--workers 3]

Builds a database of its own (SQLite under a temporary folder, or the
database in BENCH_DATABASE_URL) with the demo content and ``--pages`` news
pages (written in bulk, bench/data.py), starts one gunicorn on 127.0.0.1 with DEBUG off
(bench.settings_stock_api), and measures, in one run against that server:

- static: a static file served by WhiteNoise, the ceiling for any Django answer;
- warm:   /api/v1/news/?limit=20 answered from the response cache;
- cold:   the same with the content version bumped before every request, as a
          publish would, so every request is rendered from the database;
- stock:  /api/v2/pages/?type=cms.NewsPage&fields=*&limit=20, Wagtail's API v2
          with the same fields.

The shared cache is Redis, as in production (database 13 on 127.0.0.1, or
BENCH_REDIS_URL / --redis-url; flushed before the run); without a reachable
Redis each gunicorn worker has a local-memory cache.
Load comes from wrk if it is installed, else from a small threaded client.
Nothing leaves 127.0.0.1; every run is bounded by --duration.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "bench.settings_stock_api"
SCENARIOS = [
    ("static file", "/static/site/site.css", {}),
    ("content API, warm", "/api/v1/news/?limit=20", {}),
    ("content API, cold", "/api/v1/news/?limit=20", {"X-Bench-Cold": "1"}),
    ("stock Wagtail API v2", "/api/v2/pages/?type=cms.NewsPage&fields=*&limit=20", {}),
]


# A database number of its own, so that a run never touches another's keys.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"


def reachable(redis_url):
    if not redis_url:
        return False
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except Exception:  # any failure means: no Redis here
        return False
    return True


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(var_dir, port, redis_url, database_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "VAR_DIR": str(var_dir),
            "BASE_URL": f"http://127.0.0.1:{port}",
            "CACHE_KEY_PREFIX": f"bench-{port}",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env, *args):
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def run_wrk(port, path, headers, duration, connections, threads):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        # Slow answers are measured, not dropped as errors.
        "--timeout",
        "60s",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        print(f"    wrk socket errors: {socket_errors.group(1)}")
    return rate, int(errors.group(1)) if errors else 0


def run_python_client(port, path, headers, duration, connections, _threads):
    """A keep-alive client per thread, for machines without wrk."""
    deadline = time.monotonic() + duration
    counts = []
    failures = []

    def worker():
        done = bad = 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            done += 1
            bad += response.status >= 400
        connection.close()
        counts.append(done)
        failures.append(bad)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started), sum(failures)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="the shared cache; an empty value or an unreachable server means local memory",
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--var-dir", help="keep the database here and reuse it next time")
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.populate is not None:
        import django

        django.setup()
        from bench.data import populate

        populate(args.populate)
        return

    if args.redis_url and not reachable(args.redis_url):
        print(f"No Redis at {args.redis_url}: each worker caches in its own memory.")
        args.redis_url = ""
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="baltmet-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(var_dir, port, args.redis_url, args.database_url)
    print(f"Preparing {args.pages} news pages in {args.database_url or var_dir} ...", flush=True)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    subprocess.run(
        # As a module: run as a script, this file's folder would come first on
        # sys.path, and this file would shadow the api package.
        [PYTHON, "-m", "bench.api", "--populate", str(args.pages)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()

    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_for(port)
        for _name, path, headers in SCENARIOS:
            for _ in range(args.workers * 3):
                status, body = fetch(port, path, headers)
                if status != 200:
                    raise RuntimeError(f"{path}: {status} {body[:300]!r}")
        load = run_wrk if shutil.which("wrk") else run_python_client
        tool = "wrk" if load is run_wrk else "a threaded Python client"
        print(
            f"{tool}, {args.connections} connections, {args.duration}s each; gunicorn "
            f"{args.workers} sync workers; cache: {'Redis' if args.redis_url else 'local memory'}; "
            f"{os.cpu_count()} CPUs",
            flush=True,
        )
        figures = {}
        for name, path, headers in SCENARIOS:
            rate, errors = load(port, path, headers, args.duration, args.connections, args.threads)
            figures[name] = rate
            note = f"  ({errors} error responses)" if errors else ""
            print(f"  {name:<24} {rate:9.1f} requests/s  {path}{note}", flush=True)
        cold = figures["content API, cold"] / figures["stock Wagtail API v2"]
        warm = figures["content API, warm"] / figures["static file"]
        print(f"cold / stock API v2: {cold:.1f}x (target >= 3x)")
        print(f"warm / static file:  {warm:.0%} (target >= 50%)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not args.var_dir:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
