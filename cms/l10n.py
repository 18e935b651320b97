"""Dates and numbers as each of the site's languages writes them.

The one place every output (the site, the feeds' titles and descriptions, the
partners' widget, iframe and oEmbed card) formats a date, a period or a number
for a reader: "13 November 2007" in English, "13. November 2007" in German,
"2007. gada 13. novembris" in Latvian, from the Unicode CLDR data that Babel
ships. Machine-readable dates (ISO 8601 in feeds, the API, ``<time datetime>``)
are not formatted here.

``language`` is one of settings.LANGUAGES' codes (``"lv"``, ``"nb"``, ``"en-gb"``
is read as ``"en"``); when it is omitted, the active language of the request.
A language the site does not have falls back to settings.LANGUAGE_CODE.
A datetime is written as the day it is in its own time zone.
"""

import datetime
import re
from functools import cache

from django.conf import settings
from django.utils import translation

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton, parse_pattern
from babel.numbers import format_decimal

# CLDR's plain "en" is American English ("November 13, 2007"); the project has
# always written British dates ("13 November 2007", "13–15 June 2007").
CLDR_LOCALES = {"en": "en_GB"}

# Interval patterns for whole days and whole months, widest first. Many locales
# only define the abbreviated-month form ("13–15 Nov 2007"); its month field is
# widened so that a period reads like a single date of the same language.
DAY_SKELETONS = ("yMMMMd", "yMMMd")
MONTH_SKELETONS = ("yMMMM", "yMMM")
ABBREVIATED_MONTH = re.compile(r"(?<![ML])([ML])\1\1(?![ML])")


def site_language(language=None):
    """The site's language code for ``language`` (or the active language)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    codes = {code for code, _name in settings.LANGUAGES}
    if language in codes:
        return language
    base = language.replace("_", "-").split("-")[0]
    return base if base in codes else settings.LANGUAGE_CODE


@cache
def cldr_locale(language):
    return Locale.parse(CLDR_LOCALES.get(language, language))


def _locale(language):
    return cldr_locale(site_language(language))


def format_date(value, language=None):
    """A day in the language's long form: "13 November 2007", "13. marraskuuta 2007"."""
    if value is None:
        return ""
    return babel_format_date(_as_date(value), format="long", locale=_locale(language))


def format_month(value, language=None):
    """A month and its year: "November 2007", "marraskuu 2007", "ноябрь 2007 г."."""
    if value is None:
        return ""
    return format_skeleton("yMMMM", _as_date(value), locale=_locale(language))


def format_period(start, end=None, language=None):
    """The days from ``start`` to ``end``, shared parts written once:
    "13–15 June 2007", "30 June – 2 July 2007", "2007. gada 13.–15. jūnijs"."""
    if start is None:
        return ""
    if end is None or _as_date(end) == _as_date(start):
        return format_date(start, language)
    return _interval(start, end, DAY_SKELETONS, ("y", "M", "d"), language)


def format_month_period(start, end=None, language=None):
    """The months from ``start`` to ``end``: "January – June 2006", "July 2006 – March 2007"."""
    if start is None:
        return ""
    start = _as_date(start)
    end = _as_date(end) if end is not None else None
    if end is None or (start.year, start.month) == (end.year, end.month):
        return format_month(start, language)
    return _interval(start, end, MONTH_SKELETONS, ("y", "M"), language)


def format_number(value, language=None):
    """A number with the language's separators: "1,234.5", "1 234,5", "1.234,5"."""
    return format_decimal(value, locale=_locale(language))


def _interval(start, end, skeletons, fields, language):
    locale = _locale(language)
    start, end = _as_date(start), _as_date(end)
    formats = locale.interval_formats
    skeleton = next(skeleton for skeleton in skeletons if skeleton in formats)
    # CLDR's interval pattern for the largest field that differs: the year when
    # the years differ, else the month, else the day.
    field = next(
        field
        for field, differs in zip(
            fields,
            ((start.year != end.year), (start.month != end.month), (start.day != end.day)),
            strict=False,
        )
        if differs
    )
    first, second = formats[skeleton][field]
    return "".join(
        parse_pattern(ABBREVIATED_MONTH.sub(r"\1\1\1\1", pattern)).apply(day, locale)
        for pattern, day in ((first, start), (second, end))
    )


def _as_date(value):
    # A datetime is the day it is in its own time zone: the caller chooses the
    # zone (the site's for a publication time, the city's for an event).
    return value.date() if isinstance(value, datetime.datetime) else value
