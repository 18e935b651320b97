import datetime

from django.conf import settings
from django.utils import translation

import pytest

from cms import l10n

DAY = datetime.date(2007, 11, 13)

# The long date in each of the site's languages, as its readers write it.
LONG_DATES = {
    "en": "13 November 2007",
    "de": "13. November 2007",
    "fi": "13. marraskuuta 2007",
    "sv": "13 november 2007",
    "da": "13. november 2007",
    "et": "13. november 2007",
    "lv": "2007. gada 13. novembris",
    "lt": "2007 m. lapkričio 13 d.",
    "pl": "13 listopada 2007",
    "ru": "13 ноября 2007 г.",
    "nb": "13. november 2007",
}


def plain(text):
    """Babel writes no-break and thin spaces where a line must not break; compare words."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")


def test_every_site_language_has_its_long_date_checked():
    assert set(LONG_DATES) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize(("language", "expected"), sorted(LONG_DATES.items()))
def test_format_date_writes_the_languages_long_date(language, expected):
    assert plain(l10n.format_date(DAY, language)) == expected


def test_english_dates_are_british_not_american():
    assert l10n.format_date(DAY, "en") != "November 13, 2007"
    assert l10n.format_date(DAY, "en") == "13 November 2007"


def test_format_date_uses_the_active_language_when_none_is_given():
    with translation.override("de"):
        assert l10n.format_date(DAY) == "13. November 2007"


def test_regional_and_unknown_languages_fall_back():
    assert l10n.format_date(DAY, "en-gb") == "13 November 2007"
    assert l10n.format_date(DAY, "de-AT") == "13. November 2007"
    assert l10n.format_date(DAY, "xx") == "13 November 2007"


def test_a_datetime_is_the_day_it_is_in_its_own_time_zone():
    evening_in_riga = datetime.datetime(
        2007, 11, 13, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    assert l10n.format_date(evening_in_riga, "en") == "13 November 2007"


@pytest.mark.parametrize(
    ("start", "end", "language", "expected"),
    [
        ((2007, 6, 13), (2007, 6, 15), "en", "13–15 June 2007"),
        ((2007, 6, 30), (2007, 7, 2), "en", "30 June – 2 July 2007"),
        ((2007, 12, 30), (2008, 1, 2), "en", "30 December 2007 – 2 January 2008"),
        ((2007, 6, 13), (2007, 6, 15), "de", "13.–15. Juni 2007"),
        ((2007, 6, 13), (2007, 6, 15), "fi", "13.–15. kesäkuuta 2007"),
        ((2007, 6, 13), (2007, 6, 15), "lv", "2007. gada 13.–15. jūnijs"),
        ((2007, 6, 30), (2007, 7, 2), "pl", "30 czerwca – 2 lipca 2007"),
        ((2007, 6, 13), (2007, 6, 15), "ru", "13–15 июня 2007 г."),
    ],
)
def test_format_period_writes_shared_parts_once(start, end, language, expected):
    period = l10n.format_period(datetime.date(*start), datetime.date(*end), language)
    assert plain(period) == expected


def test_a_period_of_one_day_is_that_day():
    assert l10n.format_period(DAY, DAY, "de") == "13. November 2007"
    assert l10n.format_period(DAY, None, "de") == "13. November 2007"


@pytest.mark.parametrize("language", sorted(LONG_DATES))
def test_periods_name_months_in_full_in_every_language(language):
    # CLDR abbreviates months in many interval patterns ("13–15 Nov 2007").
    with translation.override(language):
        single = l10n.format_date(datetime.date(2007, 6, 15))
    period = l10n.format_period(datetime.date(2007, 6, 13), datetime.date(2007, 6, 15), language)
    month_name = next(word for word in plain(single).split() if word.isalpha() and len(word) > 2)
    assert month_name in plain(period)


@pytest.mark.parametrize(
    ("start", "end", "language", "expected"),
    [
        ((2006, 8, 1), None, "en", "August 2006"),
        ((2006, 1, 1), (2006, 6, 30), "en", "January – June 2006"),
        ((2006, 7, 1), (2007, 3, 31), "en", "July 2006 – March 2007"),
        ((2006, 1, 1), (2006, 6, 30), "de", "Januar–Juni 2006"),
        ((2006, 1, 1), (2006, 6, 30), "lv", "2006. gada janvāris – jūnijs"),
        ((2006, 8, 1), None, "fi", "elokuu 2006"),
    ],
)
def test_format_month_period(start, end, language, expected):
    end = datetime.date(*end) if end else None
    assert plain(l10n.format_month_period(datetime.date(*start), end, language)) == expected


def test_nothing_to_format_is_empty():
    assert l10n.format_date(None, "en") == ""
    assert l10n.format_period(None, None, "en") == ""
    assert l10n.format_month_period(None, None, "en") == ""


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "1,234.5"), ("de", "1.234,5"), ("fi", "1 234,5")]
)
def test_format_number_uses_the_languages_separators(language, expected):
    assert plain(l10n.format_number(1234.5, language)) == expected
