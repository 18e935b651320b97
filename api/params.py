"""The query parameters of each API endpoint, as serializers of the shared parameter layer.

Every bad value is collected and reported at once as a 400 problem naming it
(cms.params, cms.problems); api.schema documents the endpoints' parameters
from these same classes, descriptions and examples included.
"""

from urllib.parse import urlsplit

from rest_framework import serializers

from api.representations import NEWS_FIELDS, PARTNER_FIELDS, WORK_PACKAGE_FIELDS
from api.selectors import (
    EVENT_ORDERINGS,
    NEWS_ORDERINGS,
    PARTNER_ORDERINGS,
    RELEVANCE,
    TAG_ORDERINGS,
    WORK_PACKAGE_ORDERINGS,
)
from cms.models import Partner
from cms.params import (
    ChoiceField,
    DateField,
    FieldsField,
    InstantField,
    LanguageField,
    QueryParameters,
    SlugField,
    TextField,
    WholeNumberField,
    check_range,
)
from cms.problems import invalid_parameters

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
# Work package numbers are stored in a PositiveSmallIntegerField.
MAX_WORK_PACKAGE = 32767
MAX_SEARCH_LENGTH = 200
MAX_PATH_LENGTH = 2000
MAX_TOKEN_LENGTH = 1000
# A cursor is a journal row's id: digits that fit a BIGINT.
MAX_CURSOR_DIGITS = 18
TAG_FIELDS = (
    "id",
    "type",
    "url",
    "published",
    "updated",
    "locale",
    "translations",
    "slug",
    "name",
    "count",
    "news",
)
CHANGE_TYPES = ("news", "work_package", "page")


def locale_field(help_text="Only content in this language; all languages if absent."):
    return LanguageField(help_text=help_text, examples=[("English", "en"), ("German", "de")])


def ordering_field(orderings, default, extra=()):
    return ChoiceField(
        choices=[*orderings, *extra],
        help_text=f"Sort order; `-` for descending. Default `{default}`.",
        examples=[("Default", default)],
    )


class ListParameters(QueryParameters):
    limit = WholeNumberField(
        min_value=1,
        max_value=MAX_LIMIT,
        default=20,
        help_text=f"Items per page, 1 to {MAX_LIMIT}; 20 if absent.",
        examples=[("Twenty", 20), ("The most", MAX_LIMIT)],
    )
    offset = WholeNumberField(
        min_value=0,
        max_value=MAX_OFFSET,
        default=0,
        help_text="How many items to skip; the `next` and `previous` links carry it.",
        examples=[("Second page of twenty", 20)],
    )


class NewsFilterParameters(QueryParameters):
    locale = locale_field()
    work_package = WholeNumberField(
        min_value=1,
        max_value=MAX_WORK_PACKAGE,
        help_text="Only news in the work package with this number.",
        examples=[("WP 5", 5)],
    )
    partner = SlugField(
        help_text="Only news naming this partner (by slug) or with an event in its city.",
        examples=[("City of Helsinki", "city-of-helsinki")],
    )
    tag = SlugField(
        help_text="Only news with this tag (slug).", examples=[("Workshops", "workshop")]
    )
    date_from = InstantField(
        help_text="Only news dated at or after this ISO 8601 date or time.",
        examples=[("A day", "2007-01-01"), ("A moment", "2007-06-15T12:00:00+03:00")],
    )
    date_to = InstantField(
        end_of_day=True,
        help_text="Only news dated up to this ISO 8601 date (inclusive) or before this time.",
        examples=[("End of 2007", "2007-12-31")],
    )
    event_from = DateField(
        help_text="Only news whose event is still on at or after this date (YYYY-MM-DD).",
        examples=[("Autumn 2007", "2007-09-01")],
    )
    event_to = DateField(
        help_text="Only news whose event starts on or before this date (YYYY-MM-DD).",
        examples=[("End of 2007", "2007-12-31")],
    )
    search = TextField(
        max_length=MAX_SEARCH_LENGTH,
        help_text='Full-text search (words and "quoted phrases"); ordered by relevance unless '
        "`ordering` is given.",
        examples=[("A word", "workshop"), ("A phrase", '"Open Days"')],
    )

    def validate_partner(self, slug):
        partner = Partner.objects.select_related("city").filter(slug=slug).first()
        if partner is None:
            raise serializers.ValidationError(
                "No partner has this slug; /api/v1/partners/ lists them."
            )
        return partner

    def validate(self, values):
        check_range(values, "date_from", "date_to")
        check_range(values, "event_from", "event_to")
        if values.get("ordering") == RELEVANCE and not values.get("search"):
            raise serializers.ValidationError({"ordering": "Ordering by relevance needs a search."})
        return values


class NewsListParameters(ListParameters, NewsFilterParameters):
    ordering = ordering_field(NEWS_ORDERINGS, "-published", extra=(RELEVANCE,))
    fields = FieldsField(NEWS_FIELDS)


class EventListParameters(ListParameters, NewsFilterParameters):
    ordering = ordering_field(EVENT_ORDERINGS, "event_start", extra=(RELEVANCE,))
    fields = FieldsField(NEWS_FIELDS)


class NewsDetailParameters(QueryParameters):
    fields = FieldsField(NEWS_FIELDS)


class NewsBySlugParameters(NewsDetailParameters):
    locale = locale_field("The language the slug is in; English if absent.")


class WorkPackageListParameters(ListParameters):
    locale = locale_field()
    ordering = ordering_field(WORK_PACKAGE_ORDERINGS, "number")
    fields = FieldsField(WORK_PACKAGE_FIELDS)


class WorkPackageDetailParameters(QueryParameters):
    fields = FieldsField(WORK_PACKAGE_FIELDS)


class PartnerListParameters(ListParameters):
    role = ChoiceField(
        choices=Partner.Role.values,
        help_text="Only partners with this role.",
        examples=[("Observers", "observer")],
    )
    country = TextField(
        help_text="Only partners in this country (ISO 3166 code).", examples=[("Sweden", "SE")]
    )
    city = SlugField(
        help_text="Only partners in this city (slug).", examples=[("Berlin", "berlin")]
    )
    ordering = ordering_field(PARTNER_ORDERINGS, "name")
    fields = FieldsField(PARTNER_FIELDS)

    def validate_country(self, value):
        if not (len(value) == 2 and value.isascii() and value.isalpha()):
            raise serializers.ValidationError(
                "Must be a two-letter ISO 3166 country code, e.g. FI."
            )
        return value.upper()


class PartnerDetailParameters(QueryParameters):
    fields = FieldsField(PARTNER_FIELDS)


class TagListParameters(ListParameters):
    locale = locale_field()
    ordering = ordering_field(TAG_ORDERINGS, "name")
    fields = FieldsField(TAG_FIELDS)


class ResolveParameters(QueryParameters):
    path = TextField(
        required=True,
        max_length=MAX_PATH_LENGTH,
        error_messages={"required": "Required: the path of a page on the site, e.g. /news/."},
        help_text="A path on the site (with the language prefix, if any) or a full URL of "
        "the site.",
        examples=[("A news item", "/news/workshop-helsinki-2006/"), ("German home page", "/de/")],
    )

    def validate_path(self, value):
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("", "http", "https") or not parts.path[:1] == "/":
            raise serializers.ValidationError("Must be a path starting with / or an http(s) URL.")
        return parts.path


class CursorField(InstantField):
    """The cursor of an earlier response, or a moment (whose cursor the view finds)."""

    def to_internal_value(self, data):
        if data.isascii() and data.isdigit() and len(data) <= MAX_CURSOR_DIGITS:
            return int(data)
        return super().to_internal_value(data)


class ChangesParameters(QueryParameters):
    since = CursorField(
        reason=f"Must be the cursor of an earlier response (a whole number of at most "
        f"{MAX_CURSOR_DIGITS} digits) or an ISO 8601 date or time.",
        help_text="The `cursor` of an earlier response, or an ISO 8601 time; from the start "
        "if absent.",
        examples=[("A cursor", "42"), ("A time", "2007-10-01T00:00:00Z")],
    )
    type = ChoiceField(
        choices=CHANGE_TYPES,
        help_text="Only changes of this kind of page.",
        examples=[("News", "news")],
    )
    locale = locale_field()
    limit = WholeNumberField(
        min_value=1,
        max_value=MAX_LIMIT,
        default=100,
        help_text=f"Entries per batch, 1 to {MAX_LIMIT}; 100 if absent.",
        examples=[("Ten", 10)],
    )


class NoParameters(QueryParameters):
    pass


def preview_token(request):
    """The preview token of the X-Preview-Token header; a 400 problem for one in the address.

    A token in the query string is refused, not used: it would already be in the
    access logs of every server on the way. The problem never repeats it.
    """
    if "token" in request.GET:
        raise invalid_parameters(
            {
                "token": "Not accepted in the address, where it would be logged: send the "
                "preview token in the X-Preview-Token header."
            }
        )
    NoParameters.read(request.GET)
    token = request.headers.get("X-Preview-Token", "").strip()
    if not token:
        raise invalid_parameters(
            {"X-Preview-Token": "Required: the token of a preview, in this request header."}
        )
    if len(token) > MAX_TOKEN_LENGTH:
        raise invalid_parameters({"X-Preview-Token": "Too long to be a preview token."})
    return token
