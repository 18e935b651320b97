"""Local development: `make run`. Never used in production."""

import os
import secrets

os.environ.setdefault("DEBUG", "1")

from cms.settings.base import *  # noqa: F403
from cms.settings.base import VAR_DIR


def _local_secret_key():
    # A key of this machine's own, kept under var/, rather than a well-known
    # string that would make a forgotten local server forgeable.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
