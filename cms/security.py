"""The Content-Security-Policy of every answer (django-csp), the admin's relaxed.

The site's policy is CONTENT_SECURITY_POLICY; pages under
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES (the Wagtail admin, whose scripts and
styles are partly inline) get CONTENT_SECURITY_POLICY_ADMIN. A response that
sets its own header keeps it (the partner iframe and the oEmbed cards name the
origins that may frame them, partners/embed.py).
"""

from django.conf import settings

from csp.middleware import CSPMiddleware
from csp.utils import default_config


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
