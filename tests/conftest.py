import os
from pathlib import Path

from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from cms import cache as cms_cache
from cms import freshness, response_cache
from tests.factories import (
    HomePageFactory,
    NewsIndexPageFactory,
    PartnerIndexPageFactory,
    WorkPackageIndexPageFactory,
)


def forget_cached_outputs():
    """Every rendering forgotten, shared and in this process: the next request renders."""
    cache.clear()
    response_cache.process_copies.clear()


def forget_cached_state():
    """What a process keeps between requests, forgotten: the next request starts cold."""
    cms_cache.breaker.reset()
    freshness.forget()
    response_cache.process_copies.clear()


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # The cache may be a Redis server shared across tests; each test starts empty.
    # Within a test, this process keeps its copy of the content version until
    # it changes it itself, however long the test takes: the tests of other
    # processes' changes (test_freshness) run real processes or move the clock.
    settings.CONTENT_VERSION_TTL = 3600
    forget_cached_state()
    cache.clear()
    yield
    cache.clear()
    forget_cached_state()


class SiteTree:
    """The skeleton of the site: a home page with the three section indexes."""

    def __init__(self):
        site = Site.objects.get(is_default_site=True)
        welcome = site.root_page
        self.home = HomePageFactory(parent=Page.get_first_root_node(), slug="baltmet")
        site.root_page = self.home
        site.hostname = "testserver"
        site.port = 80
        site.save()
        welcome.delete()
        self.site = site
        self.news_index = NewsIndexPageFactory(parent=self.home)
        self.work_package_index = WorkPackageIndexPageFactory(parent=self.home)
        self.partner_index = PartnerIndexPageFactory(parent=self.home)


@pytest.fixture
def site_tree(db):
    return SiteTree()


# Browser tests: Debian's Chromium driven by Playwright. Where it is missing they
# are skipped with one line, except where REQUIRE_BROWSER_TESTS=1 (CI), which
# makes a missing browser a failure rather than a silent gap.
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM_PATH).exists():
        reason = f"browser tests need Chromium at {CHROMIUM_PATH} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's synchronous API runs an event loop in this thread; the tests'
    # own database calls are synchronous all the same.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections

    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # Playwright's event loop gives this thread a new async context, and in it
        # Django hands out new connection objects, which lack the database state
        # that serialized_rollback restores between live-server tests: pass it on.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser, request):
    """A fresh browser tab; a screenshot of it is kept when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        page.screenshot(path=str(artifacts_dir_for(request.node) / "failure.png"), full_page=True)
    context.close()


def artifacts_dir_for(node):
    path = ARTIFACTS_DIR / node.name.replace("/", "_")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def artifacts(request):
    """The folder where this test saves its screenshots (test-artifacts/<test>/)."""
    return artifacts_dir_for(request.node)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
