"""Reading query parameters: every bad value is collected and reported at once.

A view names the parameters it accepts; anything else, a repeated parameter, a
control character or a value out of range becomes an ``invalid_params`` entry
of a 400 problem, never an exception deeper down (a NUL byte that reaches
PostgreSQL, a year 10000 that overflows a date, an offset past a BIGINT).
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from api.problems import InvalidParameters
from cms.text import has_control_characters, strip_control_characters

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_TEXT_LENGTH = 200
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
SLUG = re.compile(r"^[-\w]{1,255}$")
LANGUAGE_CODES = tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)


@dataclass(frozen=True)
class DateBound:
    """A point in time a date or datetime parameter stands for."""

    value: datetime.datetime


class QueryParams:
    def __init__(self, query_dict, allowed):
        self.query = query_dict
        self.allowed = set(allowed)
        self.errors = []
        for name in query_dict:
            if name not in self.allowed:
                self.error(name, f"Unknown parameter; this endpoint accepts: {self._accepted()}.")
            elif len(query_dict.getlist(name)) > 1:
                self.error(name, "Given more than once; give it once.")

    def _accepted(self):
        return ", ".join(sorted(self.allowed)) or "none"

    def error(self, name, reason):
        self.errors.append({"name": strip_control_characters(name)[:100], "reason": reason})

    def check(self):
        if self.errors:
            raise InvalidParameters(self.errors)

    def raw(self, name):
        """The parameter's value, or None when absent, empty or already refused."""
        if name not in self.query or len(self.query.getlist(name)) > 1:
            return None
        value = self.query.get(name, "")
        if has_control_characters(value):
            self.error(name, "Contains control characters.")
            return None
        value = value.strip()
        return value or None

    def integer(self, name, default=None, minimum=None, maximum=None):
        value = self.raw(name)
        if value is None:
            return default
        if not re.fullmatch(r"[-+]?\d{1,12}", value):
            self.error(name, "Must be a whole number.")
            return default
        number = int(value)
        if minimum is not None and number < minimum:
            self.error(name, f"Must be at least {minimum}.")
            return default
        if maximum is not None and number > maximum:
            self.error(name, f"Must be at most {maximum}.")
            return default
        return number

    def limit(self, default=20, maximum=MAX_LIMIT):
        return self.integer("limit", default=default, minimum=1, maximum=maximum)

    def offset(self):
        return self.integer("offset", default=0, minimum=0, maximum=MAX_OFFSET)

    def text(self, name, max_length=MAX_TEXT_LENGTH):
        value = self.raw(name)
        if value is not None and len(value) > max_length:
            self.error(name, f"Must be at most {max_length} characters long.")
            return None
        return value

    def slug(self, name):
        value = self.raw(name)
        if value is not None and not SLUG.fullmatch(value):
            self.error(name, "Must be a slug: letters, digits, hyphens and underscores.")
            return None
        return value

    def choice(self, name, choices, default=None):
        value = self.raw(name)
        if value is None:
            return default
        if value not in choices:
            self.error(name, f"Must be one of: {', '.join(choices)}.")
            return default
        return value

    def locale(self, name="locale"):
        return self.choice(name, LANGUAGE_CODES)

    def date(self, name):
        value = self.raw(name)
        if value is None:
            return None
        try:
            parsed = parse_date(value) if DATE_ONLY.fullmatch(value) else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.error(name, "Must be a date in ISO 8601 form, YYYY-MM-DD.")
        return parsed

    def instant(self, name, end_of_day=False, reason=None):
        """A date or a datetime as an aware datetime.

        A date stands for the start of that day in the site's time zone, or with
        ``end_of_day`` for the start of the next day, so that ``date_to`` includes
        the day it names. A datetime without an offset is in the site's time zone.
        """
        value = self.raw(name)
        if value is None:
            return None
        reason = (
            "Must be an ISO 8601 date (2007-10-09) or date and time (2007-10-09T12:00:00+03:00)."
        )
        try:
            if DATE_ONLY.fullmatch(value):
                day = parse_date(value)
                if end_of_day:
                    day += datetime.timedelta(days=1)
                moment = datetime.datetime.combine(day, datetime.time())
            else:
                moment = parse_datetime(value)
                if moment is None:
                    self.error(name, reason)
                    return None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            # Far-off years overflow when converted to UTC, or in the database.
            moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            self.error(name, reason)
            return None
        if not 1000 <= moment.year <= 9998:
            self.error(name, "The year must be between 1000 and 9998.")
            return None
        return moment

    def fields(self, available, name="fields"):
        """The chosen subset of ``available`` fields, or all of them."""
        value = self.raw(name)
        if value is None or value == "*":
            return frozenset(available)
        chosen = [part.strip() for part in value.split(",") if part.strip()]
        unknown = [part for part in chosen if part not in available]
        if unknown:
            self.error(
                name,
                f"Unknown field {', '.join(repr(part[:40]) for part in unknown[:5])}; "
                f"choose from: {', '.join(sorted(available))}.",
            )
            return frozenset(available)
        return frozenset(chosen)

    def range(self, start_name, start, end_name, end):
        if start is not None and end is not None and start > end:
            self.error(end_name, f"Is before {start_name}.")
