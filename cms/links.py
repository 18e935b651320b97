"""Absolute URLs for output that leaves the site (feeds, API, webhooks, e-mail).

Wagtail's page URLs, rich text links and rendition URLs are relative to the
site; a feed reader or a partner portal needs them absolute.
"""

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(url, base=None):
    if not url:
        return url
    return urljoin((base or settings.BASE_URL) + "/", url)
