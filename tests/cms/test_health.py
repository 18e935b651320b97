"""/healthz and /readyz: answered before every cache and rate limit, never stored."""

from django.db import connections
from django.test import override_settings

import pytest

from cms import cache as cms_cache


def down_cache_settings(port):
    """The project's caches with the store behind the fail-open wrapper at a dead port."""
    return {
        "default": {
            "BACKEND": "cms.cache.FailOpenCache",
            "LOCATION": "store",
            "OPTIONS": {"RETRY_AFTER": 5},
        },
        "store": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/3",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
        },
    }


def test_healthz_answers_without_touching_the_database(client):
    # No database for this test: pytest-django fails any query it would make.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_200_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_it_is_down(client, closed_port):
    with override_settings(CACHES=down_cache_settings(closed_port)):
        cms_cache.breaker.reset()
        response = client.get("/readyz")
        # Liveness does not depend on the cache.
        assert client.get("/healthz").status_code == 200
    cms_cache.breaker.reset()
    assert response.status_code == 503
    assert response.content.decode().startswith("not ready: cache unreachable")
    assert "database" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_503_naming_the_database_when_it_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise connections["default"].Database.OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database unreachable (OperationalError)" in response.content.decode()


def test_probes_are_answered_before_every_cache_and_rate_limit(settings):
    order = settings.MIDDLEWARE
    health = order.index("cms.health.HealthMiddleware")
    for middleware in (
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "feeds.middleware.CachedFeedMiddleware",
        "api.middleware.ApiMiddleware",
        "cms.response_cache.SiteCacheMiddleware",
    ):
        assert health < order.index(middleware), middleware


@pytest.mark.django_db
def test_probes_are_never_stored_by_the_response_cache(client, django_assert_num_queries):
    client.get("/readyz")
    # A stored answer would skip the database: every probe asks it again.
    with django_assert_num_queries(1):
        assert client.get("/readyz").status_code == 200


def test_probes_keep_the_allowed_hosts_check(client):
    assert client.get("/healthz", HTTP_HOST="unknown.invalid").status_code == 400


@override_settings(SECURE_SSL_REDIRECT=True)
def test_a_plain_http_probe_is_not_redirected_to_https(client, settings):
    assert client.get("/healthz").status_code == 200
    assert client.get("/feeds/").status_code == 301
