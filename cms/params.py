"""Query parameters, read one way by every endpoint: the API, the feeds, the widget and oEmbed.

An endpoint declares what it accepts as a ``QueryParameters`` serializer (DRF);
``read()`` gives the validated values or raises a 400 problem that names every
bad parameter at once (cms.problems). Before any field sees a value, the base
class refuses what no endpoint can use: an unknown parameter, one given twice,
and a value with control characters (a NUL byte would reach PostgreSQL) or
Unicode non-characters. Empty values count as absent.

The API's OpenAPI description is generated from the same classes
(api.schema.query_parameters), so what is documented is what is checked.
Looking values up (does this partner exist?) is the endpoint's business: the
API answers 400 for a slug that names nothing, the feeds 404.
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from rest_framework import serializers

from cms.problems import invalid_parameters
from cms.text import has_unusable_characters, strip_control_characters

DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SLUG = re.compile(r"[-\w]+")
# The slug fields of tags, partners and cities: a longer slug names nothing.
SLUG_LENGTH = 100
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}")
WHOLE_NUMBER = re.compile(r"[-+]?[0-9]{1,12}")


def content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def shown(value, limit=40):
    """A client's text, fit to be quoted back in an error message."""
    value = strip_control_characters(str(value))
    return repr(value if len(value) <= limit else value[:limit] + "…")


UNUSABLE = "Contains control characters or Unicode non-characters."


def unusable_parameters(query):
    """{name: [reason]} for each parameter of ``query`` (a QueryDict) whose name or
    value carries control characters (NUL among them) or non-characters."""
    errors = {}
    for name, values in query.lists():
        if has_unusable_characters(name) or any(has_unusable_characters(v) for v in values):
            errors[shown(name, 100)[1:-1]] = [UNUSABLE]
    return errors


class UnusableParametersMiddleware:
    """A 400 problem for a request whose query string no page could use.

    The site's pages read their few parameters (``tag``, ``page``, ``q``)
    without a QueryParameters class; a NUL byte in one would reach
    PostgreSQL, which refuses it with an error (a 500). The endpoints with
    QueryParameters refuse the same characters themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        errors = unusable_parameters(request.GET)
        if errors:
            return invalid_parameters(errors).response()
        return self.get_response(request)


class QueryParameters(serializers.Serializer):
    """The query parameters of one endpoint."""

    # Consumers that add parameters of their own (oEmbed clients) set this.
    ignore_unknown = False

    @classmethod
    def read(cls, query, **context):
        """The validated values, or a 400 Problem with every bad parameter."""
        parameters = cls(data=query, context=context)
        if not parameters.is_valid():
            raise invalid_parameters(parameters.errors)
        return parameters.validated_data

    def accepted(self):
        return ", ".join(sorted(self.fields)) or "none"

    def to_internal_value(self, data):
        errors, values = {}, {}
        for name in data:
            if name not in self.fields:
                if not self.ignore_unknown:
                    errors[strip_control_characters(name)[:100]] = [
                        f"Unknown parameter; this endpoint accepts: {self.accepted()}."
                    ]
                continue
            given = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
            if len(given) > 1:
                errors[name] = ["Given more than once; give it once."]
                continue
            value = str(given[0])
            if has_unusable_characters(value):
                errors[name] = [UNUSABLE]
                continue
            if value.strip():
                values[name] = value.strip()
        try:
            validated = super().to_internal_value(values)
        except serializers.ValidationError as error:
            for name, reasons in error.detail.items():
                errors.setdefault(name, reasons)
        if errors:
            raise serializers.ValidationError(errors)
        return validated


class Documented:
    """A parameter field with example values for the API's description."""

    def __init__(self, *args, examples=(), **kwargs):
        self.examples = list(examples)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


class WholeNumberField(Documented, serializers.IntegerField):
    default_error_messages = {
        "invalid": "Must be a whole number.",
        "max_value": "Must be at most {max_value}.",
        "min_value": "Must be at least {min_value}.",
    }

    def to_internal_value(self, data):
        # Strictly digits: DRF's IntegerField would take "1.0" and "1e3".
        if not WHOLE_NUMBER.fullmatch(str(data)):
            self.fail("invalid")
        return int(data)


class SlugField(Documented, serializers.CharField):
    """A slug, Unicode letters allowed (as Wagtail and taggit allow them)."""

    default_error_messages = {
        "invalid": "Must be a slug: letters, digits, hyphens and underscores.",
        "max_length": "Must be at most {max_length} characters long.",
    }

    def __init__(self, max_length=SLUG_LENGTH, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def to_internal_value(self, data):
        if not SLUG.fullmatch(str(data)):
            self.fail("invalid")
        return str(data)


class TextField(Documented, serializers.CharField):
    default_error_messages = {"max_length": "Must be at most {max_length} characters long."}


class ChoiceField(Documented, serializers.ChoiceField):
    def to_internal_value(self, data):
        if str(data) not in self.choices:
            raise serializers.ValidationError(f"Must be one of: {', '.join(self.choices)}.")
        return str(data)


class LanguageField(ChoiceField):
    """One of the site's content languages."""

    def __init__(self, **kwargs):
        super().__init__(choices=content_languages(), **kwargs)


class LanguageTagField(Documented, serializers.CharField):
    """A well-formed language code; whether the site has it is for the endpoint to say."""

    def to_internal_value(self, data):
        if not LANGUAGE_TAG.fullmatch(str(data)):
            raise serializers.ValidationError(
                f"Must be a language code such as 'de', not {shown(data)}."
            )
        return str(data).lower()


class DateField(Documented, serializers.CharField):
    """A day, strictly YYYY-MM-DD."""

    def to_internal_value(self, data):
        try:
            day = parse_date(data) if DATE_ONLY.fullmatch(str(data)) else None
        except ValueError:
            day = None
        if day is None:
            raise serializers.ValidationError("Must be a date in ISO 8601 form, YYYY-MM-DD.")
        return day


class InstantField(Documented, serializers.CharField):
    """A date or a datetime, as an aware datetime.

    A date stands for the start of that day in the site's time zone or, with
    ``end_of_day``, the start of the next day, so that an upper bound includes
    the day it names. A datetime without an offset is in the site's time zone.
    """

    reason = "Must be an ISO 8601 date (2007-10-09) or date and time (2007-10-09T12:00:00+03:00)."

    def __init__(self, end_of_day=False, reason=None, **kwargs):
        self.end_of_day = end_of_day
        self.reason = reason or self.reason
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            if DATE_ONLY.fullmatch(data):
                day = parse_date(data)
                if self.end_of_day:
                    day += datetime.timedelta(days=1)
                moment = datetime.datetime.combine(day, datetime.time())
            else:
                moment = parse_datetime(data)
                if moment is None:
                    raise serializers.ValidationError(self.reason)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            # Far-off years overflow when converted to UTC, or in the database.
            moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError) as error:
            raise serializers.ValidationError(self.reason) from error
        if not 1000 <= moment.year <= 9998:
            raise serializers.ValidationError("The year must be between 1000 and 9998.")
        return moment


class FieldsField(Documented, serializers.CharField):
    """A comma-separated choice of an item's fields; ``*`` or absent for all of them."""

    def __init__(self, available, **kwargs):
        self.available = tuple(available)
        kwargs.setdefault(
            "help_text",
            "Comma-separated fields to include (id and type are always included); `*` or "
            f"absent for all. Fields: {', '.join(self.available)}.",
        )
        kwargs.setdefault("examples", [("Titles and URLs only", "title,url"), ("All fields", "*")])
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if data == "*":
            return frozenset(self.available)
        chosen = [part.strip() for part in data.split(",") if part.strip()]
        unknown = [part for part in chosen if part not in self.available]
        if unknown:
            raise serializers.ValidationError(
                f"Unknown field {', '.join(repr(part[:40]) for part in unknown[:5])}; "
                f"choose from: {', '.join(sorted(self.available))}."
            )
        return frozenset(chosen)


def check_range(values, start, end):
    """A ValidationError when the ``end`` parameter comes before the ``start`` one."""
    first, last = values.get(start), values.get(end)
    if first is not None and last is not None and first > last:
        raise serializers.ValidationError({end: f"Is before {start}."})
