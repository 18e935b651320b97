"""Health endpoints for load balancers and orchestrators.

- ``/healthz``: the process answers (liveness). Touches neither the database nor the cache,
  so a database outage does not make an orchestrator restart every app server.
- ``/readyz``: the database and the cache answer (readiness); 503 naming what does not.

``HealthMiddleware`` answers both right after Django's SecurityMiddleware, before
WhiteNoise, the feed, API and site caches, the API's rate limit, sessions and URL
resolution: a probe is never served a stored answer, never counted against a rate
and never stored. The host is still checked against ALLOWED_HOSTS (a probe must send
an allowed Host header); SECURE_REDIRECT_EXEMPT lets a plain-HTTP probe through.
"""

from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse

from cms.cache import store_alias

HEALTH_PATHS = ("/healthz", "/readyz")
PROBE_KEY = "health:probe"


def _answer(status, text):
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def database_problem(alias="default"):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return f"database unreachable ({type(error).__name__})"
    return None


def cache_problem():
    # The store itself, not the fail-open wrapper, which turns every error into a miss.
    store = caches[store_alias()]
    try:
        store.set(PROBE_KEY, 1, timeout=10)
        store.get(PROBE_KEY)
    except Exception as error:
        return f"cache unreachable ({type(error).__name__})"
    return None


def readiness():
    """The reasons the process is not ready to serve; empty when it is."""
    return [problem for problem in (database_problem(), cache_problem()) if problem]


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in HEALTH_PATHS:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) for a host not in ALLOWED_HOSTS
        if request.method not in ("GET", "HEAD"):
            response = _answer(405, "method not allowed")
            response["Allow"] = "GET, HEAD"
            return response
        if request.path == "/healthz":
            return _answer(200, "ok")
        problems = readiness()
        if problems:
            return _answer(503, "not ready: " + "; ".join(problems))
        return _answer(200, "ready")
