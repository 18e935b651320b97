"""Time to parse and import pages exported from the old site.

    .venv/bin/python bench/import_legacy.py [--files 200] [--items 10]

Writes ``--files`` text pages in the old site's shapes to a temporary folder:
each repeats the same "latest news" list of ``--items`` items, as every page of
the old site did, and has, in turn, an event article under an "Events" section,
an event announcement with its heading line of kind, quoted title, city and
US-style dates, or a work package known by its name alone. Builds a SQLite
database of its own (in the same temporary folder, removed at the end) with the demo content,
then measures, in this process:

- parse:          reading and parsing every file, no database;
- first import:   one run over all files, creating the list's items and the articles;
- second import:  the same files again, which changes nothing;
- dry run:        the same files again with --dry-run.
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITIES = ["Riga", "Tallinn", "Malmo", "St. Petersburg", "Warsaw", "Oslo", "Berlin"]


def write_pages(folder, files, items):
    start = datetime.date(2005, 3, 1)
    news = []
    for n in range(items):
        day = start + datetime.timedelta(days=30 * (items - n))
        city = CITIES[n % len(CITIES)]
        news += [
            f"Seminar number {n} in {city} on {day:%-d %B %Y}",
            "",
            f"Partners met in {city} to compare their innovation strategies, round {n}.",
            "",
            "Read more",
            "",
        ]
    paths = []
    for index in range(files):
        day = start + datetime.timedelta(days=index)
        city = CITIES[index % len(CITIES)]
        if index % 3 == 0:
            content = [
                "Events",
                "",
                f"Working group meeting {index} in {city}",
                "",
                f"Date: {day:%-d %B %Y}",
                f"Place: {city}",
                "",
                f"The working group met in {city} for the {index}th time.",
                "",
                "It discussed the framework and agreed on the next steps.",
                "",
                "Back",
            ]
        elif index % 3 == 1:
            last = day + datetime.timedelta(days=1)
            content = [
                f'Workshop "Innovation policies, round {index}" {city}, '
                f"{day:%B %-d}-{last:%-d, %Y}",
                "",
                f"The partners meet in {city} to compare their innovation policies.",
                "",
                "Each city presents one example of its work.",
                "",
                "Read more",
            ]
        else:
            content = [
                f"Theme number {index}",
                "",
                "Work in this work package started late. It is divided into four milestones.",
                "",
                "Milestone 1 (Start - June2005)",
                "",
                "The partners describe the theme in each metropolis.",
                "",
                "Milestone 2 (July–December 2005)",
                "",
                "The descriptions are compared and a common outline agreed.",
            ]
        path = folder / f"page-{index:04d}.txt"
        text = "\n".join(["latest news", "", *news, "", "", *content])
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def timed(label, function, files):
    began = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - began
    print(f"{label:<15} {seconds:8.2f} s  {seconds / files * 1000:8.1f} ms per file")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--items", type=int, default=10)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-import-legacy-"))
    os.environ["VAR_DIR"] = str(work / "var")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from cms.demo.loader import DemoLoader
    from cms.legacy.importer import LegacyImporter
    from cms.legacy.parser import parse_export
    from cms.models import NewsPage, WorkPackagePage

    call_command("migrate", verbosity=0)
    DemoLoader(log=lambda message: None).load()
    pages_folder = work / "pages"
    pages_folder.mkdir()
    paths = write_pages(pages_folder, options.files, options.items)
    print(f"{options.files} files, {options.items} list items each, SQLite in {work}")

    timed(
        "parse",
        lambda: [parse_export(Path(p).read_bytes(), p) for p in paths],
        options.files,
    )
    importer = LegacyImporter()
    news_before = NewsPage.objects.count()
    packages_before = WorkPackagePage.objects.count()
    first = timed("first import", lambda: importer.run(paths), options.files)
    second = timed("second import", lambda: importer.run(paths), options.files)
    timed("dry run", lambda: importer.run(paths, dry_run=True), options.files)
    print(
        f"first: {first.count('created')} created; second: {second.count('unchanged')} "
        f"unchanged, {second.count('created') + second.count('updated')} written; "
        f"news pages {news_before} -> {NewsPage.objects.count()}; work packages "
        f"{packages_before} -> {WorkPackagePage.objects.count()}"
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
