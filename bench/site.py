"""How fast the project site's pages are served, against a static file in the same run.

Run by hand from the repository root:

    .venv/bin/python bench/site.py [--duration 10] [--connections 16] [--root PATH]

It builds a site of its own (a temporary SQLite database with the demo
content), collects the static files and starts one gunicorn on 127.0.0.1 with
the production settings (cms.settings.base, DEBUG off, WhiteNoise; the Redis
cache when --redis-url or REDIS_URL is given, else each worker's local
memory). Then it prints requests per second for the home page, the news list,
a news item and a static file of the home page's size served by WhiteNoise in
the same gunicorn, and each page's rate as a share of the static file's. The
share is the figure to compare between runs: other work on the machine slows
both alike.

``--root`` runs the same measurement against another checkout of the project
(its own .venv is used), to compare a change with the code before it.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bench.bench_feeds import free_port, run_wrk, wait_for  # noqa: E402 - after the path

PAGES = ("/", "/news/")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--root", default=str(HERE), help="the checkout to measure")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    return parser.parse_args()


def main():
    args = parse_args()
    root = Path(args.root).resolve()
    python = root / ".venv" / "bin" / "python"
    workdir = Path(tempfile.mkdtemp(prefix="baltmet-bench-site-"))
    port = free_port()
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
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "REDIS_URL": args.redis_url,
            "CACHE_KEY_PREFIX": f"bench-site-{os.getpid()}",
            "LOG_LEVEL": "WARNING",
        }
    )

    def manage(*command):
        subprocess.run([str(python), "manage.py", *command], cwd=root, env=env, check=True)

    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    gunicorn = None
    try:
        manage("migrate", "--noinput", "--verbosity", "0")
        manage("load_demo")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        command = [
            str(python),
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ]
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(command, cwd=root, env=env)
        home = wait_for(base + "/")
        item = re.search(rb'href="(/news/[a-z0-9-]+/)"', wait_for(base + "/news/"))
        paths = [*PAGES, item.group(1).decode()] if item else list(PAGES)
        # A static file of the home page's size; WhiteNoise scans STATIC_ROOT
        # when gunicorn starts, so start it again.
        (workdir / "static" / "bench-site.html").write_bytes(home)
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        gunicorn = subprocess.Popen(command, cwd=root, env=env)
        for path in [*paths, "/static/bench-site.html"]:
            wait_for(base + path)

        print(
            f"{root}: {args.workers} gunicorn workers, cache "
            f"{'Redis' if args.redis_url else 'local memory'}; wrk, {args.connections} "
            f"connections, {args.duration} s each"
        )
        static = run_wrk(base + "/static/bench-site.html", args)
        for path in paths:
            page = run_wrk(base + path, args)
            print(f"  {path:40} {page:9.1f} requests/s  {100 * page / static:6.1f} % of static")
        print(f"  {'static file (' + str(len(home)) + ' bytes)':40} {static:9.1f} requests/s")
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
