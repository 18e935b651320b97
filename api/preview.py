"""Signed, expiring tokens for the API representation of a draft.

A token names one revision of one page and is signed with SECRET_KEY under a
salt of its own, so it cannot be made from any other signed value of the site
or altered without the signature failing. It expires after
API_PREVIEW_MAX_AGE seconds; there is no way to extend one, only to ask for a
new one.

The token travels in the ``X-Preview-Token`` request header, never in the
address: addresses end up in access logs, browser histories and Referer
headers, where anyone reading them could open the draft until it expires.
"""

from django.conf import settings
from django.core import signing

from wagtail.models import Revision

from cms.links import absolute_url

SALT = "api.preview"


def max_age():
    return settings.API_PREVIEW_MAX_AGE


def make_token(revision):
    return signing.dumps({"page": int(revision.object_id), "revision": revision.pk}, salt=SALT)


HEADER = "X-Preview-Token"


def preview_url():
    """The endpoint the token is sent to, in the X-Preview-Token header."""
    return absolute_url("/api/v1/preview/")


class TokenError(Exception):
    pass


class TokenExpired(TokenError):
    pass


def revision_for_token(token):
    """The revision a valid token names; TokenError if the token is not valid."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise TokenExpired("The preview token has expired.") from error
    except signing.BadSignature as error:
        raise TokenError("The preview token is not valid.") from error
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), int) for key in ("page", "revision")
    ):
        raise TokenError("The preview token is not valid.")
    return (
        Revision.page_revisions.filter(pk=data["revision"], object_id=str(data["page"]))
        .select_related("content_type")
        .first()
    )
