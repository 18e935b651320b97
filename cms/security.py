"""The Content-Security-Policy of every answer (django-csp), the admin's relaxed, and
the lockout after failed passwords (django-axes).

The site's policy is CONTENT_SECURITY_POLICY; pages under
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES (the Wagtail admin, whose scripts and
styles are partly inline) get CONTENT_SECURITY_POLICY_ADMIN. A response that
sets its own header keeps it (the partner iframe and the oEmbed cards name the
origins that may frame them, partners/embed.py).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_login_failed

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from rest_framework.throttling import BaseThrottle


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES))
        ):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


# Brute force ----------------------------------------------------------------------------
# django-axes counts failed logins per user name and client address (AXES_* settings)
# and locks the pair out for a while. The admin's login goes through Django's
# authentication, which axes watches; Wagtail's password forms for private pages and
# document collections do not, so guard_password_form counts their failures the same
# way, each restriction standing in for a user name.


def client_address(request):
    """The client's address, as the API's rate limit finds it (API_NUM_PROXIES)."""
    return BaseThrottle().get_ident(request)


def guard_password_form(view, kind, restriction_argument):
    """``view``, a Wagtail password form's POST handler, with a lockout after failures.

    The form answers 200 (itself again) for a wrong password and redirects for the
    right one; the restriction's id names what is being guessed.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        # A colon, which no user name may contain: never a real user's attempts.
        credentials = {"username": f"{kind}:{kwargs[restriction_argument]}"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, None, credentials)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            # A failure; the lockout answer replaces this one once the limit is
            # reached (axes' middleware).
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        elif response.status_code in (301, 302):
            AxesProxyHandler.reset_attempts(
                ip_address=client_address(request), username=credentials["username"]
            )
        return response

    return guarded
