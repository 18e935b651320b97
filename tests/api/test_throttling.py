from io import StringIO

from django.core.management import call_command
from django.test import override_settings

import pytest

from api.models import ReadToken, hash_token
from api.throttling import ApiRateThrottle
from cms import cache as cms_cache
from tests.cms.test_cache import BROKEN
from tests.factories import PartnerFactory

RATES = {"anonymous": "3/minute", "token": "6/minute"}
# A moment 20 seconds into a minute: the window has 40 seconds left.
START = 1_200_000_020.0


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


class Clock:
    """The throttle's clock, moved by the test instead of read from the wall."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    clock = Clock(START)
    monkeypatch.setattr(ApiRateThrottle, "timer", staticmethod(clock))
    return clock


@override_settings(API_THROTTLE_RATES=RATES)
def test_anonymous_client_is_throttled_with_retry_after(api, site_tree):
    for _ in range(3):
        api.get("/api/v1/news/")
    response = api.get("/api/v1/news/", status=429)
    assert response["Retry-After"] == "40"
    body = response.json()
    assert body["status"] == 429
    assert body["type"].endswith("/too-many-requests/")


@override_settings(API_THROTTLE_RATES=RATES)
def test_cached_responses_count_against_the_rate_too(api, site_tree):
    for _ in range(3):
        assert api.get("/api/v1/tags/").status_code == 200
    api.get("/api/v1/tags/", status=429)


@override_settings(API_THROTTLE_RATES=RATES)
def test_clients_are_counted_separately(api, site_tree):
    for _ in range(3):
        api.client.get("/api/v1/news/", REMOTE_ADDR="127.0.0.2")
    blocked = api.client.get("/api/v1/news/", REMOTE_ADDR="127.0.0.2")
    other = api.client.get("/api/v1/news/", REMOTE_ADDR="127.0.0.3")
    assert (blocked.status_code, other.status_code) == (429, 200)
    api.check(blocked)
    api.check(other)


@override_settings(API_THROTTLE_RATES=RATES)
def test_a_new_window_lets_the_client_in_again(api, site_tree, clock):
    for _ in range(3):
        api.get("/api/v1/news/")
    api.get("/api/v1/news/", status=429)
    clock.advance(39)
    api.get("/api/v1/news/", status=429)
    clock.advance(1)
    api.get("/api/v1/news/")


@override_settings(API_THROTTLE_RATES=RATES, REST_FRAMEWORK={"NUM_PROXIES": 1})
def test_behind_a_proxy_the_forwarded_address_counts(client, site_tree):
    for _ in range(3):
        client.get("/api/v1/news/", headers={"X-Forwarded-For": "192.0.2.1"})
    blocked = client.get("/api/v1/news/", headers={"X-Forwarded-For": "192.0.2.1"})
    other = client.get("/api/v1/news/", headers={"X-Forwarded-For": "192.0.2.2"})
    assert (blocked.status_code, other.status_code) == (429, 200)


@override_settings(API_THROTTLE_RATES=RATES)
def test_partner_token_gets_the_higher_rate(api, site_tree):
    _row, token = ReadToken.issue("Portal of Riga", partner=PartnerFactory())
    for _ in range(6):
        api.get("/api/v1/news/", headers=bearer(token))
    api.get("/api/v1/news/", headers=bearer(token), status=429)


@override_settings(API_THROTTLE_RATES=RATES)
def test_token_rate_is_separate_from_the_anonymous_rate(api, site_tree):
    _row, token = ReadToken.issue("Portal")
    for _ in range(3):
        api.get("/api/v1/news/")
    api.get("/api/v1/news/", status=429)
    api.get("/api/v1/news/", headers=bearer(token))


@override_settings(API_THROTTLE_RATES=RATES, CACHES=BROKEN)
def test_without_a_cache_to_count_in_requests_go_ahead_uncounted(rf):
    cms_cache.breaker.reset()
    request = rf.get("/api/v1/news/", REMOTE_ADDR="127.0.0.1")
    try:
        assert all(ApiRateThrottle().allow_request(request) for _ in range(10))
    finally:
        cms_cache.breaker.reset()


@override_settings(API_THROTTLE_RATES={"anonymous": None, "token": None})
def test_rates_can_be_switched_off(api, site_tree):
    for _ in range(10):
        api.get("/api/v1/tags/")


def test_unknown_token_is_a_401_problem(api, site_tree):
    response = api.get("/api/v1/news/", headers=bearer("bm_abcdefgh_nope"), status=401)
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["type"].endswith("/invalid-token/")


@override_settings(API_THROTTLE_RATES=RATES)
def test_guessed_tokens_count_against_the_anonymous_rate(api, site_tree):
    for guess in range(3):
        api.get("/api/v1/news/", headers=bearer(f"bm_abcdefgh_guess{guess}"), status=401)
    response = api.get("/api/v1/news/", headers=bearer("bm_abcdefgh_guess3"), status=429)
    assert response["Retry-After"] == "40"
    # The address's anonymous rate is used up, with or without a token.
    api.get("/api/v1/news/", status=429)


@override_settings(API_THROTTLE_RATES=RATES)
def test_guessing_tokens_does_not_touch_a_real_tokens_rate(api, site_tree):
    _row, secret = ReadToken.issue("Portal", partner=PartnerFactory())
    for guess in range(3):
        api.get("/api/v1/news/", headers=bearer(f"bm_abcdefgh_guess{guess}"), status=401)
    api.get("/api/v1/news/", headers=bearer("bm_abcdefgh_guess3"), status=429)
    api.get("/api/v1/news/", headers=bearer(secret))


def test_revoked_token_is_refused(api, site_tree):
    row, token = ReadToken.issue("Portal")
    api.get("/api/v1/news/", headers=bearer(token))
    row.revoke()
    api.get("/api/v1/news/", headers=bearer(token), status=401)
    assert not ReadToken.objects.get(pk=row.pk).is_active


def test_altered_token_is_refused(api, site_tree):
    _row, token = ReadToken.issue("Portal")
    api.get(
        "/api/v1/news/", headers=bearer(token[:-1] + ("A" if token[-1] != "A" else "B")), status=401
    )


def test_token_is_stored_hashed_and_found_by_its_prefix(db):
    row, token = ReadToken.issue("Portal")
    assert token.startswith(f"bm_{row.prefix}_")
    stored = ReadToken.objects.get(pk=row.pk)
    assert token not in {stored.secret_hash, stored.prefix, stored.name}
    assert stored.secret_hash == hash_token(token)
    assert ReadToken.objects.authenticate(token) == row


def test_use_of_a_token_is_recorded(api, site_tree):
    row, token = ReadToken.issue("Portal")
    assert row.last_used_at is None
    api.get("/api/v1/news/", headers=bearer(token))
    assert ReadToken.objects.get(pk=row.pk).last_used_at is not None


def test_other_authorization_schemes_are_ignored(api, site_tree):
    api.get("/api/v1/news/", headers={"Authorization": "Basic dXNlcjpwYXNz"})


@pytest.mark.django_db
def test_management_command_issues_lists_and_revokes(site_tree):
    PartnerFactory(slug="city-of-riga")
    out = StringIO()
    call_command("read_token", "issue", "Riga portal", "--partner", "city-of-riga", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    row = ReadToken.objects.authenticate(token)
    assert row.partner.slug == "city-of-riga"
    out = StringIO()
    call_command("read_token", "list", stdout=out)
    assert row.prefix in out.getvalue()
    call_command("read_token", "revoke", row.prefix, stdout=StringIO())
    assert ReadToken.objects.authenticate(token) is None
