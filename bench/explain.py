"""The query plans behind every public list, on the database in DATABASE_URL.

    DJANGO_SETTINGS_MODULE=cms.settings.dev DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python -m bench.explain

Requests each list, filter and ordering the API, the feeds, the site and the
search serve (in-process, through Django's test client, every cache emptied
first, so each answer is rendered from the database), captures the SQL it
sends, and asks the database for each statement's plan: on PostgreSQL
``EXPLAIN (ANALYZE, FORMAT JSON)``, on SQLite ``EXPLAIN QUERY PLAN``. Prints,
for each request, its status, the number of queries, their time as the
database measured it (PostgreSQL), the slowest statement, and every full scan
of a table the plans contain, with the rows it read. Fill the database first
(bench/data.py); nothing is written.
"""

import argparse
import json
import os
import sys
import time

# What a visitor, a partner site or a feed reader asks for, the costly cases
# included: deep offsets, a title ordering, a free-text search.
REQUESTS = [
    "/api/v1/news/?limit=20&locale=en",
    "/api/v1/news/?limit=20&locale=en&offset=90000",
    "/api/v1/news/?limit=20&locale=en&ordering=title",
    "/api/v1/news/?limit=20&locale=en&ordering=-updated",
    "/api/v1/events/?limit=20&locale=en",
    "/api/v1/news/?limit=20&locale=en&tag=workshop",
    "/api/v1/news/?limit=20&locale=en&search=workshop",
    "/api/v1/news/?limit=20&locale=en&search=workshop&ordering=title",
    "/api/v1/changes/?limit=20",
    "/feeds/news.atom",
    "/feeds/news.rss",
    "/feeds/news.json",
    "/feeds/news.atom?tag=workshop",
    "/feeds/events.ics",
    "/",
    "/news/",
    "/news/?page=4000",
    "/sitemap.xml",
    "/search/?q=workshop",
]

# A scan of a table this small costs nothing worth an index.
SMALL_TABLE_ROWS = 1000
# Statements at least this slow are shown with their plans.
SLOW_MS = 100


def forget_caches():
    from django.core.cache import caches

    from cms import freshness, response_cache

    for alias in caches:
        caches[alias].clear()
    freshness.forget()
    response_cache.process_copies.clear()


def seq_scans_postgresql(plan):
    """(table, rows read) of each sequential scan in a JSON plan."""
    found = []
    nodes = [plan["Plan"]]
    while nodes:
        node = nodes.pop()
        if node.get("Node Type") == "Seq Scan":
            loops = node.get("Actual Loops", 1)
            read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
            found.append((node.get("Relation Name"), read))
        nodes.extend(node.get("Plans", []))
    return found


def explain(connection, sql):
    """(milliseconds measured by PostgreSQL, [what its plan shows]) for one statement."""
    from django.db import DatabaseError

    try:
        return _explain(connection, sql)
    except DatabaseError as error:
        print(f"  no plan ({error}) for: {sql[:160]}")
        return None, []


def _explain(connection, sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            scans = [s for s in seq_scans_postgresql(plan) if s[1] > SMALL_TABLE_ROWS]
            return plan["Execution Time"], [f"Seq Scan on {t}, {n} rows read" for t, n in scans]
        # SQLite's plan is the planner's, not what ran: it is shown whole for
        # the slow statements only (see main).
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return None, [row[-1] for row in cursor.fetchall()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="requests to explain (default: every list)")
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.models import NewsPage

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{connection.vendor}, {NewsPage.objects.count()} news pages")
    for path in args.paths or REQUESTS:
        forget_caches()
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        took = (time.perf_counter() - began) * 1000
        selects = [
            (q["sql"], float(q["time"]) * 1000)
            for q in captured.captured_queries
            if q["sql"].startswith("SELECT")
        ]
        print(f"\n{path}\n  {response.status_code}, {len(captured)} queries, {took:.0f} ms in all")
        for sql, ms in selects:
            if connection.vendor != "postgresql" and ms < SLOW_MS:
                continue
            database_ms, findings = explain(connection, sql)
            if connection.vendor == "postgresql":
                if database_ms is None or (database_ms < SLOW_MS and not findings):
                    continue
                ms = database_ms
            print(f"  {ms:.0f} ms: {sql[:200]}")
            for finding in findings:
                print(f"      {finding}")


if __name__ == "__main__":
    main()
