"""Read tokens in DRF terms: the middleware has checked the token already."""

from django.contrib.auth.models import AnonymousUser

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication


class ReadTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``: a partner's read token, for the partner rate.

    api.middleware authenticates the token before the response cache (and
    answers 401 for a bad one); here the result is only handed to DRF, so that
    ``request.auth`` is the ReadToken.
    """

    def authenticate(self, request):
        token = getattr(request._request, "api_token", None)
        if token is None:
            return None
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return "Bearer"


class ReadTokenScheme(OpenApiAuthenticationExtension):
    target_class = ReadTokenAuthentication
    name = "readToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Optional. A partner's read token (bm_<prefix>_<secret>) raises the rate "
                "limit; without one the API is read anonymously at the anonymous rate. "
                "An unknown or revoked token is refused with 401."
            ),
        }
