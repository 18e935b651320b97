"""Benchmark content in bulk: news pages as an editor's publish leaves them, fast.

    DJANGO_SETTINGS_MODULE=cms.settings.dev .venv/bin/python -m bench.data --pages 100000

Adds news pages under the English news index of the current database (the demo
content is loaded first if the database has none) until there are ``--pages`` of
them: each with a body (headings, paragraphs, every fourth with an image), a
lead image on every second, an event on every fifth, two tags, two partners, a
work package, and a published revision that is its live and latest revision.

Wagtail's ``add_child`` and ``publish()`` cost some 15 ms a page (77 s for 5,000;
half an hour for 100,000). Here the rows are written in batches instead: the
page tree's materialised paths are computed (treebeard's scheme: ``steplen``
characters of ``alphabet`` per level), the page and revision rows bulk-created,
the news table's rows inserted with ``executemany`` (Django does not bulk-create
a model that inherits from another), and the relations bulk-created. What the
admin's search and the reference index would hold is not written: the
benchmark's pages are read through the API, the feeds and the site, which need
neither.
"""

import argparse
import datetime
import os
import sys
import time
import uuid

BATCH = 2000
TAGS = ["workshop", "seminar", "conference", "clusters", "innovation policy", "Open Days"]


def batches(numbers, size):
    for first in range(0, len(numbers), size):
        yield numbers[first : first + size]


def body_of(number, images):
    body = [
        ("heading", {"text": f"Part {number}", "level": "h2"}),
        (
            "paragraph",
            f"<p>Item {number} of the benchmark: the partners met to <b>compare</b> their "
            "innovation strategies and agreed the next steps.</p>",
        ),
        ("paragraph", "<p>A second paragraph, with <i>some</i> formatting.</p>"),
    ]
    if number % 4 == 0:
        image = {
            "image": images[number % len(images)],
            "decorative": False,
            "alt_text": "A picture",
        }
        body.append(("image", {"image": image, "caption": "A caption"}))
    return body


class Tree:
    """Materialised paths for new children of one page, after its existing ones."""

    def __init__(self, parent):
        from wagtail.models import Page

        self.parent = parent
        self.numconv = Page.numconv_obj()
        self.steplen = Page.steplen
        last = parent.get_last_child()
        self.next_position = self.numconv.str2int(last.path[-self.steplen :]) + 1 if last else 1

    def next_path(self):
        step = self.numconv.int2str(self.next_position).rjust(self.steplen, "0")
        self.next_position += 1
        return self.parent.path + step


def populate(count, log=print):
    """Published news pages under the English news index until there are ``count``."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from taggit.models import Tag
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    from cms import freshness
    from cms.models import City, NewsIndexPage, NewsPage, NewsPageTag, Partner, WorkPackagePage

    if not NewsIndexPage.objects.exists():
        call_command("load_demo", verbosity=0)
    index = NewsIndexPage.objects.get(locale__language_code="en")
    existing = index.get_children().count()
    if existing >= count:
        log(f"{existing} news pages already, none added")
        return 0
    images = list(get_image_model().objects.order_by("pk"))
    partners = list(Partner.objects.order_by("pk"))
    work_packages = list(WorkPackagePage.objects.order_by("pk"))
    cities = list(City.objects.order_by("pk"))
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-")})[0]
        for name in TAGS
    ]
    news_type = ContentType.objects.get_for_model(NewsPage)
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    start = now - datetime.timedelta(hours=count)
    tree = Tree(index)
    news_columns = list(NewsPage._meta.local_concrete_fields)
    # Table and column names from the model, quoted; the values are parameters.
    insert_news = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        connection.ops.quote_name(NewsPage._meta.db_table),
        ", ".join(connection.ops.quote_name(field.column) for field in news_columns),
        ", ".join(["%s"] * len(news_columns)),
    )
    page_fields = Page._meta.concrete_fields
    next_id = (Page.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    numbers = range(existing, count)
    began = time.monotonic()
    with transaction.atomic():
        for batch in batches(numbers, BATCH):
            news = []
            for number in batch:
                published = start + datetime.timedelta(hours=number)
                slug = f"bench-{number}"
                page = NewsPage(
                    id=next_id,
                    page_ptr_id=next_id,
                    title=f"Benchmark news item {number}",
                    draft_title=f"Benchmark news item {number}",
                    slug=slug,
                    content_type=news_type,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                    path=tree.next_path(),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    latest_revision_created_at=published,
                    publication_date=published,
                    teaser=f"The teaser of benchmark news item {number}.",
                    body=body_of(number, images),
                    lead_image=images[number % len(images)] if number % 2 == 0 else None,
                )
                if number % 5 == 0:
                    page.event_start_date = published.date()
                    page.event_city = cities[number % len(cities)]
                next_id += 1
                # In memory, for the revision's copy of the page; the rows follow below.
                # No comments: set, not looked up in the database for each page.
                page.wagtail_admin_comments = []
                page.tagged_items = [
                    NewsPageTag(tag=tag)
                    for tag in (tags[number % len(tags)], tags[(number + 1) % len(tags)])
                ]
                page.partners = list(
                    dict.fromkeys(
                        [partners[number % len(partners)], partners[(number + 3) % len(partners)]]
                    )
                )
                page.work_packages = [work_packages[number % len(work_packages)]]
                news.append(page)
            # The revisions first, so that the pages are written with their ids: an
            # UPDATE of every page afterwards would cost more than all the inserts.
            revisions = Revision.objects.bulk_create(
                Revision(
                    content_type=news_type,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=page.last_published_at,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
                for page in news
            )
            for page, revision in zip(news, revisions, strict=True):
                page.live_revision_id = page.latest_revision_id = revision.pk
            # The pages' rows in Wagtail's page table, then each news row beside its page.
            Page.objects.bulk_create(
                Page(**{field.attname: getattr(page, field.attname) for field in page_fields})
                for page in news
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    insert_news,
                    [
                        [
                            field.get_db_prep_save(getattr(page, field.attname), connection)
                            for field in news_columns
                        ]
                        for page in news
                    ],
                )
            NewsPageTag.objects.bulk_create(
                NewsPageTag(content_object_id=page.pk, tag_id=item.tag_id)
                for page in news
                for item in page.tagged_items.all()
            )
            NewsPage.partners.through.objects.bulk_create(
                NewsPage.partners.through(newspage_id=page.pk, partner_id=partner.pk)
                for page in news
                for partner in page.partners.all()
            )
            NewsPage.work_packages.through.objects.bulk_create(
                NewsPage.work_packages.through(newspage_id=page.pk, workpackagepage_id=package.pk)
                for page in news
                for package in page.work_packages.all()
            )
            done = batch[-1] + 1 - existing
            log(f"  {done} of {len(numbers)} pages, {time.monotonic() - began:.1f} s")
        Page.objects.filter(pk=index.pk).update(numchild=existing + len(numbers))
        # The pages were written with their ids: the next one Wagtail makes follows them
        # (PostgreSQL's sequence; SQLite keeps up by itself).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Page]):
                cursor.execute(statement)
        # Every cached output of the old content is stale now.
        freshness.content_changed()
    return len(numbers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages", type=int, default=5000, help="news pages the database should hold"
    )
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    began = time.monotonic()
    added = populate(args.pages)
    print(f"{added} news pages added in {time.monotonic() - began:.1f} s")


if __name__ == "__main__":
    main()
