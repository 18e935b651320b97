"""Settings for every environment, read from environment variables.

Secure by default: DEBUG is off and SECRET_KEY must be given. Local development
(cms.settings.dev) and the test suite (cms.settings.test) override a few values.
An integration switches on when its variable is set (DATABASE_URL, REDIS_URL,
WEBSUB_HUB_URL, ...), next to the setting it changes.
"""

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the running site writes (SQLite database, media, collected static
# files) lives under var/, which git ignores.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set (use cms.settings.dev for local development)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The absolute origin (scheme and host, no trailing slash) written into feeds,
# API output and e-mails, where there is no request to take the host from.
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

INSTALLED_APPS = [
    "cms",
    "api",
    "feeds",
    "partners",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    "csp",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer, the cached ones included.
    "cms.security.ContentSecurityPolicyMiddleware",
    # /healthz and /readyz, before every cache and rate limit (cms/health.py).
    "cms.health.HealthMiddleware",
    # WhiteNoise answers static files before any other middleware runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Feeds already rendered for the current content version, answered the
    # way WhiteNoise answers static files (feeds/middleware.py).
    "feeds.middleware.CachedFeedMiddleware",
    # CORS headers (for /api/ only) on every answer, including the cached ones
    # that the API middleware gives without running the rest of the stack.
    "corsheaders.middleware.CorsMiddleware",
    "api.middleware.ApiMiddleware",
    # A NUL or a non-character in any parameter is a 400 before a page sees it.
    "cms.params.UnusableParametersMiddleware",
    # The site's public pages from the response cache, before the middleware
    # that a stored public page does not need (cms/response_cache.py).
    "cms.response_cache.SiteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware and before CommonMiddleware, so the language
    # prefix is resolved before URLs are matched.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a lockout for failed logins into its answer (cms/security.py); last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site_context",
                "feeds.context_processors.feed_links",
                "partners.context_processors.oembed_links",
            ],
        },
    },
]

# The embedded SQLite database's folder is made by `make run` (Makefile), not
# here: importing the settings writes nothing.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database is shared by the web server, the scheduler and any
    # manage.py command: WAL lets readers go on while one writes, and a write
    # transaction takes its lock when it begins (IMMEDIATE) and waits up to 20 s
    # for it, instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Freshness: how long a process may keep the content version (cms.freshness)
# before reading it from the database again, in seconds. Every process sees a
# publication, an unpublish or an expiry within this time.
CONTENT_VERSION_TTL = float(os.environ.get("CONTENT_VERSION_TTL", "0.5"))

# The cache. Every read and write goes through cms.cache.FailOpenCache, which
# turns an error of the store behind it into a miss and leaves it alone for
# CACHE_RETRY_AFTER seconds. The store is Redis (django-redis) when REDIS_URL
# is set, shared by every process, with connect and read time-outs of
# CACHE_TIMEOUT seconds; each process's memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TIMEOUT = float(os.environ.get("CACHE_TIMEOUT", "0.25"))
CACHE_RETRY_AFTER = float(os.environ.get("CACHE_RETRY_AFTER", "5"))
if REDIS_URL:
    CACHE_STORE = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "baltmet"),
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT,
            "SOCKET_TIMEOUT": CACHE_TIMEOUT,
        },
    }
else:
    CACHE_STORE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "baltmet",
    }
CACHES = {
    "default": {
        "BACKEND": "cms.cache.FailOpenCache",
        "LOCATION": "store",
        "OPTIONS": {"RETRY_AFTER": CACHE_RETRY_AFTER},
    },
    "store": CACHE_STORE,
}
# The response cache (cms.response_cache): how long an entry is kept (an old
# content version's entries are never read again; this only frees memory), how
# long browsers may reuse a page of the site (0: they revalidate, and get a 304
# while it is unchanged), and the release, part of every key, so that a deploy
# never answers with renderings of the code before it.
RESPONSE_CACHE_TIMEOUT = int(os.environ.get("RESPONSE_CACHE_TIMEOUT", "3600"))
SITE_MAX_AGE = int(os.environ.get("SITE_MAX_AGE", "0"))
RELEASE = os.environ.get("RELEASE", "")

# The HTTP cache in front (deploy/varnish.vcl): the Varnish instances each
# publication event sends its purge to (comma-separated; none: no purging), how
# long it may keep an output between purges (seconds; never past an expiry),
# and how long to wait for it.
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URL")
FRONTEND_CACHE_MAX_AGE = int(os.environ.get("FRONTEND_CACHE_MAX_AGE", "3600"))
FRONTEND_CACHE_TIMEOUT = float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "2"))
# A CDN instead (or as well), through Wagtail's frontend-cache backends, which
# purge by URL: the page, its ancestors and these lists.
FRONTEND_CACHE_PURGE_PATHS = [
    "/feeds/news.rss",
    "/feeds/news.atom",
    "/feeds/news.json",
    "/feeds/events.ics",
    "/api/v1/news/",
    "/api/v1/events/",
    "/api/v1/changes/",
    "/embed/news.json",
    "/sitemap.xml",
]
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
            "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        }
    }
elif os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    }

# Background tasks (webhook deliveries, WebSub pings, search indexing) run
# in-process unless TASKS_BACKEND=database queues them in the database for
# `manage.py db_worker` (the Procfile's worker).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
# Management commands that the scheduler (the Procfile's clock, make run) runs
# at the start of every minute; deliver_webhooks sends webhook deliveries that
# are due (retries, or any a stopped worker left behind); purge_frontend_cache
# sends the purges a Varnish that could not be reached has missed.
SCHEDULED_COMMANDS = ["publish_scheduled", "deliver_webhooks", "purge_frontend_cache"]

# Brute force: after LOGIN_FAILURE_LIMIT wrong passwords for one user name from one
# address, that pair is locked out for LOGIN_LOCKOUT_MINUTES (django-axes, its
# attempts kept in the database); the same for the password of a private page or
# document collection (cms/security.py). An unknown user name is counted and
# answered exactly as a known one. The address is the one the API's rate limit
# uses (API_NUM_PROXIES).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.security.client_address"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. English content lives at unprefixed URLs, the partner
# cities' languages under /<language>/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("et", _("Estonian")),
    ("lv", _("Latvian")),
    ("lt", _("Lithuanian")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
    ("nb", _("Norwegian Bokmål")),
]
# The site's own catalogs (`make messages` writes them): the interface in every
# language above. Dates and numbers are written per language by cms.l10n.
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Helsinki")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images, documents and renditions go to an S3-compatible bucket that
# every app server shares when AWS_STORAGE_BUCKET_NAME is set (django-storages;
# credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto3 reads
# them). The bucket serves them itself, publicly, at AWS_S3_CUSTOM_DOMAIN or its
# endpoint's address; the app neither stores nor serves media then.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Public media: plain URLs that any cache may keep, not signed ones.
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
# Serve uploaded media from the app itself when no web server or bucket is in
# front of it (the embedded default); production can turn this off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)

# Syndication feeds: newest items per feed document, how long clients and
# proxies may reuse a feed (seconds), and the most events the calendar lists.
FEED_ITEMS = int(os.environ.get("FEED_ITEMS", "20"))
FEED_MAX_AGE = int(os.environ.get("FEED_MAX_AGE", "300"))
FEED_CALENDAR_EVENTS = int(os.environ.get("FEED_CALENDAR_EVENTS", "1000"))
# The domain and date in the permanent ids of feed entries (tag:DOMAIN,DATE:news/42,
# RFC 4151); the domain is BASE_URL's host if empty. Set them once and never
# change them: readers would see every item again.
FEED_ID_AUTHORITY = os.environ.get("FEED_ID_AUTHORITY", "")
FEED_ID_DATE = os.environ.get("FEED_ID_DATE", "2005")
# The WebSub hub pinged on every publication (empty: no hub, no rel="hub"
# links), how long to wait for it (seconds), how many attempts a ping gets,
# and the wait before the first retry (seconds; it doubles with each one).
WEBSUB_HUB_URL = os.environ.get("WEBSUB_HUB_URL", "")
WEBSUB_TIMEOUT = float(os.environ.get("WEBSUB_TIMEOUT", "5"))
WEBSUB_ATTEMPTS = int(os.environ.get("WEBSUB_ATTEMPTS", "4"))
WEBSUB_BACKOFF = float(os.environ.get("WEBSUB_BACKOFF", "2"))

# Outbound requests (webhooks, WebSub pings) go to public addresses only; on,
# they may also go to loopback and private networks (a receiver on this machine
# in development). Purges of FRONTEND_CACHE_URL always may.
OUTBOUND_ALLOW_PRIVATE = env_bool("OUTBOUND_ALLOW_PRIVATE")

# Webhooks to partner portals: how long to wait for a receiver (seconds), and
# the delays before each retry of a failed delivery (seconds, comma-separated;
# the default backs off from 30 s to 12 h, some 34 hours in all, after which a
# delivery is marked failed and waits for a redeliver from the admin log).
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
try:
    WEBHOOK_RETRY_DELAYS = [
        int(delay)
        for delay in os.environ.get(
            "WEBHOOK_RETRY_DELAYS", "30,120,600,3600,10800,21600,43200,43200"
        ).split(",")
    ]
except ValueError as error:
    raise ImproperlyConfigured(
        "WEBHOOK_RETRY_DELAYS must be whole seconds separated by commas."
    ) from error

# Content API (/api/): how long clients may reuse a response (seconds), the
# request rates (per anonymous IP address and per partner read token;
# "N/second|minute|hour|day", empty for no limit), how many proxies in front
# set X-Forwarded-For, and how long an editor's preview link stays valid.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_THROTTLE_RATES = {
    "anonymous": os.environ.get("API_RATE_ANONYMOUS", "120/minute"),
    "token": os.environ.get("API_RATE_TOKEN", "1200/minute"),
}
API_NUM_PROXIES = int(os.environ.get("API_NUM_PROXIES", "0"))
API_PREVIEW_MAX_AGE = int(os.environ.get("API_PREVIEW_MAX_AGE", "3600"))
# Any origin may read the API, without credentials (no cookies are involved).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "if-modified-since",
    "if-none-match",
    "x-preview-token",
]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "X-Cache"]
CORS_PREFLIGHT_MAX_AGE = 86400
# The API's views set their own authentication, renderers and error handling;
# drf-spectacular documents them. NUM_PROXIES tells the rate limit (a DRF
# throttle) which X-Forwarded-For entry is the client's.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": API_NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BaltMet Inno content API",
    "DESCRIPTION": (
        "Read-only access to the BaltMet Inno network's public content: news, events, work "
        "packages, partners and tags, with incremental sync and draft previews. Errors are "
        "RFC 9457 problem details (application/problem+json)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_versioned_api"],
    # servers and the examples' addresses from BASE_URL; then spectacular's own
    # enum postprocessing.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.with_base_url",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Wagtail
WAGTAIL_SITE_NAME = "BaltMet Inno"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# Documents are always served through Wagtail's view (/documents/<id>/<name>), which
# asks for a protected collection's password; never from the media folder or the
# bucket directly (cms/urls.py serves images only).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Serving pages to the public must never depend on a third party.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "document-link", "ol", "ul"]},
    }
}

# Security. A deployment is served over HTTPS: unless DEBUG is on, requests over
# plain HTTP are redirected, browsers are told to keep to HTTPS (HSTS) and cookies
# are sent over HTTPS only. HTTPS=0 turns all of that off, for a deployment that
# really is plain HTTP (check --deploy then warns, as it should). Behind a proxy
# that ends TLS, the proxy's X-Forwarded-Proto tells Django the request's scheme.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
# Load balancers probe over plain HTTP (cms/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if HTTPS or SECURE_SSL_REDIRECT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # The preload directive only offers the domain to the browsers' HSTS preload list;
    # submitting it there is a step of its own. SECURE_HSTS_PRELOAD=0 leaves it out.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


def _origin(url):
    """scheme://host[:port] of an absolute URL; None for a path."""
    scheme, _sep, rest = url.partition("://")
    if not _sep or not rest:
        return None
    return f"{scheme}://{rest.split('/', 1)[0]}"


# Forms posted from BASE_URL's origin are trusted even where the proxy in front
# rewrites the Host header; CSRF_TRUSTED_ORIGINS adds others.
CSRF_TRUSTED_ORIGINS = list(dict.fromkeys([_origin(BASE_URL), *CSRF_TRUSTED_ORIGINS]))

# Where the site's images come from besides its own origin: an absolute MEDIA_URL,
# the bucket's custom domain or endpoint, or any HTTPS origin for a bucket whose
# address only the storage knows.
if AWS_STORAGE_BUCKET_NAME:
    _custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    MEDIA_SOURCES = [
        f"https://{_custom_domain}"
        if _custom_domain
        else _origin(os.environ.get("AWS_S3_ENDPOINT_URL", "")) or "https:"
    ]
else:
    MEDIA_SOURCES = [origin for origin in [_origin(MEDIA_URL)] if origin]

# Content-Security-Policy (django-csp; cms/security.py). The site runs no inline
# script and no script from elsewhere; frames are the editors' video embeds (any
# HTTPS origin); nothing may frame the site (the partner iframe and the item cards
# set frame-ancestors of their own, partners/embed.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_SOURCES],
        "media-src": ["'self'", *MEDIA_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": HTTPS,
    },
}
# The Wagtail admin's pages under these prefixes get the admin's policy instead:
# its scripts and styles still use inline code, its choosers show images from
# anywhere an embed points, and its preview panel frames the admin's own pages.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:", *MEDIA_SOURCES],
        "font-src": ["'self'", "data:"],
        "frame-src": ["'self'", "https:"],
        "frame-ancestors": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Every search-index and reference-index update is a task; their
        # routine progress is noise.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Lockouts are warnings; every start and failed attempt would be noise.
        "axes": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
    },
}
