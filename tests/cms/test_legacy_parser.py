"""The legacy parser on its own: text and HTML in, plain data out, no database."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from cms.legacy.dates import PeriodError, find_dates, parse_period
from cms.legacy.normalise import place_keys, title_key
from cms.legacy.parser import (
    LegacyParseError,
    decode_export,
    extract_meetings,
    parse_export,
    parse_page,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "legacy-site-page.txt"


def month(year, number):
    return datetime.date(year, number, 1)


def parse_fixture(name, **kwargs):
    return parse_export((FIXTURES / name).read_bytes(), name, **kwargs)


@pytest.fixture
def seed_page():
    if not SEED.exists():
        pytest.skip("../shared/seed is absent: the seed page is only checked where it exists")
    return parse_export(SEED.read_bytes(), SEED.name)


# --- the seed page ---------------------------------------------------------------------


def test_seed_page_is_work_package_5_from_its_trailing_heading(seed_page):
    assert seed_page.work_package.number == 5


def test_seed_page_gives_milestones_3_to_6_with_their_periods(seed_page):
    periods = [
        (milestone.number, milestone.period_start, milestone.period_end)
        for milestone in seed_page.work_package.milestones
    ]
    assert periods == [
        (3, month(2006, 1), month(2006, 6)),
        (4, month(2006, 7), month(2006, 12)),
        (5, month(2007, 1), month(2007, 6)),
        (6, month(2007, 7), month(2007, 12)),
    ]


def test_seed_milestone_description_restates_the_source_text(seed_page):
    milestone_4 = seed_page.work_package.milestones[1]
    assert milestone_4.description.startswith("The key elements of the innovation policy")
    assert "by the end of November." in milestone_4.description


def test_seed_page_gives_four_news_items_with_dates_and_places(seed_page):
    items = [(item.date, item.end_date, item.places) for item in seed_page.news]
    assert items == [
        (datetime.date(2007, 11, 13), None, ("Berlin",)),
        (datetime.date(2007, 10, 9), None, ("Brussels",)),
        (datetime.date(2007, 10, 9), None, ("Brussels",)),
        (datetime.date(2007, 6, 13), datetime.date(2007, 6, 15), ("St. Petersburg",)),
    ]


def test_seed_news_without_a_year_takes_it_from_the_list_and_says_so(seed_page):
    berlin = seed_page.news[0]
    assert berlin.date.year == 2007
    assert any("2007" in note for note in berlin.notes)


def test_seed_brussels_announcement_and_report_are_two_items(seed_page):
    report, announcement = seed_page.news[1], seed_page.news[2]
    assert report.key != announcement.key
    assert report.summary == ""
    assert announcement.summary.startswith("In collaboration with the Baltic Sea Group")


def test_seed_news_title_loses_its_trailing_full_stop(seed_page):
    assert seed_page.news[1].title.endswith("on 9th October 2007")


def test_seed_page_has_no_article(seed_page):
    assert seed_page.article is None


def test_seed_meetings_are_taken_from_month_and_place(seed_page):
    meetings = [
        (milestone.number, m.kind, m.month, m.place, m.in_every_partner_city, m.organiser)
        for milestone in seed_page.work_package.milestones
        for m in milestone.meetings
    ]
    assert meetings == [
        (3, "working_group_meeting", month(2006, 3), "Copenhagen", False, "wp_coordinator"),
        (4, "workshop", month(2006, 8), "Malmo", False, "wp_coordinator"),
        (4, "advisory_board_meeting", month(2006, 10), None, True, "each_city_partner"),
        (5, "working_group_meeting", month(2007, 2), "Warsaw", False, "wp_coordinator"),
        (5, "national_seminar", month(2007, 4), None, True, "each_city_partner"),
        (6, "workshop", month(2007, 8), "Copenhagen", False, "wp_coordinator"),
        (6, "conference", month(2007, 11), "Brussels", False, "wp_coordinator"),
    ]


def test_seed_objective_is_the_sentence_that_states_it(seed_page):
    assert seed_page.work_package.objective.startswith("The main objective of this WP")


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January - June 2006", (month(2006, 1), month(2006, 6))),
        ("July - December 2006", (month(2006, 7), month(2006, 12))),
        ("Start - June 2005", (month(2005, 1), month(2005, 6))),
        ("(6/2005)", (month(2005, 6), month(2005, 6))),
        ("June 2005", (month(2005, 6), month(2005, 6))),
        ("January – June 2007", (month(2007, 1), month(2007, 6))),
        ("Jan-Jun 2006", (month(2006, 1), month(2006, 6))),
        ("November 2006 - April 2007", (month(2006, 11), month(2007, 4))),
        ("November - February 2006", (month(2005, 11), month(2006, 2))),
        ("1/2006 - 6/2006", (month(2006, 1), month(2006, 6))),
        ("July 2007 - End", (month(2007, 7), month(2007, 12))),
        ("March to May 2005", (month(2005, 3), month(2005, 5))),
        ("2006-03", (month(2006, 3), month(2006, 3))),
    ],
)
def test_period_forms(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Spring 2006", "is not a month"),
        ("June", "has no year"),
        ("June 2006 - January 2006", "ends before it starts"),
        ("13/2006", "is not a month's number"),
        ("Start", "has no year"),
        ("January - June - July 2006", "more than two ends"),
        ("", "no period"),
    ],
)
def test_unreadable_periods_say_why(text, reason):
    with pytest.raises(PeriodError, match=reason):
        parse_period(text)


# --- dates in news -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on 9 October 2007", (2007, 10, 9), None),
        ("in Brussels on 9th October 2007.", (2007, 10, 9), None),
        ("Workshops in St. Petersburg, 13-15 June 2007", (2007, 6, 13), (2007, 6, 15)),
        ("From 13 - 15 June, the City", (None, 6, 13), (None, 6, 15)),
        ("On November 13th BaltMet Inno", (None, 11, 13), None),
        ("June 13-15, 2007", (2007, 6, 13), (2007, 6, 15)),
        ("30 June – 2 July 2007", (2007, 6, 30), (2007, 7, 2)),
        ("November 13, 2007", (2007, 11, 13), None),
        ("Published 13.11.2007", (2007, 11, 13), None),
    ],
)
def test_news_date_forms(text, start, end):
    mention = find_dates(text)[0]
    assert (mention.start.year, mention.start.month, mention.start.day) == start
    assert (
        None if mention.end is None else (mention.end.year, mention.end.month, mention.end.day)
    ) == end


@pytest.mark.parametrize(
    "text", ["in March 2006", "WP 3 meeting", "31 February 2007", "May we meet on 12"]
)
def test_texts_without_a_day_give_no_date(text):
    assert find_dates(text) == []


# --- the project's own fixtures: text and HTML ---------------------------------------------


def test_text_and_html_shapes_of_a_page_read_alike():
    text, html = parse_fixture("work-package-2.txt"), parse_fixture("work-package-2.html")
    assert not text.is_html and html.is_html
    assert html.work_package.milestones == text.work_package.milestones
    assert [(i.title, i.summary, i.date) for i in html.news] == [
        (i.title, i.summary, i.date) for i in text.news
    ]


def test_html_work_package_heading_gives_number_and_title():
    package = parse_fixture("work-package-2.html").work_package
    assert (package.number, package.title) == (2, "City marketing")


def test_html_menus_scripts_and_footer_stay_out_of_the_content():
    page = parse_fixture("work-package-2.html")
    last = page.work_package.milestones[-1].description
    assert last.endswith("published on the project's web site.")
    assert [m.number for m in page.work_package.milestones] == [1, 2, 3, 4]
    assert page.work_package.intro == ("The work package is carried out in four milestones:",)


def test_fixture_periods_cover_start_single_month_and_cross_year_forms():
    periods = [
        (m.period_start, m.period_end)
        for m in parse_fixture("work-package-2.txt").work_package.milestones
    ]
    assert periods == [
        (month(2005, 1), month(2005, 6)),
        (month(2005, 7), month(2005, 12)),
        (month(2006, 6), month(2006, 6)),
        (month(2006, 11), month(2007, 6)),
    ]


def test_fixture_meeting_with_the_local_partner_and_in_every_city():
    milestones = parse_fixture("work-package-2.txt").work_package.milestones
    workshop = milestones[1].meetings[0]
    assert (workshop.kind, workshop.place, workshop.with_local_partner) == (
        "workshop",
        "Tallinn",
        True,
    )
    board = milestones[2].meetings[0]
    assert (board.kind, board.month, board.in_every_partner_city) == (
        "advisory_board_meeting",
        month(2006, 6),
        True,
    )


def test_undated_item_is_placed_by_its_neighbours():
    undated = parse_fixture("work-package-2.txt").news[2]
    assert undated.date is None
    assert undated.listed_near == datetime.date(2006, 3, 21)


# --- article pages ----------------------------------------------------------------------------


def test_news_article_in_text_shape():
    article = parse_fixture("news-article.txt").article
    assert article.title == (
        "Joint Innovation Policies for the Baltic Sea Region: workshop in Helsinki"
    )
    assert article.is_article and not article.is_event_page
    assert article.published == datetime.date(2006, 11, 2)
    assert article.date == datetime.date(2006, 10, 31)
    assert len(article.body) == 2
    assert article.body[-1].endswith("support one another.")


def test_news_article_and_its_list_item_share_a_key():
    page = parse_fixture("news-article.txt")
    assert page.article.key == page.news[0].key


def test_event_article_in_html_shape_with_its_details():
    article = parse_fixture("event-article.html").article
    assert article.is_event_page
    assert article.date == datetime.date(2006, 3, 21)
    assert (article.start_time, article.end_time) == (datetime.time(10), datetime.time(16, 30))
    assert article.places == ("Tallinn",)
    assert article.venue == "Town Hall"
    assert (
        article.body[-1]
        == "The next meeting of the working group will be held in Malmö – the date follows."
    )


def test_event_article_list_in_sidebar_after_the_article():
    page = parse_fixture("event-article.html")
    assert [item.title for item in page.news] == ["Partner meeting in Tallinn on 21 March 2006"]


def test_a_menu_entry_called_news_is_no_article():
    html = (
        "<ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/wp'>Work</a></li></ul><h2>Latest news</h2>"
        "<h3>Seminar in Riga on 4 May 2006</h3><a href='/n/1'>Read more</a>"
    )
    page = parse_page(html, "menu.html")
    assert page.article is None
    assert [item.title for item in page.news] == ["Seminar in Riga on 4 May 2006"]


def test_a_menu_in_a_text_export_is_no_article():
    text = (
        "Home\nNews\nWork packages\nPartners\nContact\n\nlatest news\n\n"
        "Seminar in Riga on 4 May 2006\n\nRead more\n"
    )
    assert parse_page(text, "menu.txt").article is None


def test_the_parser_needs_no_django():
    code = (
        "import sys, cms.legacy.parser; "
        "sys.exit(any(m.split('.')[0] in ('django', 'wagtail') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


# --- malformed files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed-no-content.txt", "no “latest news” list, no milestones"),
        ("malformed-bad-period.txt", "milestone 2 has a period that cannot be read"),
        ("malformed-latin1.txt", "cannot be read as utf-8"),
        ("malformed-no-work-package.txt", "no “Work Package N” heading"),
        ("malformed-empty-list.html", "list with no items"),
    ],
)
def test_malformed_fixture_is_refused_with_its_name_and_reason(name, reason):
    with pytest.raises(LegacyParseError) as caught:
        parse_fixture(name)
    assert caught.value.name == name
    assert reason in caught.value.reason


def test_a_named_encoding_reads_a_latin1_file():
    page = parse_fixture("malformed-latin1.txt", encoding="latin-1")
    assert page.news[0].title == "Workshop in Malmö in August 2006"


def test_html_declaring_iso_8859_1_is_read_as_windows_1252():
    text = decode_export((FIXTURES / "event-article.html").read_bytes(), "event-article.html")
    assert "Malmö – the date follows" in text


def test_binary_file_is_refused():
    with pytest.raises(LegacyParseError, match="binary"):
        decode_export(b"\x89PNG\r\n\x1a\n\x00\x00", "picture.png")


def test_milestone_heading_without_period_is_refused():
    with pytest.raises(LegacyParseError, match="gives no period"):
        parse_page("Milestone 3\n\nThe group meets.\n\nWork Package 1", "x.txt")


def test_duplicate_milestone_is_refused():
    text = "Milestone 1 (June 2005)\n\nOne.\n\nMilestone 1 (July 2005)\n\nTwo.\n\nWork Package 1"
    with pytest.raises(LegacyParseError, match="milestone 1 appears twice"):
        parse_page(text, "x.txt")


def test_explicit_work_package_conflicting_with_heading_is_refused():
    text = "Milestone 1 (June 2005)\n\nThe group meets.\n\nWork Package 1"
    with pytest.raises(LegacyParseError, match="says work package 1, not 2"):
        parse_page(text, "x.txt", work_package=2)


def test_explicit_work_package_for_a_page_without_heading():
    text = "Milestone 1 (June 2005)\n\nThe group meets."
    assert parse_page(text, "x.txt", work_package=4).work_package.number == 4


def test_a_sentence_starting_with_milestone_is_no_heading():
    text = (
        "Milestone 1 (June 2005)\n\nThe group meets.\n\n"
        "Milestone 2 - the group meets again, is planned.\n\nWork Package 1"
    )
    package = parse_page(text, "x.txt").work_package
    assert [m.number for m in package.milestones] == [1]
    assert package.milestones[0].description.endswith("the group meets again, is planned.")


# --- meetings --------------------------------------------------------------------------------


def test_meeting_with_two_places_is_left_out_with_a_note():
    meetings, notes = extract_meetings(
        "Workshops are held in Riga and in Oslo in May.", month(2006, 1), month(2006, 6)
    )
    assert meetings == ()
    assert "more than one month or place" in notes[0]


def test_meeting_month_outside_the_period_is_left_out_with_a_note():
    meetings, notes = extract_meetings(
        "A workshop is held in Riga in May 2007.", month(2006, 1), month(2006, 6)
    )
    assert meetings == ()
    assert "outside the milestone's period" in notes[0]


def test_deadline_month_is_no_meeting():
    meetings, notes = extract_meetings(
        "By the end of June the co-ordinator sends the draft to Riga.",
        month(2006, 1),
        month(2006, 6),
    )
    assert (meetings, notes) == ((), ())


def test_meeting_kind_from_the_next_sentence():
    meetings, _notes = extract_meetings(
        "The report is released in November in Oslo. The conference is open to all.",
        month(2007, 7),
        month(2007, 12),
    )
    assert [(m.kind, m.place, m.month) for m in meetings] == [
        ("conference", "Oslo", month(2007, 11))
    ]


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [("Malmo", "Malmö"), ("Malmoe", "Malmö"), ("St. Petersburg", "St Petersburg")],
)
def test_place_spellings_meet(written, stored):
    assert place_keys(written) & place_keys(stored)


def test_title_key_ignores_spacing_of_the_project_name_and_punctuation():
    assert title_key("Balt Met Inno seminar.") == title_key("BaltMet Inno Seminar")
