import contextlib
import datetime
import ipaddress
import os
import shutil
import socket
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections, transaction

from wagtail.models import Page, Site

import pytest
from pytest_django.live_server_helper import LiveServer
from pytest_django.plugin import blocking_manager_key

from cms import cache as cms_cache
from cms import freshness, outbound, response_cache
from cms.demo import content as demo_content
from cms.models import HomePage, NewsIndexPage, PartnerIndexPage, WorkPackageIndexPage
from tests.factories import (
    CityFactory,
    HomePageFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PartnerIndexPageFactory,
    WorkPackageIndexPageFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _media_removed_afterwards():
    # The test settings name a media folder of this run's own.
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


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


LOOPBACK_NAMES = {"localhost": [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]}


@pytest.fixture(autouse=True)
def _loopback_names_only():
    """No test looks a name up in the DNS: outbound requests and webhook URL checks
    resolve localhost, and no other name (a test that needs one injects its resolver)."""

    def resolve(host, port):
        if host.lower() in LOOPBACK_NAMES:
            return LOOPBACK_NAMES[host.lower()]
        raise outbound.OutboundError(f"{host} cannot be resolved: the tests resolve no name")

    with outbound.resolving(resolve):
        yield


class SiteTree:
    """The skeleton of the site: a home page with the three section indexes."""

    def __init__(self, site, home, news_index, work_package_index, partner_index):
        self.site = site
        self.home = home
        self.news_index = news_index
        self.work_package_index = work_package_index
        self.partner_index = partner_index

    @classmethod
    def build(cls):
        """Publish the skeleton in place of Wagtail's welcome page, as an editor would."""
        site = Site.objects.get(is_default_site=True)
        welcome = site.root_page
        home = HomePageFactory(parent=Page.get_first_root_node(), slug="baltmet")
        site.root_page = home
        site.hostname = "testserver"
        site.port = 80
        site.save()
        welcome.delete()
        return cls(
            site,
            home,
            NewsIndexPageFactory(parent=home),
            WorkPackageIndexPageFactory(parent=home),
            PartnerIndexPageFactory(parent=home),
        )

    @classmethod
    def load(cls):
        """The skeleton as it is in the database (fresh objects), or None if it is not."""
        site = Site.objects.filter(is_default_site=True).first()
        home = site.root_page.specific if site is not None else None
        if not isinstance(home, HomePage):
            return None
        sections = {type(page): page for page in home.get_children().specific()}
        return cls(
            site,
            home,
            sections.get(NewsIndexPage),
            sections.get(WorkPackageIndexPage),
            sections.get(PartnerIndexPage),
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the site's skeleton committed in it: built once for the
    whole run, not once per test. Every test that changes it runs in a transaction
    that is rolled back; the tests that commit (transaction=True) get it back from
    the serialized copy their serialized_rollback restores, taken here."""
    with django_db_blocker.unblock():
        SiteTree.build()
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def site_tree(db):
    return SiteTree.load() or SiteTree.build()


# The demo site (cms.demo) is built once per test module, not once per test:
# loaded inside a transaction that stays open while the module's tests run,
# each test in a savepoint of its own (pytest-django's db fixture), and rolled
# back when the module is done. Tests of a module that do not ask for it run
# first (pytest_collection_modifyitems below), so they never see it.


@pytest.fixture
def make_news(site_tree):
    """News items under the site's news index, published through Wagtail's revisions."""

    def make(**kwargs):
        kwargs.setdefault("parent", site_tree.news_index)
        return NewsPageFactory(**kwargs)

    return make


@pytest.fixture
def make_event(make_news):
    def make(**kwargs):
        kwargs.setdefault("event_start_date", datetime.date(2006, 6, 13))
        kwargs.setdefault("event_city", CityFactory(name="Riga", time_zone="Europe/Riga"))
        return make_news(**kwargs)

    return make


@pytest.fixture
def image():
    return ImageFactory(title="Workshop in Malmö")


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port


@contextlib.contextmanager
def module_transaction(django_db_blocker):
    """A transaction open while a module's tests run, rolled back after them: what is
    built in it is built once for the module, and each test (in a savepoint of it, the
    db fixture's) sees it as it was built."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        call_command("load_demo", verbosity=0)
        _demo_text_on_the_skeleton()
        yield


def _demo_text_on_the_skeleton():
    """The demo's own home and section texts on the skeleton's pages, which load_demo
    found in place (it leaves existing pages alone) and built the demo into."""
    tree = SiteTree.load()
    for page, fields in (
        (tree.home, demo_content.HOME),
        (tree.news_index, demo_content.NEWS_INDEX),
        (tree.work_package_index, demo_content.WORK_PACKAGE_INDEX),
        (tree.partner_index, demo_content.PARTNER_INDEX),
    ):
        for name, value in fields.items():
            if name != "slug":
                setattr(page, name, value)
        page.save_revision().publish()


@pytest.fixture
def demo(request, demo_site, db):
    """The demo content; what a test changes in it is rolled back after the test."""
    if request.node.get_closest_marker("django_db") and any(
        marker.kwargs.get("transaction") for marker in request.node.iter_markers("django_db")
    ):
        pytest.fail("the shared demo site is for tests in a transaction, not transactional ones")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each run of a module's tests, those that use data built once for the
    module (module_transaction) come last, the demo site's last of all.

    pytest-django has already ordered the tests by how they use the database; this
    keeps its order and each module's, and only moves tests within a run of one
    module, so a module's transaction opens after the tests that must not see it.
    """
    ordered, run = [], []
    for item in items:
        if run and item.module is not run[0].module:
            ordered += sorted(run, key=_module_data_used)
            run = []
        run.append(item)
    ordered += sorted(run, key=_module_data_used)
    items[:] = ordered


def _module_data_used(item):
    names = getattr(item, "fixturenames", ())
    return ("demo_site" in names, any(name.endswith("_built_for_module") for name in names))


def _commits(item):
    """Whether the test commits (transaction=True, a live server): pytest-django
    empties every table after it."""
    names = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in names
        or "live_server" in names
        or any(marker.kwargs.get("transaction") for marker in item.iter_markers("django_db"))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """The skeleton back after a test that commits, for a test in a transaction next.

    In one process pytest-django runs the tests that commit after all the others.
    With pytest-xdist (make test) each worker runs whole modules, one after
    another, so a module's tests in a transaction may follow another module's
    tests that commit, on the same worker and database.
    """
    result = yield
    if nextitem is not None and _commits(item) and not _commits(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


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


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server's HTTP server, handling one request after another.

    On SQLite in memory every thread of the live server uses the test's one
    connection (the only one that sees the test database); two requests at once
    on it (a page and its favicon, a save and the editing session's ping) fail
    with "database table is locked". Connections still get a thread each: a
    browser opens spare ones in advance, which a server with a single thread
    would wait on for ever."""

    def set_app(self, application):
        turn = threading.Lock()

        def one_at_a_time(environ, start_response):
            with turn:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, answering one request at a time."""
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.server_class = _OneRequestAtATime
    server.start()
    yield server
    server.stop()


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
