"""The settings read the environment and are secure by default."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def settings_under(module="cms.settings.base", **environment):
    """Import a settings module in a clean interpreter and report a few values."""
    env = {key: value for key, value in os.environ.items() if key not in {
        "SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "BASE_URL",
        "SECURE_SSL_REDIRECT", "HTTPS", "SECURE_HSTS_PRELOAD", "CSRF_TRUSTED_ORIGINS",
    }}  # fmt: skip
    env.update(environment)
    script = (
        "import json, importlib, sys; s = importlib.import_module(sys.argv[1]); print(json.dumps({"
        "'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
        "'db_name': str(s.DATABASES['default']['NAME']), "
        "'cache': s.CACHES['default']['BACKEND'], 'store': s.CACHES['store']['BACKEND'], "
        "'db_options': s.DATABASES['default'].get('OPTIONS', {}), "
        "'media': s.STORAGES['default']['BACKEND'], 'serve_media': s.SERVE_MEDIA, "
        "'purge': s.FRONTEND_CACHE_URLS, 'hosts': s.ALLOWED_HOSTS, "
        "'base_url': s.BASE_URL, 'ssl': s.SECURE_SSL_REDIRECT, "
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'i18n': s.WAGTAIL_I18N_ENABLED, "
        "'preload': getattr(s, 'SECURE_HSTS_PRELOAD', False), "
        "'secure_cookies': [getattr(s, name, False) for name in "
        "('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE')], "
        "'csrf_origins': s.CSRF_TRUSTED_ORIGINS, 'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES'], "
        "'lockout': [s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.AXES_LOCKOUT_PARAMETERS], "
        "'languages': [code for code, name in s.WAGTAIL_CONTENT_LANGUAGES]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, module], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return result


def values(**environment):
    result = settings_under(**environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = settings_under()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert values(SECRET_KEY="x")["debug"] is False


def test_the_default_database_is_the_embedded_sqlite_file_under_var():
    settings = values(SECRET_KEY="x")
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["db_name"].endswith("var/db.sqlite3")


def test_database_url_selects_postgresql():
    settings = values(SECRET_KEY="x", DATABASE_URL="postgres://postgres@127.0.0.1:5432/baltmet")
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["db_name"] == "baltmet"


def test_the_cache_is_local_memory_without_redis_url_and_fails_open():
    settings = values(SECRET_KEY="x")
    assert settings["cache"] == "cms.cache.FailOpenCache"
    assert settings["store"].endswith("LocMemCache")


def test_redis_url_switches_the_cache_to_redis():
    settings = values(SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/0")
    assert settings["cache"] == "cms.cache.FailOpenCache"
    assert settings["store"] == "django_redis.cache.RedisCache"


def test_the_embedded_database_runs_in_wal_mode_and_waits_for_its_lock():
    options = values(SECRET_KEY="x")["db_options"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_a_bucket_takes_the_media_from_the_app_servers():
    local = values(SECRET_KEY="x")
    assert (local["media"], local["serve_media"]) == (
        "django.core.files.storage.FileSystemStorage",
        True,
    )
    shared = values(SECRET_KEY="x", AWS_STORAGE_BUCKET_NAME="baltmet-media")
    assert (shared["media"], shared["serve_media"]) == ("storages.backends.s3.S3Storage", False)


def test_frontend_cache_url_names_the_varnish_instances_to_purge():
    settings = values(SECRET_KEY="x", FRONTEND_CACHE_URL="http://127.0.0.1:6081, http://[::1]:6081")
    assert settings["purge"] == ["http://127.0.0.1:6081", "http://[::1]:6081"]


def test_allowed_hosts_and_base_url_come_from_the_environment():
    settings = values(
        SECRET_KEY="x", ALLOWED_HOSTS="baltmet.example, www.baltmet.example",
        BASE_URL="https://baltmet.example/",
    )  # fmt: skip
    assert settings["hosts"] == ["baltmet.example", "www.baltmet.example"]
    assert settings["base_url"] == "https://baltmet.example"


def test_https_settings_switch_on_together():
    settings = values(SECRET_KEY="x", SECURE_SSL_REDIRECT="1", HTTPS="0")
    assert settings["ssl"] is True
    assert settings["hsts"] > 0


def test_production_is_https_by_default():
    settings = values(SECRET_KEY="x", BASE_URL="https://baltmet.example")
    assert settings["ssl"] is True
    assert settings["hsts"] >= 31536000
    assert settings["preload"] is True
    assert settings["secure_cookies"] == [True, True]
    assert settings["csrf_origins"] == ["https://baltmet.example"]
    assert settings["csp"]["upgrade-insecure-requests"] is True


def test_https_0_is_the_one_switch_for_a_plain_http_deployment():
    settings = values(SECRET_KEY="x", HTTPS="0", BASE_URL="http://intranet.example:8080")
    assert settings["ssl"] is False
    assert settings["hsts"] == 0
    assert settings["secure_cookies"] == [False, False]
    assert settings["csrf_origins"] == ["http://intranet.example:8080"]
    assert settings["csp"]["upgrade-insecure-requests"] is False


def test_hsts_preload_can_be_left_out():
    settings = values(SECRET_KEY="x", SECURE_HSTS_PRELOAD="0")
    assert (settings["hsts"] > 0, settings["preload"]) == (True, False)


def test_csrf_trusted_origins_add_to_base_urls_origin():
    settings = values(
        SECRET_KEY="x",
        BASE_URL="https://baltmet.example/",
        CSRF_TRUSTED_ORIGINS="https://cms.example",
    )
    assert settings["csrf_origins"] == ["https://baltmet.example", "https://cms.example"]


def test_the_sites_policy_allows_no_inline_or_foreign_script():
    policy = values(SECRET_KEY="x")["csp"]
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_logins_lock_out_per_user_and_address_after_a_few_failures():
    assert values(SECRET_KEY="x")["lockout"] == [5, 900, [["username", "ip_address"]]]
    tuned = values(SECRET_KEY="x", LOGIN_FAILURE_LIMIT="10", LOGIN_LOCKOUT_MINUTES="60")
    assert tuned["lockout"][:2] == [10, 3600]


@pytest.mark.parametrize("module", ["cms.settings.dev", "cms.settings.test"])
def test_local_development_and_the_tests_speak_plain_http(module):
    result = settings_under(module=module, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert (settings["ssl"], settings["hsts"]) == (False, 0)
    assert settings["secure_cookies"] == [False, False]


def test_check_deploy_passes_with_only_the_production_minimum():
    """manage.py check --deploy, warnings failing it, with nothing but the three variables."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
         "--settings", "cms.settings.base"],
        cwd=ROOT,
        env={
            "SECRET_KEY": "k7Qe-" + "x9Vb2" * 12,
            "ALLOWED_HOSTS": "baltmet.example",
            "BASE_URL": "https://baltmet.example",
        },
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_partner_cities_languages_are_available_for_content():
    settings = values(SECRET_KEY="x")
    assert settings["i18n"] is True
    assert settings["languages"] == [
        "en", "de", "fi", "sv", "da", "et", "lv", "lt", "pl", "ru", "nb"
    ]  # fmt: skip


@pytest.mark.parametrize("module", ["cms.settings.dev", "cms.settings.base", "cms.settings.test"])
def test_importing_the_settings_writes_nothing(module, tmp_path):
    var = tmp_path / "var"
    result = settings_under(module=module, VAR_DIR=str(var), SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert not var.exists()


def dev_settings_in(var):
    """(DEBUG, SECRET_KEY) of cms.settings.dev imported in a clean interpreter."""
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import cms.settings.dev as s; print(s.DEBUG, s.SECRET_KEY)"],
        cwd=ROOT,
        env={**env, "VAR_DIR": str(var)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    debug, key = result.stdout.split()
    return debug == "True", key


def test_local_development_needs_no_secret_key_and_does_not_use_a_well_known_one(tmp_path):
    (debug, first), (_debug, second) = dev_settings_in(tmp_path), dev_settings_in(tmp_path)
    assert debug
    # Without the key file `make run` writes, a key of each process's own.
    assert len(first) >= 50 and first != second


def test_local_development_uses_the_key_make_run_wrote(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 64)
    assert dev_settings_in(tmp_path)[1] == "k" * 64
