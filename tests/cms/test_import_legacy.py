"""The import_legacy command against the database: what it creates, updates and leaves alone."""

import datetime
import io
from pathlib import Path

from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from cms.demo.loader import DemoLoader
from cms.models import (
    City,
    Milestone,
    NewsIndexPage,
    NewsPage,
    PublicationEvent,
    WorkPackagePage,
)
from tests.factories import CityFactory, PartnerFactory, WorkPackagePageFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "legacy-site-page.txt"

CITIES = [
    ("Berlin", "berlin", "DE", "Europe/Berlin"),
    ("Brussels", "brussels", "BE", "Europe/Brussels"),
    ("Copenhagen", "copenhagen", "DK", "Europe/Copenhagen"),
    ("Helsinki", "helsinki", "FI", "Europe/Helsinki"),
    ("Malmö", "malmo", "SE", "Europe/Stockholm"),
    ("Riga", "riga", "LV", "Europe/Riga"),
    ("St Petersburg", "st-petersburg", "RU", "Europe/Moscow"),
    ("Tallinn", "tallinn", "EE", "Europe/Tallinn"),
    ("Warsaw", "warsaw", "PL", "Europe/Warsaw"),
]


def fixture(name):
    return str(FIXTURES / name)


@pytest.fixture
def seed():
    if not SEED.exists():
        pytest.skip("../shared/seed is absent: the seed page is only checked where it exists")
    return str(SEED)


@pytest.fixture
def places(db):
    cities = {
        slug: CityFactory(name=name, slug=slug, country=country, time_zone=zone)
        for name, slug, country, zone in CITIES
    }
    PartnerFactory(name="City of Malmö", slug="city-of-malmo", city=cities["malmo"])
    PartnerFactory(name="City of Tallinn", slug="city-of-tallinn", city=cities["tallinn"])
    return cities


@pytest.fixture
def site(site_tree, places):
    return site_tree


def run_import(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", *paths, stdout=out, stderr=err, **options)
    return out.getvalue()


def refused_import(*paths, **options):
    """An import that must be refused as a whole: what it says on stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_legacy", *paths, stdout=io.StringIO(), stderr=err, **options)
    return err.getvalue()


def state():
    """What an import could change, in numbers."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "events": PublicationEvent.objects.count(),
        "milestones": Milestone.objects.count(),
        "cities": City.objects.count(),
        "titles": sorted(Page.objects.values_list("title", flat=True)),
        "teasers": sorted(NewsPage.objects.values_list("teaser", flat=True)),
    }


# The events of the "latest news" list the old site repeated on every page.
LATEST_NEWS_EVENTS = [
    (datetime.date(2007, 6, 13), datetime.date(2007, 6, 15), "St Petersburg"),
    (datetime.date(2007, 10, 9), None, "Brussels"),
    (datetime.date(2007, 10, 9), None, "Brussels"),
    (datetime.date(2007, 11, 13), None, "Berlin"),
]


def events():
    return sorted(
        NewsPage.objects.values_list("event_start_date", "event_end_date", "event_city__name")
    )


def news_titled(text):
    return NewsPage.objects.get(title__startswith=text)


# --- the seed page --------------------------------------------------------------------------


def test_seed_gives_work_package_5_with_milestones_3_to_6(site, seed):
    run_import(seed)
    package = WorkPackagePage.objects.get(number=5)
    periods = [
        (m.number, m.period_start, m.period_end) for m in package.milestones.order_by("number")
    ]
    assert periods == [
        (3, datetime.date(2006, 1, 1), datetime.date(2006, 6, 1)),
        (4, datetime.date(2006, 7, 1), datetime.date(2006, 12, 1)),
        (5, datetime.date(2007, 1, 1), datetime.date(2007, 6, 1)),
        (6, datetime.date(2007, 7, 1), datetime.date(2007, 12, 1)),
    ]


def test_seed_gives_its_four_news_items_as_events(site, seed):
    run_import(seed)
    assert events() == LATEST_NEWS_EVENTS


def test_seed_brussels_announcement_keeps_its_summary_as_teaser(site, seed):
    run_import(seed)
    announcement = news_titled("Seminar at Open Days in Brussels")
    assert announcement.teaser.startswith("In collaboration with the Baltic Sea Group")


def test_seed_pages_are_published_through_revisions(site, seed):
    run_import(seed)
    pages = [*NewsPage.objects.all(), WorkPackagePage.objects.get(number=5)]
    assert len(pages) == 5
    for page in pages:
        assert page.live
        assert page.revisions.count() == 1
        assert page.live_revision_id == page.latest_revision_id
        assert PublicationEvent.objects.filter(page_id=page.pk, kind="published").count() == 1


def test_seed_imported_twice_changes_nothing(site, seed):
    run_import(seed)
    before = state()
    output = run_import(seed)
    assert state() == before
    assert output.count("unchanged ") == 5
    assert "0 created, 0 updated, 5 unchanged" in output


def test_seed_meeting_cities_are_found_despite_spelling(site, seed, places):
    run_import(seed)
    package = WorkPackagePage.objects.get(number=5)
    workshop = package.milestones.get(number=4).meetings[0].value
    assert workshop["city"] == places["malmo"]
    assert [partner.slug for partner in workshop["host_partners"]] == ["city-of-malmo"]
    meetings = [
        (block.value["month"], block.value["city"], block.value["in_every_partner_city"])
        for milestone in package.milestones.order_by("number")
        for block in milestone.meetings
    ]
    assert meetings == [
        (datetime.date(2006, 3, 1), places["copenhagen"], False),
        (datetime.date(2006, 8, 1), places["malmo"], False),
        (datetime.date(2006, 10, 1), None, True),
        (datetime.date(2007, 2, 1), places["warsaw"], False),
        (datetime.date(2007, 4, 1), None, True),
        (datetime.date(2007, 8, 1), places["copenhagen"], False),
        (datetime.date(2007, 11, 1), places["brussels"], False),
    ]


def test_seed_work_package_links_its_news_to_wp_3_when_it_exists(site, seed):
    wp3 = WorkPackagePageFactory(parent=site.work_package_index, number=3)
    run_import(seed)
    berlin = news_titled("BaltMet Inno WP 3")
    assert list(berlin.work_packages.all()) == [wp3]


# --- coexistence with the demo content -----------------------------------------------------


@pytest.fixture
def demo(places, db):
    DemoLoader(log=lambda message: None).load()


def test_seed_after_load_demo_updates_the_demo_pages_instead_of_duplicating(demo, seed):
    news_before = NewsPage.objects.count()
    run_import(seed)
    assert NewsPage.objects.count() == news_before
    assert WorkPackagePage.objects.filter(number=5).count() == 1
    report = NewsPage.objects.get(slug="open-days-seminar-report", locale__language_code="en")
    announcement = NewsPage.objects.get(
        slug="open-days-seminar-announcement", locale__language_code="en"
    )
    assert report.title.startswith("Balt Met Inno seminar in the framework of Open Days")
    assert announcement.title == "Seminar at Open Days in Brussels on 9 October 2007"


def test_seed_after_load_demo_restates_milestones_and_keeps_their_meetings(demo, seed):
    run_import(seed)
    milestone = WorkPackagePage.objects.get(number=5).milestones.get(number=3)
    assert milestone.description.startswith("The main objective of this WP is")
    names = [block.value["name"] for block in milestone.meetings]
    assert names == ["Preparatory meeting"]


def test_seed_after_load_demo_twice_changes_nothing(demo, seed):
    run_import(seed)
    before = state()
    run_import(seed)
    assert state() == before


def test_load_demo_after_import_creates_no_twins(demo, seed):
    run_import(seed)
    before = state()
    DemoLoader(log=lambda message: None).load()
    assert state() == before


def test_fixture_after_load_demo_fills_the_demo_work_package(demo):
    packages_before = WorkPackagePage.objects.count()
    output = run_import(fixture("work-package-2.txt"))
    assert WorkPackagePage.objects.count() == packages_before
    package = WorkPackagePage.objects.get(number=2)
    assert package.title == "City marketing"
    assert [m.number for m in package.milestones.all()] == [1, 2, 3, 4]
    assert "updated work package WP 2: City marketing" in output
    # The demo's Helsinki workshop has the old site's title: it is matched, not doubled.
    assert NewsPage.objects.filter(title__contains="workshop in Helsinki").count() == 1


# --- the project's fixtures: text, HTML, articles ---------------------------------------


def test_text_html_and_article_pages_together_make_each_item_once(site):
    run_import(
        fixture("work-package-2.txt"),
        fixture("work-package-2.html"),
        fixture("news-article.txt"),
        fixture("event-article.html"),
    )
    assert sorted(NewsPage.objects.values_list("title", flat=True)) == [
        "Joint Innovation Policies for the Baltic Sea Region: workshop in Helsinki",
        "Marketing strategies compared",
        "Partner meeting in Tallinn on 21 March 2006",
    ]
    assert WorkPackagePage.objects.count() == 1


def test_html_after_text_of_the_same_page_only_names_the_work_package(site):
    run_import(fixture("work-package-2.txt"))
    output = run_import(fixture("work-package-2.html"))
    assert "updated work package WP 2: Work package 2: title “City marketing”" in output
    assert "0 created, 1 updated, 3 unchanged" in output
    before = state()
    output = run_import(fixture("work-package-2.txt"), fixture("work-package-2.html"))
    assert state() == before
    assert "0 created, 0 updated, 4 unchanged" in output


def test_new_work_package_takes_title_objective_and_intro_from_the_page(site):
    run_import(fixture("work-package-2.html"))
    package = WorkPackagePage.objects.get(number=2)
    assert package.title == "City marketing"
    assert package.objective.startswith("The main objective of this work package")
    assert "carried out in four milestones" in package.description
    assert package.get_parent().specific == site.work_package_index


def test_news_article_gives_body_teaser_and_publication_date(site, places):
    run_import(fixture("news-article.txt"))
    page = news_titled("Joint Innovation Policies")
    assert page.body[0].value.source.startswith("<p>On 31 October 2006")
    assert len(page.body) == 2
    assert page.teaser.startswith("On October 31st partners from eight metropolises")
    assert page.publication_date == datetime.datetime(
        2006, 11, 2, 12, tzinfo=places["helsinki"].tzinfo
    )
    assert (page.event_start_date, page.event_city) == (
        datetime.date(2006, 10, 31),
        places["helsinki"],
    )


def test_event_article_gives_times_venue_and_city(site, places):
    run_import(fixture("event-article.html"))
    page = news_titled("Partner meeting in Tallinn")
    assert page.event_city == places["tallinn"]
    assert page.event_venue == "Town Hall"
    assert page.event_starts_at == datetime.datetime(
        2006, 3, 21, 10, tzinfo=places["tallinn"].tzinfo
    )
    assert page.event_end_time == datetime.time(16, 30)


def test_undated_item_is_dated_after_its_neighbour_not_today(site):
    run_import(fixture("work-package-2.txt"))
    page = NewsPage.objects.get(title="Marketing strategies compared")
    assert page.publication_date.date() == datetime.date(2006, 3, 21)
    assert page.teaser == "Marketing strategies compared"


def test_unknown_city_is_reported_and_not_created(site):
    cities = City.objects.count()
    output = run_import(fixture("work-package-2.txt"))
    assert City.objects.count() == cities
    assert "Places not matched to a city: Gdansk." in output
    milestone_4 = WorkPackagePage.objects.get(number=2).milestones.get(number=4)
    assert len(milestone_4.meetings) == 0


def test_work_package_option_numbers_a_page_without_heading(site, places):
    run_import(fixture("milestones-only.txt"), work_package=7)
    package = WorkPackagePage.objects.get(number=7)
    assert package.title == "Work package 7"
    milestone = package.milestones.get(number=2)
    assert milestone.meetings[0].value["city"] == places["riga"]
    assert milestone.meetings[0].value["month"] == datetime.date(2006, 9, 1)


# --- updates ---------------------------------------------------------------------------------


def changed_copy(tmp_path, name, old, new):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


def test_changed_summary_updates_the_page_with_one_revision(site, tmp_path):
    run_import(fixture("work-package-2.txt"))
    page = news_titled("Partner meeting in Tallinn")
    events = PublicationEvent.objects.count()
    changed = changed_copy(
        tmp_path, "work-package-2.txt", "present themselves abroad.", "appear abroad."
    )
    output = run_import(changed)
    page.refresh_from_db()
    assert page.teaser.endswith("compare how the metropolises appear abroad.")
    assert page.revisions.count() == 2
    assert PublicationEvent.objects.count() == events + 1
    assert PublicationEvent.objects.last().kind == "updated"
    assert "updated news “Partner meeting in Tallinn on 21 March 2006” (21 March 2006): teaser" in (
        output
    )


def test_changed_milestone_period_updates_only_that_milestone(site, tmp_path):
    run_import(fixture("work-package-2.txt"))
    changed = changed_copy(tmp_path, "work-package-2.txt", "(6/2006)", "(June - July 2006)")
    output = run_import(changed)
    milestone = WorkPackagePage.objects.get(number=2).milestones.get(number=3)
    assert milestone.period_end == datetime.date(2006, 7, 1)
    assert "updated work package WP 2: Work package 2: milestone 3: end" in output


def test_page_with_an_unpublished_draft_is_left_alone(site, tmp_path):
    run_import(fixture("work-package-2.txt"))
    page = news_titled("Partner meeting in Tallinn")
    page.title = "Partner meeting in Tallinn (draft being edited)"
    page.save_revision()
    changed = changed_copy(
        tmp_path, "work-package-2.txt", "present themselves abroad.", "appear abroad."
    )
    output = run_import(changed)
    page = NewsPage.objects.get(pk=page.pk)
    assert page.revisions.count() == 2
    assert page.teaser.endswith("present themselves abroad.")
    assert "skipped news" in output
    assert "it has unpublished changes in the editor" in output


def test_page_an_editor_changed_is_left_alone(site, tmp_path, django_user_model):
    run_import(fixture("work-package-2.txt"))
    editor = django_user_model.objects.create_superuser(username="editor", password="x")
    page = news_titled("Partner meeting in Tallinn")
    page.title = "Partners meet in Tallinn"
    page.save_revision(user=editor).publish(user=editor)
    changed = changed_copy(
        tmp_path, "work-package-2.txt", "present themselves abroad.", "appear abroad."
    )
    output = run_import(changed)
    page = NewsPage.objects.get(pk=page.pk)
    assert (page.title, page.revisions.count()) == ("Partners meet in Tallinn", 2)
    assert "editor edited it after it was imported" in output


def test_articles_imported_twice_change_nothing(site):
    paths = (fixture("news-article.txt"), fixture("event-article.html"))
    run_import(*paths)
    before = state()
    output = run_import(*paths)
    assert state() == before
    assert "0 created, 0 updated, 2 unchanged" in output


# --- dry run and failures --------------------------------------------------------------------


def test_dry_run_says_what_would_change_and_writes_nothing(site):
    before = state()
    output = run_import(fixture("work-package-2.txt"), dry_run=True)
    assert state() == before
    assert "would create work package WP 2: Work package 2" in output
    assert "would create news “Partner meeting in Tallinn on 21 March 2006”" in output
    assert "Dry run: nothing was written." in output


def test_dry_run_after_an_import_reports_unchanged(site):
    run_import(fixture("work-package-2.txt"))
    output = run_import(fixture("work-package-2.txt"), dry_run=True)
    assert "0 would create, 0 would update, 4 unchanged" in output


def test_unreadable_period_is_a_warning_naming_file_and_line(site):
    output = run_import(fixture("work-package-2.txt"), fixture("malformed-bad-period.txt"))
    assert (
        "warning, line 8: milestone 2 has a period that cannot be read ('Spring 2006' is not a "
        "month): the milestone is left out" in output
    )
    assert WorkPackagePage.objects.filter(number=2).exists()
    assert not WorkPackagePage.objects.filter(number=4).exists()
    assert "milestones: 5 headings, 4 read, 1 left out; 4 distinct" in output
    assert "warnings: 2" in output


def test_strict_refuses_the_batch_on_a_warning_and_writes_nothing(site):
    before = state()
    err = refused_import(
        fixture("work-package-2.txt"), fixture("malformed-bad-period.txt"), strict=True
    )
    assert state() == before
    assert "malformed-bad-period.txt, line 8: milestone 2 has a period that cannot be read" in err


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed-no-content.txt", "no “latest news” list"),
        ("malformed-empty-list.html", "list with no items"),
        ("does-not-exist.txt", "no such file"),
    ],
)
def test_each_unreadable_file_is_named_with_its_reason(site, name, reason):
    before = state()
    err = refused_import(fixture("news-article.txt"), fixture(name))
    assert state() == before
    assert f"{name}: " in err
    assert reason in err


def test_a_binary_file_leaves_the_database_untouched(site, tmp_path):
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = state()
    err = refused_import(fixture("wp-name-heading.txt"), str(picture))
    assert state() == before
    assert "picture.png: is a binary file" in err


def test_without_a_news_index_nothing_is_written(places):
    # The suite's database holds the site's skeleton; this site has no news section.
    NewsIndexPage.objects.all().delete()
    before = state()
    err = refused_import(fixture("news-article.txt"))
    assert state() == before
    assert "there is no news index page to put news in" in err


def test_encoding_option_reads_a_latin1_file(site):
    run_import(fixture("latin1-undeclared.txt"), encoding="latin-1")
    assert NewsPage.objects.filter(title="Workshop in Malmö in August 2006").exists()


def test_undeclared_encoding_is_detected_and_reported(site):
    output = run_import(fixture("latin1-undeclared.txt"))
    assert NewsPage.objects.filter(title="Workshop in Malmö in August 2006").exists()
    assert "latin1-undeclared.txt (text, cp1252):" in output
    assert "read as windows-1252, detected (Malmö)" in output


# --- pages of the forms beyond the seed: one batch ----------------------------------------

NEW_FORMS = ("wp-name-heading.txt", "wp-no-heading.txt", "event-announcement.txt")


def import_new_forms(**options):
    return run_import(*(fixture(name) for name in NEW_FORMS), **options)


def report_section(output, heading):
    """The lines of one section of the report ("Files:", "Pages:", "Totals:")."""
    lines = output.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return lines[start:end]


def test_batch_creates_each_work_package_once_under_its_own_name(site):
    import_new_forms()
    assert sorted(
        WorkPackagePage.objects.values_list("title", "number"), key=lambda row: row[0]
    ) == [("Cluster Development", 3), ("Knowledge networks", None)]


def test_batch_gives_each_work_package_its_milestones_and_periods(site):
    import_new_forms()
    periods = {
        package.title: [
            (m.number, m.period_start, m.period_end) for m in package.milestones.order_by("number")
        ]
        for package in WorkPackagePage.objects.all()
    }
    assert periods == {
        "Knowledge networks": [
            (1, datetime.date(2005, 7, 1), datetime.date(2005, 12, 1)),
            (2, datetime.date(2006, 1, 1), datetime.date(2006, 6, 1)),
        ],
        "Cluster Development": [
            (1, datetime.date(2005, 1, 1), datetime.date(2005, 6, 1)),
            (2, datetime.date(2005, 7, 1), datetime.date(2005, 12, 1)),
            (3, datetime.date(2006, 1, 1), datetime.date(2006, 6, 1)),
            (4, datetime.date(2006, 7, 1), datetime.date(2007, 12, 1)),
        ],
    }


def test_batch_creates_each_news_item_once_with_its_event_place_and_dates(site):
    import_new_forms()
    assert events() == LATEST_NEWS_EVENTS


def test_event_announcement_and_its_list_item_are_one_news_page(site):
    import_new_forms()
    conference = NewsPage.objects.get(event_city__slug="berlin")
    assert conference.title.startswith('Conference "Transnational Cluster Alliances')
    assert [block.value.source[:30] for block in conference.body] == [
        "<p>The cluster development wor",
        "<p>The conference is hosted by",
    ]
    assert conference.teaser.startswith("Work package 3 closed its work with a conference")


def test_news_naming_wp_3_is_linked_to_the_work_package_named_after_it(site):
    output = import_new_forms()
    conference = NewsPage.objects.get(event_city__slug="berlin")
    assert [wp.title for wp in conference.work_packages.all()] == ["Cluster Development"]
    assert "number 3 from “Cluster Development” named WP 3 in " in output


def test_batch_imported_again_changes_nothing(site):
    import_new_forms()
    before = state()
    output = import_new_forms()
    assert state() == before
    assert "0 created, 0 updated, 6 unchanged, 0 skipped" in output


def test_report_says_what_each_file_gave(site):
    files = report_section(import_new_forms(), "Files:")
    text = "\n".join(files)
    assert (
        "work package “Knowledge networks”: named by its heading (line 22); no number on the page"
        in text
    )
    assert (
        "milestones 1, 2 (July 2005 – June 2006); its introduction announces 6: the others are "
        "not on this page" in text
    )
    assert (
        "work package “Cluster Development”: no heading of its own: named after the page's "
        "title (line 1); no number on the page" in text
    )
    assert (
        'article (line 22): event “Conference "Transnational Cluster Alliances – Connecting '
        'Neighbours in the Baltic Sea Region"”, Berlin, 13 November 2007' in text
    )
    assert text.count("latest news: 4 items") == 3


def test_report_totals_add_up(site):
    totals = report_section(import_new_forms(), "Totals:")
    assert totals == [
        "  work packages: 2 files describe 2 work packages: 2 created, 0 updated, 0 unchanged, "
        "0 skipped",
        "  milestones: 6 headings, 6 read, 0 left out; 6 distinct",
        "  news: 12 list entries and 1 article (0 left out) are 4 items: 4 created, 0 updated, "
        "0 unchanged, 0 skipped",
        "  warnings: 0",
    ]


def test_dry_run_prints_the_same_report(site):
    dry = import_new_forms(dry_run=True)
    real = import_new_forms()
    assert report_section(dry, "Files:") == report_section(real, "Files:")
    as_done = dry.replace(" Dry run: nothing was written.", "")
    for verb, done in (("create", "created"), ("update", "updated"), ("skip", "skipped")):
        as_done = as_done.replace(f"would {verb}", done)
    assert as_done == real


def test_an_introduction_announcing_more_milestones_is_noted_on_the_work_package(site):
    output = run_import(fixture("wp-name-heading.txt"))
    assert "created work package “Knowledge networks” (no number): milestones 1, 2" in output
    assert (
        "note: the introduction announces 6 milestones; the files give 2 (1, 2): the others "
        "were on other pages" in output
    )


def test_page_without_heading_or_title_is_named_after_its_file(site, tmp_path):
    text = (FIXTURES / "wp-no-heading.txt").read_text(encoding="utf-8")
    path = tmp_path / "cluster-development.txt"
    path.write_text(text.split("\n", 2)[2].replace('WP 3 "Cluster Development"', "WP 3"))
    output = run_import(str(path))
    assert WorkPackagePage.objects.get().title == "Cluster development"
    assert "no heading of its own nor title: named after the file's name" in output


# --- work packages by name ---------------------------------------------------------------


def test_named_page_updates_the_existing_work_package_of_that_name(site):
    existing = WorkPackagePageFactory(
        parent=site.work_package_index, number=4, title="WP 4: Knowledge Networks", slug="kn"
    )
    output = run_import(fixture("wp-name-heading.txt"))
    assert list(WorkPackagePage.objects.all()) == [existing]
    assert existing.milestones.count() == 2
    assert "updated work package WP 4: WP 4: Knowledge Networks: milestone 1 added" in output


def test_a_number_given_later_numbers_the_work_package_known_by_name(site, tmp_path):
    run_import(fixture("wp-name-heading.txt"))
    known = WorkPackagePage.objects.get(title="Knowledge networks")
    page = tmp_path / "wp4.txt"
    page.write_text(
        "Work Package 4: Knowledge Networks\n\nMilestone 3 (July - December 2006)\n\n"
        "The action-learning groups of the cities compare their experience.\n"
    )
    output = run_import(str(page))
    known.refresh_from_db()
    assert (known.number, WorkPackagePage.objects.count()) == (4, 1)
    assert [m.number for m in known.milestones.all()] == [1, 2, 3]
    assert "number 4; milestone 3 added" in output


def test_a_name_does_not_join_a_work_package_of_another_number(site, tmp_path):
    WorkPackagePageFactory(
        parent=site.work_package_index, number=2, title="Knowledge networks", slug="kn"
    )
    page = tmp_path / "wp4.txt"
    page.write_text(
        "Work Package 4: Knowledge networks\n\nMilestone 3 (July - December 2006)\n\n"
        "The action-learning groups of the cities compare their experience.\n"
    )
    run_import(str(page))
    assert sorted(WorkPackagePage.objects.values_list("number", flat=True)) == [2, 4]


def test_the_name_a_page_gives_replaces_the_number_an_earlier_import_used(site, tmp_path):
    run_import(fixture("milestones-only.txt"), work_package=5)
    page = tmp_path / "wp5.txt"
    page.write_text(
        "Work Package 5: Joint innovation policy framework\n\nMilestone 1 (January - June "
        "2006)\n\nThe working group is set up.\n"
    )
    run_import(str(page))
    assert WorkPackagePage.objects.get(number=5).title == "Joint innovation policy framework"


def test_a_title_an_editor_gave_is_kept_and_the_old_name_noted(site, tmp_path):
    WorkPackagePageFactory(parent=site.work_package_index, number=2, title="City marketing")
    page = tmp_path / "wp2.txt"
    page.write_text(
        "Work Package 2: Regional Branding\n\nMilestone 1 (Start - June2005)\n\n"
        "Each metropolis describes how it presents itself abroad.\n"
    )
    output = run_import(str(page))
    assert WorkPackagePage.objects.get(number=2).title == "City marketing"
    assert "note: the old site calls it “Regional Branding”; its title is kept" in output


def test_work_package_option_numbers_a_named_page_and_keeps_its_name(site):
    run_import(fixture("wp-name-heading.txt"), work_package=4)
    assert WorkPackagePage.objects.get(number=4).title == "Knowledge networks"


def test_two_work_packages_without_a_number_live_side_by_side(site, tmp_path):
    other = tmp_path / "regional-branding.txt"
    other.write_text(
        "Milestone 1 (Start - June 2005)\n\nEach city describes how it presents itself.\n"
    )
    run_import(fixture("wp-name-heading.txt"), str(other))
    assert sorted(WorkPackagePage.objects.values_list("title", "number")) == [
        ("Knowledge networks", None),
        ("Regional branding", None),
    ]


# --- the page's own article ----------------------------------------------------------------


def test_article_updates_the_news_item_a_list_gave_before(site):
    run_import(fixture("wp-name-heading.txt"))
    listed = NewsPage.objects.get(event_city__slug="berlin")
    output = run_import(fixture("event-announcement.txt"))
    conference = NewsPage.objects.get(event_city__slug="berlin")
    assert (conference.pk, NewsPage.objects.count()) == (listed.pk, 4)
    assert conference.title.startswith('Conference "Transnational Cluster Alliances')
    assert len(conference.body) == 2
    assert "updated news “Conference" in output


def test_article_after_load_demo_updates_the_demo_event(demo):
    news_before = NewsPage.objects.count()
    run_import(fixture("event-announcement.txt"))
    assert NewsPage.objects.count() == news_before
    demo_page = NewsPage.objects.get(
        slug="cluster-development-final-conference", locale__language_code="en"
    )
    assert demo_page.title.startswith('Conference "Transnational Cluster Alliances')


def test_article_joins_the_list_item_of_its_event_whose_words_it_shares(site, tmp_path):
    page = tmp_path / "open-days.txt"
    page.write_text(
        "latest news\n\n"
        "BaltMet Inno seminar at the Open Days in Brussels on 9 October 2007\n\nRead more\n\n"
        "Seminar at the Open Days in Brussels on 9 October 2007\n\n"
        'BaltMet Inno and the Baltic Sea Group arrange the seminar "Boosting Innovation '
        'through Metropolitan Partnership".\n\nRead more\n\n\n'
        'Seminar "Boosting Innovation through Metropolitan Partnership" Brussels, '
        "October 9, 2007\n\n"
        "At the EU Open Days the partners show how metropolitan partnership drives "
        "innovation.\n\nRead more\n"
    )
    run_import(str(page))
    assert sorted(NewsPage.objects.values_list("title", flat=True)) == [
        "BaltMet Inno seminar at the Open Days in Brussels on 9 October 2007",
        'Seminar "Boosting Innovation through Metropolitan Partnership"',
    ]


# --- the seed page with a page of each new form ------------------------------------------


def test_seed_with_the_new_forms_makes_each_item_once_and_says_so(site, seed):
    output = run_import(seed, *(fixture(name) for name in NEW_FORMS))
    assert sorted(
        WorkPackagePage.objects.values_list("number", "title"), key=lambda row: row[1]
    ) == [(3, "Cluster Development"), (None, "Knowledge networks"), (5, "Work package 5")]
    assert NewsPage.objects.count() == 4
    assert report_section(output, "Totals:") == [
        "  work packages: 3 files describe 3 work packages: 3 created, 0 updated, 0 unchanged, "
        "0 skipped",
        "  milestones: 10 headings, 10 read, 0 left out; 10 distinct",
        "  news: 16 list entries and 1 article (0 left out) are 4 items: 4 created, 0 updated, "
        "0 unchanged, 0 skipped",
        "  warnings: 0",
    ]
    before = state()
    again = run_import(seed, *(fixture(name) for name in NEW_FORMS))
    assert state() == before
    assert "4 file(s) read: 0 created, 0 updated, 7 unchanged, 0 skipped." in again


def test_new_forms_after_load_demo_create_only_what_the_demo_lacks(demo):
    news_before = NewsPage.objects.count()
    output = import_new_forms()
    assert NewsPage.objects.count() == news_before
    assert "created work package “Knowledge networks” (no number): milestones 1, 2" in output
    assert "updated work package WP 3: Cluster Development: milestone 1 added" in output
    assert "news: 12 list entries and 1 article (0 left out) are 4 items: 0 created" in output
    before = state()
    import_new_forms()
    DemoLoader(log=lambda message: None).load()
    assert state() == before
