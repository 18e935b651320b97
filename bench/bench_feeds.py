"""How fast the news feed is served: warm, cold, and against a static file.

Run by hand from the repository root:

    .venv/bin/python bench/bench_feeds.py [--pages 5000] [--duration 10] [--connections 16]

It builds a site of its own (a temporary SQLite database unless
--database-url names a PostgreSQL database; the demo content plus --pages
generated news pages), collects the static files, and starts one gunicorn on
127.0.0.1 with the production settings (cms.settings.base, DEBUG off,
WhiteNoise, the Redis cache). Then it prints requests per second for:

- the warm feed: /feeds/news.atom, rendered once and served from the cache;
- the cold feed: the content version is bumped before every request, so
  each one renders the feed from the database (one client, in sequence);
- a static file of the same size, served by WhiteNoise in the same gunicorn.

The warm and static figures come from wrk when it is installed
(apt-get install wrk), else from a small threaded client. Redis is needed
(the cold run bumps the shared content version from this process):
--redis-url, or REDIS_URL, or redis://127.0.0.1:6379/9.
"""

import argparse
import datetime
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED_PATH = "/feeds/news.atom"
WORDS = [
    "innovation", "policy", "metropolitan", "region", "cluster", "network", "partners",
    "workshop", "strategy", "Baltic", "Sea", "cooperation", "research", "university",
    "enterprise", "city", "council", "seminar", "knowledge", "transfer", "competence",
    "centre", "working", "group", "benchmark", "survey", "results",
]  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000, help="generated news pages")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (default: gunicorn's advice, 2 per core + 1)",
    )
    parser.add_argument("--cold-requests", type=int, default=30)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(args, workdir, port):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            "DEBUG": "0",
            # The benchmark's server speaks plain HTTP on 127.0.0.1.
            "HTTPS": "0",
            "SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "BASE_URL": f"http://127.0.0.1:{port}",
            "VAR_DIR": str(workdir),
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
            "REDIS_URL": args.redis_url or "redis://127.0.0.1:6379/9",
            "CACHE_KEY_PREFIX": f"bench-feeds-{os.getpid()}",
            "LOG_LEVEL": "WARNING",
            "WEBSUB_HUB_URL": "",
        }
    )
    return env


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def build_site(pages):
    """The demo content plus ``pages`` generated news pages, in this process."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from cms.demo.loader import DemoLoader
    from cms.models import City, NewsIndexPage, NewsPage, Partner, WorkPackagePage

    DemoLoader(log=lambda message: None).load()
    from wagtail.images import get_image_model

    news_index = NewsIndexPage.objects.get(locale__language_code="en")
    images = list(get_image_model().objects.all())
    work_packages = list(WorkPackagePage.objects.filter(locale=news_index.locale))
    partners = list(Partner.objects.all())
    cities = list(City.objects.all())
    rng = random.Random(5000)
    start = datetime.datetime(2005, 1, 1, tzinfo=datetime.UTC)
    now = timezone.now()
    began = time.monotonic()
    with transaction.atomic():
        for number in range(pages):
            words = [rng.choice(WORDS) for _ in range(60)]
            paragraphs = [
                "<p>" + " ".join(words[i : i + 20]).capitalize() + ".</p>" for i in (0, 20, 40)
            ]
            page = NewsPage(
                title=f"{' '.join(words[:5]).capitalize()} ({number})",
                slug=f"bench-news-{number}",
                publication_date=start + datetime.timedelta(hours=7 * number),
                teaser=" ".join(words[5:30]).capitalize() + ".",
                body=[("paragraph", paragraph) for paragraph in paragraphs * 2],
                lead_image=rng.choice(images) if images and number % 3 else None,
                live=True,
                first_published_at=now - datetime.timedelta(seconds=pages - number),
                last_published_at=now - datetime.timedelta(seconds=pages - number),
            )
            if number % 10 == 0 and cities:
                page.event_start_date = page.publication_date.date() + datetime.timedelta(days=30)
                page.event_city = rng.choice(cities)
            page.tags.add(rng.choice(WORDS), rng.choice(WORDS))
            page.work_packages = rng.sample(work_packages, k=min(2, len(work_packages)))
            page.partners = rng.sample(partners, k=min(2, len(partners)))
            news_index.add_child(instance=page)
            if number and number % 500 == 0:
                print(f"  {number} pages ({time.monotonic() - began:.0f} s)", flush=True)
    print(f"  {pages} pages in {time.monotonic() - began:.0f} s", flush=True)


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def run_wrk(url, args):
    output = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    return rate


def run_threaded(url, args):
    """A plain concurrent client, for machines without wrk."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    deadline = time.monotonic() + args.duration
    counts = [0] * args.connections
    failures = []

    def client(index):
        while time.monotonic() < deadline:
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                failures.append(response.status)
                return
            counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{url}: status {failures[0]}")
    return sum(counts) / (time.monotonic() - began)


def cold_rate(host, port, requests):
    """Sequential requests, each after a content version bump: every one renders."""
    from cms.publication import content_changed

    connection = http.client.HTTPConnection(host, port, timeout=60)
    elapsed = 0.0
    sizes = set()
    for _ in range(requests):
        content_changed()
        began = time.monotonic()
        connection.request("GET", FEED_PATH)
        response = connection.getresponse()
        body = response.read()
        elapsed += time.monotonic() - began
        if response.status != 200:
            raise RuntimeError(f"cold request: status {response.status}")
        sizes.add(len(body))
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.close()
    return requests / elapsed


def forget_cache(env):
    """Delete this run's keys, and only those: the Redis database may be shared."""
    try:
        import redis

        client = redis.Redis.from_url(env["REDIS_URL"])
        for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
            client.delete(key)
    except Exception as error:  # cleaning up is best effort
        print(f"(cache keys not deleted: {error})")


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="baltmet-bench-feeds-"))
    port = free_port()
    env = environment(args, workdir, port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    gunicorn = None
    try:
        print(f"Site in {workdir}; database {env['DATABASE_URL']}; cache {env['REDIS_URL']}")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        print(f"Creating the demo content and {args.pages} news pages ...", flush=True)
        build_site(args.pages)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")

        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        feed = wait_for(base + FEED_PATH)
        # A static file of exactly the feed's size, served by WhiteNoise from
        # STATIC_ROOT (it scans the folder when gunicorn starts, so restart).
        static_name = "bench-same-size.xml"
        (workdir / "static" / static_name).write_bytes(feed)
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        gunicorn = subprocess.Popen(gunicorn.args, cwd=ROOT, env=env)
        wait_for(base + FEED_PATH)
        static = wait_for(f"{base}/static/{static_name}")
        if len(static) != len(feed):
            raise RuntimeError("the static copy differs in size from the feed")

        measure = run_wrk if shutil.which("wrk") else run_threaded
        client = "wrk" if measure is run_wrk else "a threaded Python client"
        print(
            f"\nFeed {FEED_PATH}: {len(feed)} bytes, {feed.count(b'<entry')} entries; "
            f"{args.workers} gunicorn workers; {client}, {args.connections} connections, "
            f"{args.duration} s each"
        )
        warm = measure(base + FEED_PATH, args)
        static_rate = measure(f"{base}/static/{static_name}", args)
        cold = cold_rate("127.0.0.1", port, args.cold_requests)
        print(f"  warm feed:      {warm:9.1f} requests/s")
        print(f"  cold feed:      {cold:9.1f} requests/s (one client, every request renders)")
        print(f"  static file:    {static_rate:9.1f} requests/s")
        print(f"  warm / static:  {100 * warm / static_rate:9.1f} %")
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        forget_cache(env)
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
