"""Web origins (``scheme://host[:port]``), as a partner registers them and browsers send them.

A browser's ``Origin`` header and a CSP ``frame-ancestors`` source compare
origins as strings, so each one is stored the way a browser writes it:
lower-case scheme and host, the host in ASCII (IDNA), no default port, no
path. Anything more than an origin (a path, a query, credentials, a
wildcard) is refused rather than silently cut, because a partner who wrote
``https://riga.lv/news`` may think it limits embedding to that section.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_origin(value):
    """The origin as a browser writes it, or ValidationError saying what is wrong."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("An origin cannot be empty."))
    if any(character.isspace() for character in text) or "*" in text:
        raise ValidationError(
            _("%(value)s is not an origin: no spaces or wildcards."), params={"value": text}
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise ValidationError(
            _("%(value)s is not an origin (%(error)s)."), params={"value": text, "error": error}
        ) from error
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ValidationError(
            _("%(value)s must start with https:// or http://."), params={"value": text}
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(_("%(value)s must not contain a user name."), params={"value": text})
    if parts.path not in ("", "/") or parts.query or parts.fragment or text[-1] in "?#":
        raise ValidationError(
            _("%(value)s has a path or query; give only scheme://host[:port]."),
            params={"value": text},
        )
    host = parts.hostname or ""
    if not host:
        raise ValidationError(_("%(value)s has no host name."), params={"value": text})
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host
    except UnicodeError as error:
        raise ValidationError(
            _("%(value)s has a host name that is not valid."), params={"value": text}
        ) from error
    if ":" in ascii_host:
        ascii_host = f"[{ascii_host}]"
    origin = f"{scheme}://{ascii_host.lower()}"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        origin += f":{port}"
    return origin


def parse_origins(text):
    """The origins in ``text`` (one per line or comma-separated), normalised and deduplicated.

    Raises one ValidationError listing every line that is not an origin.
    """
    origins, errors = [], []
    for item in (text or "").replace(",", "\n").splitlines():
        if not item.strip():
            continue
        try:
            origin = normalise_origin(item)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if origin not in origins:
            origins.append(origin)
    if errors:
        raise ValidationError(errors)
    return origins


def origin_of(url):
    """The origin of an absolute URL, or "" if it has none."""
    try:
        return normalise_origin(
            "{0.scheme}://{0.netloc}".format(urlsplit(url)) if "://" in (url or "") else ""
        )
    except ValidationError:
        return ""
