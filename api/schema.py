"""The OpenAPI description of every parameter and response, with examples.

Query parameters are described from the endpoints' serializers in api.params,
the classes that check them: name, type, choices, bounds, description and
examples come from the fields themselves.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from api.serializers import ProblemSerializer
from cms.params import FieldsField, QueryParameters
from cms.problems import PROBLEM_CONTENT_TYPE

PROBLEM = PROBLEM_CONTENT_TYPE


def query_parameters(parameters_class):
    """OpenApiParameters for the fields of a QueryParameters serializer."""
    described = []
    for name, field in parameters_class().fields.items():
        enum = list(field.choices) if isinstance(field, serializers.ChoiceField) else None
        kind = (
            OpenApiTypes.INT
            if isinstance(field, serializers.IntegerField) and not isinstance(field, FieldsField)
            else OpenApiTypes.STR
        )
        described.append(
            OpenApiParameter(
                name,
                type=kind,
                location=OpenApiParameter.QUERY,
                description=str(field.help_text or ""),
                enum=enum,
                required=field.required,
                examples=[OpenApiExample(title, value=value) for title, value in field.examples],
            )
        )
    return described


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
PREVIEW_TOKEN_PARAMETER = OpenApiParameter(
    "X-Preview-Token",
    type=str,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "The token of a preview from the Wagtail editor (Preview via API). Only in this "
        "header: a token in the query string is refused with 400, since addresses are logged."
    ),
    examples=[OpenApiExample("A token", value="eyJwYWdlIjozLCJyZXZpc2lvbiI6MTJ9:1tX...:signature")],
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
    if isinstance(parameters, type):
        parameters = [parameters]
    parameters = [
        described
        for parameter in parameters
        for described in (
            query_parameters(parameter)
            if isinstance(parameter, type) and issubclass(parameter, QueryParameters)
            else [parameter]
        )
    ]
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
