"""Local development: `make run`. Never used in production."""

import os
import secrets

os.environ.setdefault("DEBUG", "1")
# make run serves plain http://127.0.0.1:8000.
os.environ.setdefault("HTTPS", "0")
# The demo's webhook receiver listens on 127.0.0.1 (partners.demo).
os.environ.setdefault("OUTBOUND_ALLOW_PRIVATE", "1")

from cms.settings.base import *  # noqa: F403
from cms.settings.base import VAR_DIR


def _local_secret_key():
    # A key of this machine's own, kept under var/ (made by `make run`), rather
    # than a well-known string that would make a forgotten local server
    # forgeable. Without the file, a key for this process alone: sessions then
    # last until the server restarts. Importing the settings writes nothing.
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    return secrets.token_urlsafe(50)


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
