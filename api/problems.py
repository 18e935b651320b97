"""The API's errors as problem details (cms.problems), whoever raises them.

A client gets the same shape whether the error comes from a view (a bad
parameter, an unknown id), from DRF (a method not allowed) or from the
middleware in front of the views (a throttled or unauthenticated request).
"""

import json

from django.http import Http404

from rest_framework import exceptions, status
from rest_framework.response import Response

from cms.problems import PROBLEM_CONTENT_TYPE, STATUS_TYPES, Problem, invalid_parameters


class InvalidPreviewToken(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "The preview token is invalid or has expired."


def as_problem(exc, context):
    """The Problem for an exception a view raised, or None for one the API does not know."""
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, Http404):
        return Problem("not-found", str(exc) or "There is no public item at this address.")
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"": exc.detail}
        return invalid_parameters(detail)
    if isinstance(exc, InvalidPreviewToken):
        return Problem("invalid-preview-token", exc.detail)
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        headers = {}
        if isinstance(exc, exceptions.MethodNotAllowed):
            headers["Allow"] = ", ".join(context["view"].allowed_methods)
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        slug = STATUS_TYPES.get(exc.status_code, "client-error")
        return Problem(slug, detail, status=exc.status_code, headers=headers)
    return None


def exception_handler(exc, context):
    """DRF's exception handler, answering with problem details."""
    problem = as_problem(exc, context)
    if problem is None:
        # Not an error the API knows: let Django report it as the server error it is.
        return None
    return Response(
        problem.body(),
        status=problem.status,
        headers={"Cache-Control": "no-store", **problem.headers},
        content_type=PROBLEM_CONTENT_TYPE,
    )
