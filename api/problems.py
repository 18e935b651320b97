"""Errors as RFC 9457 problem details, for every 4xx the API answers.

A client gets the same shape whether the error comes from a view (a bad
parameter, an unknown id), from DRF (a method not allowed) or from the
middleware in front of the views (a throttled or unauthenticated request):
``type``, ``title``, ``status``, ``detail`` and, for bad parameters,
``invalid_params`` naming each parameter and what is wrong with it.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse

from rest_framework import exceptions, status
from rest_framework.response import Response

PROBLEM_CONTENT_TYPE = "application/problem+json"

# slug: (status, title, explanation served at the type URI)
PROBLEM_TYPES = {
    "invalid-parameters": (
        400,
        "Invalid query parameters",
        "One or more query parameters were unknown, repeated or had a value the API cannot "
        "use. Each entry of invalid_params names a parameter and says what is wrong with it.",
    ),
    "invalid-token": (
        401,
        "Invalid read token",
        "The Authorization header carried a read token that is unknown, malformed or "
        "revoked. Send no Authorization header to read as an anonymous client.",
    ),
    "invalid-preview-token": (
        403,
        "Invalid or expired preview token",
        "The preview token was altered, was issued for another purpose, or has expired. "
        "Ask the editor for a new 'Preview via API' link.",
    ),
    "not-found": (
        404,
        "Not found",
        "There is no public item at this address: the id or slug is unknown, or the page "
        "is not published.",
    ),
    "method-not-allowed": (
        405,
        "Method not allowed",
        "The content API is read-only: use GET or HEAD.",
    ),
    "too-many-requests": (
        429,
        "Too many requests",
        "The client made more requests than its rate allows. Wait for the number of seconds "
        "given in the Retry-After header. Partner read tokens have a higher rate.",
    ),
    "client-error": (
        400,
        "Bad request",
        "The request could not be answered as sent.",
    ),
}

STATUS_TYPES = {
    400: "client-error",
    401: "invalid-token",
    404: "not-found",
    405: "method-not-allowed",
    429: "too-many-requests",
}


def type_uri(slug):
    return f"{settings.BASE_URL}/api/problems/{slug}/"


def problem(slug, detail, status_code=None, **extra):
    code, title, _explanation = PROBLEM_TYPES[slug]
    body = {
        "type": type_uri(slug),
        "title": title,
        "status": status_code or code,
        "detail": str(detail),
    }
    body.update(extra)
    return body


def problem_response(body, headers=None):
    """A plain Django response, for code that runs outside DRF (the middleware)."""
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=body["status"],
        content_type=PROBLEM_CONTENT_TYPE,
    )
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class InvalidParameters(exceptions.APIException):
    """Raised with every bad parameter of a request at once."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, invalid_params):
        self.invalid_params = invalid_params
        names = ", ".join(sorted({entry["name"] for entry in invalid_params}))
        super().__init__(f"Invalid query parameters: {names}.")


class InvalidPreviewToken(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "The preview token is invalid or has expired."


def _invalid_params_from_validation_error(detail):
    entries = []
    if isinstance(detail, dict):
        for name, reasons in detail.items():
            for reason in reasons if isinstance(reasons, list) else [reasons]:
                entries.append({"name": str(name), "reason": str(reason)})
    else:
        for reason in detail if isinstance(detail, list) else [detail]:
            entries.append({"name": "", "reason": str(reason)})
    return entries


def exception_handler(exc, context):
    """DRF's exception handler, answering with problem details."""
    headers = {"Cache-Control": "no-store"}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or PROBLEM_TYPES["not-found"][2])
    if isinstance(exc, InvalidParameters):
        body = problem("invalid-parameters", exc.detail, invalid_params=exc.invalid_params)
    elif isinstance(exc, exceptions.ValidationError):
        body = problem(
            "invalid-parameters",
            "Invalid request.",
            invalid_params=_invalid_params_from_validation_error(exc.detail),
        )
    elif isinstance(exc, InvalidPreviewToken):
        body = problem("invalid-preview-token", exc.detail)
    elif isinstance(exc, exceptions.APIException):
        slug = STATUS_TYPES.get(exc.status_code, "client-error")
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        body = problem(slug, detail, status_code=exc.status_code)
        if isinstance(exc, exceptions.MethodNotAllowed):
            headers["Allow"] = ", ".join(context["view"].allowed_methods)
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
    else:
        # Not an error the API knows: let Django report it as the server error it is.
        return None
    return Response(body, status=body["status"], headers=headers, content_type=PROBLEM_CONTENT_TYPE)
