"""The test suite: fast, isolated, and the same services as production when
DATABASE_URL and REDIS_URL are set."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# The test client speaks plain HTTP to http://testserver.
os.environ.setdefault("HTTPS", "0")


def _worker_redis_url(url, worker):
    """The Redis database of one pytest-xdist worker (gw0, gw1, ...): the URL's
    own number plus the worker's. Every test empties the cache (FLUSHDB), so
    workers running side by side must not share one, as they do not share a
    test database either."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{database}"))


# In the environment, not only in these settings: the app servers and the
# scheduler some tests start must use the test's own Redis database.
if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = _worker_redis_url(
        os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"]
    )

from cms.settings.base import *  # noqa: E402, F403 - after the environment is settled

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A folder of this test run's own; the storage makes it when the first file
# is saved (importing the settings writes nothing), and the suite removes it.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"baltmet-test-media-{os.getpid()}"
STORAGES = {
    **STORAGES,  # noqa: F405 - media on disk, or in the bucket AWS_STORAGE_BUCKET_NAME names
    # No collectstatic before the tests: serve static files unhashed.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
# Static files straight from the apps' folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
