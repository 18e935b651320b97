"""Errors as RFC 9457 problem details: one shape for the API, the feeds, the widget and oEmbed.

A client gets ``type``, ``title``, ``status``, ``detail`` and, when a query
parameter is at fault, ``invalid_params`` naming each one and what is wrong
with it. ``type`` is a URI of this site that explains the problem
(``/api/problems/<slug>/``, served by the API); it names the kind of
problem, so clients may match on it.
"""

import json

from django.conf import settings
from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"

# slug: (status, title, explanation served at the type URI)
PROBLEM_TYPES = {
    "invalid-parameters": (
        400,
        "Invalid query parameters",
        "One or more query parameters were unknown, repeated or had a value that cannot be "
        "used. Each entry of invalid_params names a parameter and says what is wrong with it.",
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
    "origin-not-allowed": (
        403,
        "Origin not registered",
        "The widget's data may be read only from the origins registered for the partner "
        "portal. Ask the network's office to register the origin.",
    ),
    "not-found": (
        404,
        "Not found",
        "There is nothing public at this address, or a parameter names something that does "
        "not exist: the id or slug is unknown, or the page is not published.",
    ),
    "method-not-allowed": (
        405,
        "Method not allowed",
        "This address is read-only: use GET or HEAD.",
    ),
    "too-many-requests": (
        429,
        "Too many requests",
        "The client made more requests than its rate allows. Wait for the number of seconds "
        "given in the Retry-After header. Partner read tokens have a higher rate.",
    ),
    "not-implemented": (
        501,
        "Not implemented",
        "The request asks for a format or feature this site does not offer.",
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
    501: "not-implemented",
}


def type_uri(slug):
    return f"{settings.BASE_URL}/api/problems/{slug}/"


class Problem(Exception):
    """An answer that is an error; raise it anywhere below a view that turns it into a response."""

    def __init__(self, slug, detail, invalid_params=None, status=None, headers=None):
        super().__init__(detail)
        self.slug = slug
        self.detail = str(detail)
        self.invalid_params = invalid_params
        self.status = status or PROBLEM_TYPES[slug][0]
        self.headers = dict(headers or {})

    def body(self):
        body = {
            "type": type_uri(self.slug),
            "title": PROBLEM_TYPES[self.slug][1],
            "status": self.status,
            "detail": self.detail,
        }
        if self.invalid_params is not None:
            body["invalid_params"] = self.invalid_params
        return body

    def response(self, **headers):
        """A plain Django response, for code outside DRF (feeds, widget, middleware)."""
        response = HttpResponse(
            json.dumps(self.body(), ensure_ascii=False),
            status=self.status,
            content_type=PROBLEM_CONTENT_TYPE,
        )
        response["Cache-Control"] = "no-store"
        for name, value in {**self.headers, **headers}.items():
            response[name] = value
        return response


def invalid_parameters(errors):
    """A 400 for ``errors``: {parameter: [reasons]} (a DRF ValidationError's detail)."""
    entries = [
        {"name": str(name), "reason": str(reason)}
        for name, reasons in errors.items()
        for reason in (reasons if isinstance(reasons, list | tuple) else [reasons])
    ]
    detail = "; ".join(f"{entry['name']}: {entry['reason']}" for entry in entries)
    return Problem("invalid-parameters", detail, invalid_params=entries)


def unknown_value(name, reason):
    """A 404 for a well-formed parameter that names nothing that exists."""
    return Problem("not-found", f"{name}: {reason}", [{"name": name, "reason": reason}])
