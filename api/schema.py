"""The OpenAPI description of every parameter and response, with examples.

Query parameters are described from the endpoints' serializers in api.params,
the classes that check them: name, type, choices, bounds, description and
examples come from the fields themselves.
"""

from django.conf import settings
from django.utils.cache import patch_vary_headers

from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.fields import empty

from api.serializers import ProblemSerializer
from cms.params import SLUG_LENGTH, QueryParameters
from cms.problems import PROBLEM_CONTENT_TYPE

PROBLEM = PROBLEM_CONTENT_TYPE


# Examples name the site by this token; the schema carries BASE_URL in its place
# (with_base_url), so the documents a deployment serves show its own address.
SITE = "{BASE_URL}"


def parameter_schema(field):
    """The JSON Schema of a query parameter: its type, bounds, choices and default."""
    if isinstance(field, serializers.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    else:
        schema = {"type": "string"}
        if getattr(field, "max_length", None) is not None:
            schema["maxLength"] = field.max_length
    if isinstance(field, serializers.ChoiceField):
        schema["enum"] = list(field.choices)
    if field.default is not empty:
        schema["default"] = field.default
    if field.examples:
        # In the schema, not on the parameter: Swagger UI fills "Try it out"
        # with a parameter's first example, and a filter filled in by default
        # makes a partner developer's first call answer nothing.
        schema["examples"] = [value for _title, value in field.examples]
    return schema


def parameter_description(field):
    description = str(field.help_text or "")
    if field.examples:
        shown = ", ".join(f"`{value}` ({title.lower()})" for title, value in field.examples)
        description += f"\n\nExamples: {shown}."
    return description


def query_parameters(parameters_class):
    """OpenApiParameters for the fields of a QueryParameters serializer."""
    return [
        OpenApiParameter(
            name,
            type=parameter_schema(field),
            location=OpenApiParameter.QUERY,
            description=parameter_description(field),
            required=field.required,
        )
        for name, field in parameters_class().fields.items()
    ]


BAD_REQUEST_EXAMPLE = OpenApiExample(
    "Bad parameters",
    value={
        "type": f"{SITE}/api/problems/invalid-parameters/",
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
        "type": f"{SITE}/api/problems/not-found/",
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
        "type": f"{SITE}/api/problems/too-many-requests/",
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
        "type": f"{SITE}/api/problems/invalid-preview-token/",
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
    "url": f"{SITE}/news/workshop-helsinki-2006/",
    "published": "2006-10-31T09:00:00+02:00",
    "updated": "2007-01-05T10:12:00+02:00",
    "locale": "en",
    "translations": [
        {
            "locale": "fi",
            "id": 40,
            "title": "Työpaja Helsingissä",
            "url": f"{SITE}/fi/news/workshop-helsinki-2006/",
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
                            "url": f"{SITE}/media/images/helsinki.width-480.png",
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
            "url": f"{SITE}/work-packages/joint-innovation-policy-framework/",
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
    "next": f"{SITE}/api/v1/news/?limit=20&offset=20",
    "previous": None,
    "results": [NEWS_ITEM_EXAMPLE],
}


WORK_PACKAGE_EXAMPLE = {
    "id": 11,
    "type": "work_package",
    "url": f"{SITE}/work-packages/joint-innovation-policy-framework/",
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
    "news": f"{SITE}/api/v1/news/?work_package=5&locale=en",
}
PARTNER_EXAMPLE = {
    "id": 1,
    "type": "partner",
    "url": f"{SITE}/partners/#partner-city-of-helsinki",
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
    "news": f"{SITE}/api/v1/news/?partner=city-of-helsinki",
}
TAG_EXAMPLE = {
    "id": 5,
    "type": "tag",
    "url": f"{SITE}/news/?tag=open-days",
    "published": None,
    "updated": None,
    "locale": None,
    "translations": [],
    "slug": "open-days",
    "name": "Open Days",
    "count": 2,
    "news": f"{SITE}/api/v1/news/?tag=open-days",
}


def page_of(item, path):
    return {
        "count": 25,
        "next": f"{SITE}/api/v1/{path}?limit=20&offset=20",
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
    name: f"{SITE}/api/v1/{path}"
    for name, path in (
        ("news", "news/"),
        ("events", "events/"),
        ("work_packages", "work-packages/"),
        ("partners", "partners/"),
        ("tags", "tags/"),
        ("resolve", "pages/resolve/"),
        ("changes", "changes/"),
    )
} | {"schema": f"{SITE}/api/schema/", "docs": f"{SITE}/api/docs/"}
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
# Path parameters, with their examples in the schema for the same reason as the
# query parameters' (parameter_schema): shown, not filled in.
ID_PARAMETER = OpenApiParameter(
    "id",
    type={"type": "integer", "minimum": 1, "maximum": 10**18 - 1, "examples": [12]},
    location=OpenApiParameter.PATH,
    description="The item's id. Example: `12`.",
)
PREVIEW_TOKEN_PARAMETER = OpenApiParameter(
    "X-Preview-Token",
    type=str,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "The token of a preview from the Wagtail editor (Preview via API). Only in this "
        "header: a token in the query string is refused with 400, since addresses are logged. "
        "Example: `eyJwYWdlIjozLCJyZXZpc2lvbiI6MTJ9:1tX...:signature`."
    ),
)
SLUG_PARAMETER = OpenApiParameter(
    "slug",
    type={"type": "string", "maxLength": 255, "examples": ["workshop-helsinki-2006"]},
    location=OpenApiParameter.PATH,
    description="The item's slug. Example: `workshop-helsinki-2006`.",
)
PARTNER_SLUG_PARAMETER = OpenApiParameter(
    "slug",
    type={"type": "string", "maxLength": SLUG_LENGTH, "examples": ["city-of-helsinki"]},
    location=OpenApiParameter.PATH,
    description="The partner's slug. Example: `city-of-helsinki`.",
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


def _with_site(value, base_url):
    if isinstance(value, str):
        return value.replace(SITE, base_url)
    if isinstance(value, dict):
        return {key: _with_site(item, base_url) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_site(item, base_url) for item in value]
    return value


def with_base_url(result, **kwargs):
    """The deployment's own address as the server and in every example.

    A postprocessing hook rather than settings: BASE_URL is read when the
    schema is generated, so a test or a deployment that sets it sees it.
    """
    result = _with_site(result, settings.BASE_URL)
    result["servers"] = [{"url": settings.BASE_URL, "description": "This site"}]
    return result


# The schema's media types, YAML first (the answer when the client states no
# preference): the ones spectacular's renderers produce.
SCHEMA_RENDERERS = {
    renderer.media_type: renderer
    for renderer in (
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
    )
}
SCHEMA_FORMATS = {"yaml": OpenApiYamlRenderer, "json": OpenApiJsonRenderer}


def schema_renderer(request):
    """The renderer of the schema for a (Django) request: ``?format=json|yaml``,
    else the type the Accept header prefers, else YAML.

    The response cache keys the schema by it (api.middleware), so one client's
    format is never handed to another.
    """
    given = request.GET.get("format")
    if given in SCHEMA_FORMATS:
        return SCHEMA_FORMATS[given]
    preferred = request.get_preferred_type(list(SCHEMA_RENDERERS))
    return SCHEMA_RENDERERS.get(preferred, OpenApiYamlRenderer)


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, in the format schema_renderer chooses."""

    def perform_content_negotiation(self, request, force=False):
        renderer = schema_renderer(request._request)()
        return renderer, renderer.media_type

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        return response
