"""The legacy parser on its own: text and HTML in, plain data out, no database."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from cms.legacy.dates import PeriodError, find_dates, parse_period, scan_dates
from cms.legacy.normalise import place_keys, title_key, work_package_key
from cms.legacy.parser import (
    LegacyParseError,
    decode_export,
    event_heading,
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
        # Typed in a hurry: the month glued to its year, any dash, spaces or none.
        ("Start - June2005", (month(2005, 1), month(2005, 6))),
        ("Start-June 2005", (month(2005, 1), month(2005, 6))),
        ("start – June 2005", (month(2005, 1), month(2005, 6))),
        ("July–December2005", (month(2005, 7), month(2005, 12))),
        ("July -December 2005", (month(2005, 7), month(2005, 12))),
        ("January - June2006", (month(2006, 1), month(2006, 6))),
        ("Jan.-Dec. '05", (month(2005, 1), month(2005, 12))),
        ("July 2006 - End", (month(2006, 7), month(2007, 12))),
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
        ("Tallinn, May 10-11, 2006", (2006, 5, 10), (2006, 5, 11)),
        ("Riga, May 30 - June 1, 2006", (2006, 5, 30), (2006, 6, 1)),
        ("13 - 15 June", (None, 6, 13), (None, 6, 15)),
        ("in Brussels on 9th October2007", (2007, 10, 9), None),
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


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Seminar in Riga on 31 September 2006", "'31 September 2006' is not a day"),
        ("Workshops, 15-13 June 2007", "'15-13 June 2007' ends before it starts"),
    ],
)
def test_a_date_that_cannot_be_says_why(text, reason):
    mentions, problems = scan_dates(text)
    assert mentions == []
    assert reason in problems[0]


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


# --- work packages named, not numbered --------------------------------------------------


def test_work_package_known_by_the_name_of_its_heading():
    package = parse_fixture("wp-name-heading.txt").work_package
    assert (package.number, package.title) == (None, "Knowledge networks")
    assert package.title_source == "its heading (line 22)"


def test_named_work_package_keeps_its_introduction_below_the_heading():
    package = parse_fixture("wp-name-heading.txt").work_package
    assert len(package.intro) == 1
    assert package.intro[0].startswith("Work in this work package began half a year later")


def test_glued_and_en_dash_periods_of_the_named_page():
    package = parse_fixture("wp-name-heading.txt").work_package
    assert [(m.number, m.period_start, m.period_end, m.line) for m in package.milestones] == [
        (1, month(2005, 7), month(2005, 12), 26),
        (2, month(2006, 1), month(2006, 6), 30),
    ]


def test_introduction_announcing_more_milestones_than_the_page_gives():
    package = parse_fixture("wp-name-heading.txt").work_package
    assert (package.announced_milestones, len(package.milestones)) == (6, 2)


def test_page_without_heading_is_named_after_its_title_line():
    page = parse_fixture("wp-no-heading.txt")
    package = page.work_package
    assert (package.number, package.title) == (None, "Cluster Development")
    assert package.title_source == "the page's title (line 1)"
    assert package.intro == (
        "Work within this work package is divided into four milestones as follows:",
    )


def test_start_and_end_are_the_project_s_first_and_last_months():
    milestones = parse_fixture("wp-no-heading.txt").work_package.milestones
    assert (milestones[0].period_start, milestones[-1].period_end) == (
        month(2005, 1),
        month(2007, 12),
    )


def test_title_line_is_not_taken_for_the_news_list_or_an_article():
    page = parse_fixture("wp-no-heading.txt")
    assert page.title == "Cluster Development"
    assert page.article is None
    assert len(page.news) == 4


def test_page_without_heading_or_title_is_named_after_its_file():
    text = "Milestone 1 (Start - June 2005)\n\nThe partners compare how each city presents itself."
    package = parse_page(text, "exports/regional-branding.txt").work_package
    assert (package.number, package.title, package.title_source) == (
        None,
        "Regional branding",
        "the file's name",
    )


def test_html_heading_names_the_work_package():
    html = (
        "<html><head><title>BaltMet Inno</title></head><body><h1>Regional Branding</h1>"
        "<p>The work is divided into two milestones.</p>"
        "<h3>Milestone 1 (Start – June2005)</h3><p>Each city describes its image abroad.</p>"
        "<h3>Milestone 2 (July-December 2005)</h3><p>The images are compared.</p></body></html>"
    )
    package = parse_page(html, "branding.html").work_package
    assert (package.number, package.title, package.announced_milestones) == (
        None,
        "Regional Branding",
        2,
    )
    assert package.intro == ("The work is divided into two milestones.",)


def test_numbered_heading_without_name_takes_the_name_of_the_html_title():
    html = (
        "<html><head><title>BaltMet Inno - City marketing</title></head><body>"
        "<h3>Milestone 1 (June 2005)</h3><p>The cities compare their marketing.</p>"
        "<h2>Work Package 2</h2></body></html>"
    )
    package = parse_page(html, "wp2.html").work_package
    assert (package.number, package.title) == (2, "City marketing")


def test_heading_after_a_menu_in_a_text_export_names_the_work_package():
    text = (
        "Home\nNews\nWork packages\nPartners\n\nRegional Branding\n\n"
        "The work is divided into two milestones.\n\n"
        "Milestone 1 (Start - June 2005)\n\nEach city describes its image abroad.\n"
    )
    package = parse_page(text, "branding.txt").work_package
    assert (package.title, package.intro) == (
        "Regional Branding",
        ("The work is divided into two milestones.",),
    )


def test_a_section_word_before_the_milestones_is_no_name():
    text = "Activities\n\nMilestone 1 (June 2005)\n\nThe partners meet."
    package = parse_page(text, "wp.txt").work_package
    assert package.title == "Wp"
    assert package.intro == ("Activities",)


def test_seed_page_is_named_by_nothing_but_its_number(seed_page):
    package = seed_page.work_package
    assert (package.title, package.title_source) == ("", "its number")
    assert package.announced_milestones == 4


def test_seed_pairs_wp_3_with_its_name(seed_page):
    assert (3, "Cluster Development", 3) in seed_page.numbered_names


@pytest.mark.parametrize(
    "written",
    [
        "Cluster Development",
        "WP 3: Cluster development",
        "Work package “Cluster development”",
        "Workpackage no. 3 - Cluster Development",
        "Cluster development work package",
    ],
)
def test_work_package_names_meet_without_case_punctuation_or_prefix(written):
    assert work_package_key(written) == "cluster development"


# --- event announcements ----------------------------------------------------------------------


def test_event_heading_is_taken_apart():
    heading = event_heading('Workshop "Innovation in Capital Regions" Tallinn, May 10-11, 2006')
    assert heading.title == 'Workshop "Innovation in Capital Regions"'
    assert heading.places == ("Tallinn",)
    assert (heading.date, heading.end_date) == (
        datetime.date(2006, 5, 10),
        datetime.date(2006, 5, 11),
    )


@pytest.mark.parametrize(
    "text",
    [
        "BaltMet Inno Workshops in St. Petersburg, 13-15 June 2007",
        'Seminar "Boosting Innovation through Metropolitan Partnership"',
        'The conference "Connecting Neighbours" was a success.',
    ],
)
def test_titles_without_quoted_name_place_and_date_are_no_event_heading(text):
    assert event_heading(text) is None


def test_event_announcement_page_gives_its_article():
    article = parse_fixture("event-announcement.txt").article
    assert article.title == (
        'Conference "Transnational Cluster Alliances – Connecting Neighbours in the Baltic '
        'Sea Region"'
    )
    assert (article.date, article.end_date, article.places) == (
        datetime.date(2007, 11, 13),
        None,
        ("Berlin",),
    )
    assert article.is_article and article.is_event_page
    assert len(article.body) == 2
    assert article.line == 22


def test_event_announcement_does_not_join_the_news_list():
    page = parse_fixture("event-announcement.txt")
    assert [item.line for item in page.news] == [3, 9, 13, 17]
    assert page.news[-1].date == datetime.date(2007, 6, 13)


ANNOUNCEMENT = (
    'Workshop "Innovation in Capital Regions" Tallinn, May 10-11, 2006\n\n'
    "The capitals compare how they support innovation.\n\n"
    "Each city presents one example.\n\nRead more\n"
)
LIST = "latest news\n\nSeminar in Riga on 4 May 2006\n\nRead more\n"


@pytest.mark.parametrize(
    "text",
    [
        f"{ANNOUNCEMENT}\n{LIST}",  # the article first, the list after
        f"{LIST}\n{ANNOUNCEMENT}",  # run on from the list without a gap
        f"{LIST}\n\n\n{ANNOUNCEMENT}",  # after the list, past the gap
    ],
)
def test_event_announcement_found_before_within_or_after_the_list(text):
    page = parse_page(text, "tallinn.txt")
    assert page.article.title == 'Workshop "Innovation in Capital Regions"'
    assert page.article.body[-1] == "Each city presents one example."
    assert [item.title for item in page.news] == ["Seminar in Riga on 4 May 2006"]


def test_a_double_spaced_export_keeps_its_whole_list():
    text = (
        "latest news\n\n\nSeminar in Riga on 4 May 2006\n\n\nRead more\n\n\n"
        "Workshop in Tallinn on 10 May 2006\n\n\nRead more\n"
    )
    assert len(parse_page(text, "double.txt").news) == 2


def test_one_paragraph_announcement_after_the_gap_is_the_article():
    text = (
        f"{LIST}\n\n\n"
        'Seminar "Joint Innovation Policies" Helsinki, October 31, 2006\n\n'
        "The partners meet in Helsinki.\n\nRead more\n"
    )
    page = parse_page(text, "helsinki.txt")
    assert page.article.places == ("Helsinki",)
    assert len(page.news) == 1


def test_event_heading_in_a_section_article_gives_title_place_and_dates():
    text = (
        "Events\n\n"
        'Workshop "Innovation in Capital Regions" Tallinn, May 10-11, 2006\n\n'
        "The capitals compare how they support innovation.\n\nBack\n"
    )
    article = parse_page(text, "tallinn.txt").article
    assert (article.title, article.places, article.date) == (
        'Workshop "Innovation in Capital Regions"',
        ("Tallinn",),
        datetime.date(2006, 5, 10),
    )


def test_event_heading_as_a_list_item_gives_its_place():
    text = (
        'latest news\n\nWorkshop "Innovation in Capital Regions" Tallinn, May 10-11, 2006\n\n'
        "Read more\n"
    )
    item = parse_page(text, "list.txt").news[0]
    assert (item.places, item.date, item.end_date) == (
        ("Tallinn",),
        datetime.date(2006, 5, 10),
        datetime.date(2006, 5, 11),
    )


# --- what cannot be read: a warning with its line, the rest kept ---------------------------


def test_unreadable_period_leaves_the_milestone_out_with_its_line():
    text = (
        "Milestone 1 (June 2005)\n\nThe group meets.\n\n"
        "Milestone 2 (Spring 2006)\n\nThe group meets twice.\n\nWork Package 4"
    )
    page = parse_page(text, "wp4.txt")
    assert [m.number for m in page.work_package.milestones] == [1]
    assert [(w.line, w.text) for w in page.warnings] == [
        (
            5,
            "milestone 2 has a period that cannot be read ('Spring 2006' is not a month): the "
            "milestone is left out",
        )
    ]
    assert page.milestone_headings == 2


def test_malformed_fixture_keeps_its_news_and_warns_about_the_period():
    page = parse_fixture("malformed-bad-period.txt")
    assert page.work_package is None
    assert len(page.news) == 1
    assert [warning.line for warning in page.warnings] == [8, 8]
    assert "no milestone of work package 4 could be read" in page.warnings[1].text


def test_milestone_heading_without_period_is_left_out():
    text = "Milestone 2\n\nThe group meets.\n\nMilestone 3 (May 2006)\n\nAgain.\n\nWP 1"
    page = parse_page(text, "x.txt")
    assert [m.number for m in page.work_package.milestones] == [3]
    assert "gives no period" in page.warnings[0].text


def test_duplicate_milestone_keeps_the_first_and_warns():
    text = "Milestone 1 (June 2005)\n\nOne.\n\nMilestone 1 (July 2005)\n\nTwo.\n\nWork Package 1"
    page = parse_page(text, "x.txt")
    assert [m.description for m in page.work_package.milestones] == ["One."]
    assert page.warnings[0].text.startswith("milestone 1 appears twice (first on line 1)")


def test_impossible_date_in_the_list_is_a_warning_and_the_item_stays():
    text = "latest news\n\nSeminar in Riga on 31 September 2006\n\nRead more\n"
    page = parse_page(text, "x.txt")
    assert page.news[0].date is None
    assert page.warnings[0].line == 3
    assert "'31 September 2006' is not a day of the calendar" in page.warnings[0].text


def test_article_date_not_understood_is_a_warning_and_no_event():
    text = "Events\n\nPartner meeting\n\nDate: some day in spring\n\nThe partners meet.\n"
    page = parse_page(text, "x.txt")
    assert page.article.date is None
    assert page.warnings[0].line == 5
    assert page.warnings[0].text.startswith("the article's date: 'some day in spring'")


def test_page_naming_two_work_packages_leaves_its_milestones_out():
    text = "Work Package 1\n\nMilestone 1 (June 2005)\n\nThe group meets.\n\nWork Package 2"
    with pytest.raises(LegacyParseError, match="names work packages 1 and 2"):
        parse_page(text, "x.txt")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed-no-content.txt", "no “latest news” list, no milestones"),
        ("malformed-empty-list.html", "list with no items"),
    ],
)
def test_file_with_nothing_to_import_is_refused_with_its_name_and_reason(name, reason):
    with pytest.raises(LegacyParseError) as caught:
        parse_fixture(name)
    assert caught.value.name == name
    assert reason in caught.value.reason


def test_explicit_work_package_conflicting_with_heading_is_refused():
    text = "Milestone 1 (June 2005)\n\nThe group meets.\n\nWork Package 1"
    with pytest.raises(LegacyParseError, match="says work package 1, not 2"):
        parse_page(text, "x.txt", work_package=2)


def test_explicit_work_package_for_a_page_without_heading():
    package = parse_fixture("milestones-only.txt", work_package=4).work_package
    assert (package.number, package.number_source) == (4, "given with --work-package")
    assert (package.title, package.title_source) == ("", "its number")


def test_a_sentence_starting_with_milestone_is_no_heading():
    text = (
        "Milestone 1 (June 2005)\n\nThe group meets.\n\n"
        "Milestone 2 - the group meets again, is planned.\n\nWork Package 1"
    )
    package = parse_page(text, "x.txt").work_package
    assert [m.number for m in package.milestones] == [1]
    assert package.milestones[0].description.endswith("the group meets again, is planned.")


# --- encodings -------------------------------------------------------------------------------


def test_undeclared_latin1_file_is_detected_as_windows_1252_and_noted():
    page = parse_fixture("latin1-undeclared.txt")
    assert page.news[0].title == "Workshop in Malmö in August 2006"
    assert page.encoding == "cp1252"
    assert page.warnings == ()
    assert "read as windows-1252, detected (Malmö)" in page.notes[0].text


def test_encoding_that_several_codepages_read_differently_is_a_warning():
    data = "latest news\n\nSeminar in Rīga on 4 May 2006\n\nRead more\n".encode("cp1257")
    page = parse_export(data, "riga.txt")
    assert "windows-1257" in page.warnings[0].text
    assert "give --encoding" in page.warnings[0].text


def test_a_given_encoding_is_used_without_a_note():
    data = "latest news\n\nSeminar in Rīga on 4 May 2006\n\nRead more\n".encode("cp1257")
    page = parse_export(data, "riga.txt", encoding="cp1257")
    assert (page.news[0].title, page.warnings, page.notes) == (
        "Seminar in Rīga on 4 May 2006",
        (),
        (),
    )


def test_a_named_encoding_reads_a_latin1_file():
    page = parse_fixture("latin1-undeclared.txt", encoding="latin-1")
    assert page.news[0].title == "Workshop in Malmö in August 2006"


def test_html_declaring_iso_8859_1_is_read_as_windows_1252():
    text = decode_export((FIXTURES / "event-article.html").read_bytes(), "event-article.html")
    assert "Malmö – the date follows" in text


def test_html_declaring_the_wrong_encoding_is_refused():
    data = b'<html><head><meta charset="utf-8"></head><body><p>Malm\xf6</p></body></html>'
    with pytest.raises(LegacyParseError, match="cannot be read as utf-8 as its <meta> declares"):
        decode_export(data, "page.html")


def test_binary_file_is_refused():
    with pytest.raises(LegacyParseError, match="binary"):
        decode_export(b"\x89PNG\r\n\x1a\n\x00\x00", "picture.png")


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
