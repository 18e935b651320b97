"""Accessibility: axe-core (axe-playwright-python bundles it) finds no serious or
critical violation on any public page type, the feeds page, the iframe widget and
the oEmbed card, in English and in Latvian (the script widget on a host page:
tests/partners/test_widget_browser.py).

Each test loads the demo on the live server once and visits every page type, so
that the demo is built twice in all rather than once per page; a failure lists
every page with its violations.
"""

from django.core.management import call_command

from wagtail.models import Locale

import pytest

from cms.models import NewsPage, WorkPackagePage
from cms.translation import publish_translation
from tests.axe import ALL, SERIOUS, axe_findings
from tests.partners.embedding import make_portal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The page types a visitor reaches, as paths under a language's prefix ("" or "/lv").
PAGE_TYPES = {
    "home": "/",
    "news list": "/news/",
    "news item": "/news/{news}/",
    "work package index": "/work-packages/",
    "work package": "/work-packages/{work_package}/",
    "search": "/search/?q=workshop",
    "search without results": "/search/?q=qqqxyz",
    "404": "/no-such-page/",
}


@pytest.fixture
def demo_on_live_server(live_server, settings):
    settings.BASE_URL = live_server.url
    call_command("load_demo", verbosity=0)
    return live_server.url


def latvian_page_types():
    """The demo's Latvian side (a home page, news and partners, three news items) and
    a work package translated as an editor would: the second language's page types."""
    news = NewsPage.objects.live().filter(locale__language_code="lv").first()
    work_package = WorkPackagePage.objects.live().filter(locale__language_code="en").first()
    latvian = Locale.objects.get(language_code="lv")
    return news.slug, publish_translation(work_package, latvian).slug


def page_types(prefix, news, work_package):
    return {
        name: prefix + path.format(news=news, work_package=work_package)
        for name, path in PAGE_TYPES.items()
    }


def check_all(page, site, urls, artifacts, impacts=SERIOUS):
    found = {}
    for name, url in urls.items():
        response = page.goto(site + url)
        assert response.status == (404 if name == "404" else 200), url
        problems = axe_findings(page, impacts)
        page.screenshot(path=str(artifacts / f"{name.replace(' ', '-')}.png"), full_page=True)
        if problems:
            found[f"{name} {url}"] = problems
    return found


def test_every_english_page_type_has_no_serious_violation(
    browser_page, demo_on_live_server, artifacts
):
    news = NewsPage.objects.live().filter(locale__language_code="en").first()
    work_package = WorkPackagePage.objects.live().filter(locale__language_code="en").first()
    urls = page_types("", news.slug, work_package.slug) | {
        "feeds page": "/feeds/",
    }
    assert check_all(browser_page, demo_on_live_server, urls, artifacts) == {}


def test_every_latvian_page_type_has_no_serious_violation(
    browser_page, demo_on_live_server, artifacts
):
    news, work_package = latvian_page_types()
    urls = page_types("/lv", news, work_package) | {"feeds page": "/feeds/?locale=lv"}
    assert check_all(browser_page, demo_on_live_server, urls, artifacts) == {}


def test_the_iframe_widget_and_card_have_no_serious_violation_in_english_and_latvian(
    browser_page, demo_on_live_server, artifacts
):
    make_portal(slug="riga", allowed_origins="https://www.riga.lv")
    news = NewsPage.objects.live().filter(lead_image__isnull=False).first()
    urls = {
        "widget en": "/embed/news/?portal=riga",
        "widget lv": "/embed/news/?portal=riga&lang=lv",
        "oembed card": f"/embed/news/{news.pk}/",
    }
    # These small pages are free of moderate findings too (a main landmark, a heading).
    assert check_all(browser_page, demo_on_live_server, urls, artifacts, impacts=ALL) == {}


def test_axe_reports_a_serious_violation_where_there_is_one(browser_page):
    # The checks above find nothing; this one shows that they would.
    browser_page.set_content(
        "<!DOCTYPE html><html><head><title>x</title></head>"
        "<body><main><img src='data:,'><a href='/'></a></main></body></html>"
    )
    rules = {rule for rule, _impact, _targets in axe_findings(browser_page)}
    assert {"html-has-lang", "image-alt", "link-name"} <= rules
