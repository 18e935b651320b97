"""The test suite: fast, isolated, and the same services as production when
DATABASE_URL and REDIS_URL are set."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# The test client speaks plain HTTP to http://testserver.
os.environ.setdefault("HTTPS", "0")

from cms.settings.base import *  # noqa: F403

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
