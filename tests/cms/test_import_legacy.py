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
    events = sorted(
        NewsPage.objects.values_list("event_start_date", "event_end_date", "event_city__name")
    )
    assert events == [
        (datetime.date(2007, 6, 13), datetime.date(2007, 6, 15), "St Petersburg"),
        (datetime.date(2007, 10, 9), None, "Brussels"),
        (datetime.date(2007, 10, 9), None, "Brussels"),
        (datetime.date(2007, 11, 13), None, "Berlin"),
    ]


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
    report = NewsPage.objects.get(slug="open-days-seminar-report")
    announcement = NewsPage.objects.get(slug="open-days-seminar-announcement")
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


def test_html_after_text_of_the_same_page_changes_nothing(site):
    run_import(fixture("work-package-2.txt"))
    before = state()
    output = run_import(fixture("work-package-2.html"))
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


def test_work_package_option_names_a_page_without_heading(site, places):
    run_import(fixture("malformed-no-work-package.txt"), work_package=7)
    milestone = WorkPackagePage.objects.get(number=7).milestones.get(number=2)
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


def test_malformed_file_leaves_the_database_untouched(site):
    before = state()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_legacy",
            fixture("work-package-2.txt"),
            fixture("malformed-bad-period.txt"),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert state() == before
    assert "malformed-bad-period.txt: milestone 2 has a period that cannot be read" in (
        err.getvalue()
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed-no-content.txt", "no “latest news” list"),
        ("malformed-latin1.txt", "cannot be read as utf-8"),
        ("malformed-no-work-package.txt", "no “Work Package N” heading"),
        ("malformed-empty-list.html", "list with no items"),
        ("does-not-exist.txt", "no such file"),
    ],
)
def test_each_unreadable_file_is_named_with_its_reason(site, name, reason):
    before = state()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_legacy",
            fixture("news-article.txt"),
            fixture(name),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert state() == before
    assert f"{name}: " in err.getvalue()
    assert reason in err.getvalue()


def test_without_a_news_index_nothing_is_written(places):
    # The suite's database holds the site's skeleton; this site has no news section.
    NewsIndexPage.objects.all().delete()
    before = state()
    with pytest.raises(CommandError):
        call_command(
            "import_legacy",
            fixture("news-article.txt"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert state() == before


def test_encoding_option_reads_a_latin1_file(site):
    run_import(fixture("malformed-latin1.txt"), encoding="latin-1")
    assert NewsPage.objects.filter(title="Workshop in Malmö in August 2006").exists()
