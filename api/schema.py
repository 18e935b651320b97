"""The OpenAPI description of every parameter and response, with examples."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from api.params import LANGUAGE_CODES, MAX_LIMIT
from api.problems import PROBLEM_CONTENT_TYPE
from api.representations import NEWS_FIELDS, PARTNER_FIELDS, WORK_PACKAGE_FIELDS
from api.selectors import (
    EVENT_ORDERINGS,
    NEWS_ORDERINGS,
    PARTNER_ORDERINGS,
    RELEVANCE,
    TAG_ORDERINGS,
    WORK_PACKAGE_ORDERINGS,
)
from api.serializers import ProblemSerializer
from cms.models import Partner

Q = OpenApiParameter.QUERY
PROBLEM = PROBLEM_CONTENT_TYPE


def parameter(name, description, examples, type=str, enum=None, required=False):
    return OpenApiParameter(
        name,
        type=type,
        location=Q,
        description=description,
        enum=enum,
        required=required,
        examples=[OpenApiExample(title, value=value) for title, value in examples],
    )


def fields_parameter(available):
    return parameter(
        "fields",
        "Comma-separated fields to include (id and type are always included); `*` or "
        f"absent for all. Fields: {', '.join(available)}.",
        [("Titles and URLs only", "title,url"), ("All fields", "*")],
    )


LIMIT = parameter(
    "limit",
    f"Items per page, 1 to {MAX_LIMIT}; 20 if absent.",
    [("Twenty", 20), ("The most", MAX_LIMIT)],
    type=int,
)
OFFSET = parameter(
    "offset",
    "How many items to skip; the `next` and `previous` links carry it.",
    [("Second page of twenty", 20)],
    type=int,
)
LOCALE = parameter(
    "locale",
    "Only content in this language; all languages if absent.",
    [("English", "en"), ("German", "de")],
    enum=list(LANGUAGE_CODES),
)
FIELDS_PARAMETER = fields_parameter(PARTNER_FIELDS)


def ordering(orderings, default, extra=()):
    return parameter(
        "ordering",
        f"Sort order; `-` for descending. Default `{default}`.",
        [("Default", default)],
        enum=[*orderings, *extra],
    )


NEWS_FILTER_PARAMETERS = [
    LOCALE,
    parameter(
        "work_package",
        "Only news in the work package with this number.",
        [("WP 5", 5)],
        type=int,
    ),
    parameter(
        "partner",
        "Only news naming this partner (by slug) or with an event in its city.",
        [("City of Helsinki", "city-of-helsinki")],
    ),
    parameter("tag", "Only news with this tag (slug).", [("Workshops", "workshop")]),
    parameter(
        "date_from",
        "Only news dated at or after this ISO 8601 date or time.",
        [("A day", "2007-01-01"), ("A moment", "2007-06-15T12:00:00+03:00")],
    ),
    parameter(
        "date_to",
        "Only news dated up to this ISO 8601 date (inclusive) or before this time.",
        [("End of 2007", "2007-12-31")],
    ),
    parameter(
        "event_from",
        "Only news whose event is still on at or after this date (YYYY-MM-DD).",
        [("Autumn 2007", "2007-09-01")],
    ),
    parameter(
        "event_to",
        "Only news whose event starts on or before this date (YYYY-MM-DD).",
        [("End of 2007", "2007-12-31")],
    ),
    parameter(
        "search",
        'Full-text search (words and "quoted phrases"); ordered by relevance unless '
        "`ordering` is given.",
        [("A word", "workshop"), ("A phrase", '"Open Days"')],
    ),
]
NEWS_PARAMETERS = [
    *NEWS_FILTER_PARAMETERS,
    ordering(NEWS_ORDERINGS, "-published", extra=(RELEVANCE,)),
    LIMIT,
    OFFSET,
    fields_parameter(NEWS_FIELDS),
]
EVENT_PARAMETERS = [
    *NEWS_FILTER_PARAMETERS,
    ordering(EVENT_ORDERINGS, "event_start", extra=(RELEVANCE,)),
    LIMIT,
    OFFSET,
    fields_parameter(NEWS_FIELDS),
]
NEWS_DETAIL_PARAMETERS = [fields_parameter(NEWS_FIELDS)]
WORK_PACKAGE_PARAMETERS = [
    LOCALE,
    ordering(WORK_PACKAGE_ORDERINGS, "number"),
    LIMIT,
    OFFSET,
    fields_parameter(WORK_PACKAGE_FIELDS),
]
WORK_PACKAGE_DETAIL_PARAMETERS = [fields_parameter(WORK_PACKAGE_FIELDS)]
PARTNER_PARAMETERS = [
    parameter(
        "role",
        "Only partners with this role.",
        [("Observers", "observer")],
        enum=Partner.Role.values,
    ),
    parameter("country", "Only partners in this country (ISO 3166 code).", [("Sweden", "SE")]),
    parameter("city", "Only partners in this city (slug).", [("Berlin", "berlin")]),
    ordering(PARTNER_ORDERINGS, "name"),
    LIMIT,
    OFFSET,
    FIELDS_PARAMETER,
]
TAG_PARAMETERS = [
    LOCALE,
    ordering(TAG_ORDERINGS, "name"),
    LIMIT,
    OFFSET,
    fields_parameter(
        ("id", "type", "url", "published", "updated", "locale", "translations", "slug", "name",
         "count", "news")
    ),
]  # fmt: skip
RESOLVE_PARAMETERS = [
    parameter(
        "path",
        "A path on the site (with the language prefix, if any) or a full URL of the site.",
        [("A news item", "/news/workshop-helsinki-2006/"), ("German home page", "/de/")],
        required=True,
    )
]
CHANGES_PARAMETERS = [
    parameter(
        "since",
        "The `cursor` of an earlier response, or an ISO 8601 time; from the start if absent.",
        [("A cursor", "42"), ("A time", "2007-10-01T00:00:00Z")],
    ),
    parameter(
        "type",
        "Only changes of this kind of page.",
        [("News", "news")],
        enum=["news", "work_package", "page"],
    ),
    LOCALE,
    parameter("limit", f"Entries per batch, 1 to {MAX_LIMIT}; 100 if absent.", [("Ten", 10)], int),
]
PREVIEW_PARAMETERS = [
    parameter(
        "token",
        "The token of a preview link from the Wagtail editor.",
        [("A token", "eyJwYWdlIjozLCJyZXZpc2lvbiI6MTJ9:1tX...:signature")],
        required=True,
    )
]

BAD_REQUEST_EXAMPLE = OpenApiExample(
    "Bad parameters",
    value={
        "type": "http://127.0.0.1:8000/api/problems/invalid-parameters/",
        "title": "Invalid query parameters",
        "status": 400,
        "detail": "Invalid query parameters: date_from, limit.",
        "invalid_params": [
            {"name": "date_from", "reason": "Must be an ISO 8601 date (2007-10-09) or ..."},
            {"name": "limit", "reason": "Must be at most 100."},
        ],
    },
    media_type=PROBLEM,
    response_only=True,
    status_codes=["400"],
)
NOT_FOUND_EXAMPLE = OpenApiExample(
    "Not found",
    value={
        "type": "http://127.0.0.1:8000/api/problems/not-found/",
        "title": "Not found",
        "status": 404,
        "detail": "No public news item has this id.",
    },
    media_type=PROBLEM,
    response_only=True,
    status_codes=["404"],
)
THROTTLED_EXAMPLE = OpenApiExample(
    "Throttled",
    value={
        "type": "http://127.0.0.1:8000/api/problems/too-many-requests/",
        "title": "Too many requests",
        "status": 429,
        "detail": "Rate limit exceeded; try again in 12 seconds.",
    },
    media_type=PROBLEM,
    response_only=True,
    status_codes=["429"],
)
FORBIDDEN_EXAMPLE = OpenApiExample(
    "Expired token",
    value={
        "type": "http://127.0.0.1:8000/api/problems/invalid-preview-token/",
        "title": "Invalid or expired preview token",
        "status": 403,
        "detail": "The preview token has expired.",
    },
    media_type=PROBLEM,
    response_only=True,
    status_codes=["403"],
)

NEWS_ITEM_EXAMPLE = {
    "id": 12,
    "type": "news",
    "url": "http://127.0.0.1:8000/news/workshop-helsinki-2006/",
    "published": "2006-10-31T09:00:00+02:00",
    "updated": "2007-01-05T10:12:00+02:00",
    "locale": "en",
    "translations": [
        {
            "locale": "fi",
            "id": 40,
            "title": "Työpaja Helsingissä",
            "url": "http://127.0.0.1:8000/fi/news/workshop-helsinki-2006/",
        }
    ],
    "title": "Joint Innovation Policies for the Baltic Sea Region: workshop in Helsinki",
    "slug": "workshop-helsinki-2006",
    "teaser": "Partners met in Helsinki on 31 October 2006.",
    "body": [
        {"type": "paragraph", "id": "6b1c", "value": "<p>The workshop in Helsinki asked ...</p>"},
        {
            "type": "image",
            "id": "9f2a",
            "value": {
                "image": {
                    "id": 3,
                    "title": "Helsinki workshop",
                    "alt": "Partners around a table",
                    "width": 1600,
                    "height": 900,
                    "renditions": [
                        {
                            "width": 480,
                            "height": 270,
                            "url": "http://127.0.0.1:8000/media/images/helsinki.width-480.png",
                        }
                    ],
                },
                "caption": "The workshop, 31 October 2006",
            },
        },
    ],
    "lead_image": None,
    "tags": [{"slug": "workshop", "name": "workshop"}],
    "work_packages": [
        {
            "id": 9,
            "number": 5,
            "title": "Joint innovation policy framework",
            "url": "http://127.0.0.1:8000/work-packages/joint-innovation-policy-framework/",
        }
    ],
    "partners": [
        {
            "id": 1,
            "slug": "city-of-helsinki",
            "name": "City of Helsinki",
            "short_name": "Helsinki",
            "city": "Helsinki",
            "country": "FI",
        }
    ],
    "event": {
        "start_date": "2006-10-31",
        "end_date": "2006-10-31",
        "start_time": None,
        "end_time": None,
        "starts_at": None,
        "ends_at": None,
        "venue": "",
        "city": {
            "name": "Helsinki",
            "slug": "helsinki",
            "country": "FI",
            "time_zone": "Europe/Helsinki",
        },
    },
}
LIST_EXAMPLE_VALUE = {
    "count": 25,
    "next": "http://127.0.0.1:8000/api/v1/news/?limit=20&offset=20",
    "previous": None,
    "results": [NEWS_ITEM_EXAMPLE],
}


WORK_PACKAGE_EXAMPLE = {
    "id": 11,
    "type": "work_package",
    "url": "http://127.0.0.1:8000/work-packages/joint-innovation-policy-framework/",
    "published": "2006-01-10T09:00:00+02:00",
    "updated": "2006-01-10T09:00:00+02:00",
    "locale": "en",
    "translations": [],
    "title": "Joint innovation policy framework",
    "slug": "joint-innovation-policy-framework",
    "number": 5,
    "objective": "Bring the results of the other work packages together.",
    "description": "<p>This part of the work package runs in four milestones.</p>",
    "coordinator": None,
    "period": {"start": "2006-01", "end": "2007-12"},
    "milestones": [
        {
            "number": 3,
            "title": "",
            "period_start": "2006-01",
            "period_end": "2006-06",
            "description": "Every metropolitan region names a member of the working group.",
            "meetings": [
                {
                    "kind": "working_group_meeting",
                    "kind_label": "Working-group meeting",
                    "name": "Preparatory meeting",
                    "month": "2006-03",
                    "starts_on": None,
                    "ends_on": None,
                    "city": "Copenhagen",
                    "country": "DK",
                    "in_every_partner_city": False,
                    "organiser": "wp_coordinator",
                    "host_partners": [],
                }
            ],
        }
    ],
    "news": "http://127.0.0.1:8000/api/v1/news/?work_package=5&locale=en",
}
PARTNER_EXAMPLE = {
    "id": 1,
    "type": "partner",
    "url": "http://127.0.0.1:8000/partners/#partner-city-of-helsinki",
    "published": None,
    "updated": None,
    "locale": None,
    "translations": [],
    "slug": "city-of-helsinki",
    "name": "City of Helsinki",
    "short_name": "Helsinki",
    "role": "lead_partner",
    "role_label": "Lead partner",
    "city": {
        "name": "Helsinki",
        "slug": "helsinki",
        "country": "FI",
        "time_zone": "Europe/Helsinki",
    },
    "country": "FI",
    "website": "https://www.hel.fi/",
    "logo": None,
    "description": "",
    "news": "http://127.0.0.1:8000/api/v1/news/?partner=city-of-helsinki",
}
TAG_EXAMPLE = {
    "id": 5,
    "type": "tag",
    "url": "http://127.0.0.1:8000/news/?tag=open-days",
    "published": None,
    "updated": None,
    "locale": None,
    "translations": [],
    "slug": "open-days",
    "name": "Open Days",
    "count": 2,
    "news": "http://127.0.0.1:8000/api/v1/news/?tag=open-days",
}


def page_of(item, path):
    return {
        "count": 25,
        "next": f"http://127.0.0.1:8000/api/v1/{path}?limit=20&offset=20",
        "previous": None,
        "results": [item],
    }


CHANGES_EXAMPLE = {
    "cursor": 43,
    "has_more": False,
    "next": None,
    "results": [
        {
            "cursor": 42,
            "event": "updated",
            "time": "2007-10-10T12:05:00+03:00",
            "id": 12,
            "type": "news",
            "locale": "en",
            "item": NEWS_ITEM_EXAMPLE,
        },
        {
            "cursor": 43,
            "event": "deleted",
            "time": "2007-10-11T08:00:00+03:00",
            "id": 15,
            "type": "news",
            "locale": "en",
            "item": None,
        },
    ],
}
ROOT_EXAMPLE = {
    name: f"http://127.0.0.1:8000/api/v1/{path}"
    for name, path in (
        ("news", "news/"),
        ("events", "events/"),
        ("work_packages", "work-packages/"),
        ("partners", "partners/"),
        ("tags", "tags/"),
        ("resolve", "pages/resolve/"),
        ("changes", "changes/"),
    )
} | {"schema": "http://127.0.0.1:8000/api/schema/", "docs": "http://127.0.0.1:8000/api/docs/"}
EXAMPLES = {
    "root": ("The endpoints", ROOT_EXAMPLE),
    "news_list": ("A page of news", page_of(NEWS_ITEM_EXAMPLE, "news/")),
    "news_item": ("A news item", NEWS_ITEM_EXAMPLE),
    "events": ("A page of events", page_of(NEWS_ITEM_EXAMPLE, "events/")),
    "work_package_list": ("Work packages", page_of(WORK_PACKAGE_EXAMPLE, "work-packages/")),
    "work_package": ("A work package", WORK_PACKAGE_EXAMPLE),
    "partner_list": ("Partners", page_of(PARTNER_EXAMPLE, "partners/")),
    "partner": ("A partner", PARTNER_EXAMPLE),
    "tag_list": ("Tags", page_of(TAG_EXAMPLE, "tags/")),
    "changes": ("An update and a tombstone", CHANGES_EXAMPLE),
}
ID_PARAMETER = OpenApiParameter(
    "id",
    type=int,
    location=OpenApiParameter.PATH,
    description="The item's id.",
    examples=[OpenApiExample("An id", value=12)],
)
SLUG_PARAMETER = OpenApiParameter(
    "slug",
    type=str,
    location=OpenApiParameter.PATH,
    description="The item's slug.",
    examples=[OpenApiExample("A slug", value="workshop-helsinki-2006")],
)
PARTNER_SLUG_PARAMETER = OpenApiParameter(
    "slug",
    type=str,
    location=OpenApiParameter.PATH,
    description="The partner's slug.",
    examples=[OpenApiExample("A slug", value="city-of-helsinki")],
)


def documented(
    serializer,
    summary,
    description="",
    parameters=(),
    tags=(),
    example=None,
    not_found=False,
    forbidden=False,
    cached=True,
    with_locale=False,
    operation_id=None,
):
    """extend_schema for a GET endpoint: its parameters, responses and examples."""
    responses = {
        (200, "application/json"): OpenApiResponse(serializer, description="OK"),
        (400, PROBLEM): OpenApiResponse(ProblemSerializer, description="A parameter is invalid."),
        (401, PROBLEM): OpenApiResponse(
            ProblemSerializer, description="The read token is not valid."
        ),
        (429, PROBLEM): OpenApiResponse(
            ProblemSerializer, description="Rate limit exceeded; see Retry-After."
        ),
    }
    examples = [BAD_REQUEST_EXAMPLE, THROTTLED_EXAMPLE]
    if not_found:
        responses[(404, PROBLEM)] = OpenApiResponse(
            ProblemSerializer, description="No such public item."
        )
        examples.append(NOT_FOUND_EXAMPLE)
    if forbidden:
        responses[(403, PROBLEM)] = OpenApiResponse(
            ProblemSerializer, description="Bad or expired token."
        )
        examples.append(FORBIDDEN_EXAMPLE)
    if example is not None:
        title, value = EXAMPLES[example]
        examples.append(
            OpenApiExample(title, value=value, response_only=True, status_codes=["200"])
        )
    if cached:
        description += (
            "\n\nResponses carry ETag and Last-Modified and answer conditional requests with "
            "304; Cache-Control allows shared caches to keep them briefly."
        )
    parameters = list(parameters)
    if with_locale:
        parameters.append(LOCALE)
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description.strip(),
        parameters=parameters,
        responses=responses,
        examples=examples,
        tags=list(tags),
    )


def only_versioned_api(endpoints):
    """The schema covers /api/v1/ only, not Wagtail's admin API or the docs views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
