"""A list costs the same number of queries whatever its length and whatever its fields."""

import datetime
from functools import partial

from wagtail.models import Locale

import pytest

from cms.models import NewsPage
from tests.api.conftest import make_document
from tests.conftest import SiteTree, forget_cached_outputs, module_transaction
from tests.factories import (
    CityFactory,
    ImageFactory,
    MilestoneFactory,
    NewsPageFactory,
    PartnerFactory,
    WorkPackagePageFactory,
)

# Enough to tell a fixed cost from one that grows with the page: ten items
# against twenty-five.
ITEMS = 25
MAX_QUERIES = 25


@pytest.fixture(scope="module")
def rich_news_built_for_module(django_db_setup, django_db_blocker):
    """News with every kind of relation and block, so that nothing is left untried;
    built once for the module (tests/conftest.py's module_transaction)."""
    with module_transaction(django_db_blocker):
        site_tree = SiteTree.load()
        news = partial(NewsPageFactory, parent=site_tree.news_index)
        german = Locale.objects.create(language_code="de")
        images = [ImageFactory() for _ in range(3)]
        document = make_document("Report")
        city = CityFactory()
        partners = [PartnerFactory(city=city) for _ in range(4)]
        work_packages = [
            WorkPackagePageFactory(parent=site_tree.work_package_index, number=number)
            for number in (1, 2, 3)
        ]
        pages = []
        for number in range(ITEMS):
            target = pages[-1] if pages else site_tree.news_index
            page = news(
                lead_image=images[number % 3],
                tags=[f"tag-{number % 5}", f"tag-{(number + 1) % 5}"],
                partners=partners[number % 4 : number % 4 + 2],
                work_packages=work_packages[: number % 3 + 1],
                event_start_date=datetime.date(2007, 1, 1) + datetime.timedelta(days=number),
                event_city=city,
                body=[
                    ("heading", {"text": "Heading", "level": "h2"}),
                    (
                        "paragraph",
                        f'<p>See <a linktype="page" id="{target.pk}">this</a> and '
                        f'<a linktype="document" id="{document.pk}">that</a>.</p>',
                    ),
                    (
                        "image",
                        {
                            "image": {
                                "image": images[number % 3],
                                "decorative": False,
                                "alt_text": "x",
                            },
                            "caption": "",
                        },
                    ),
                    ("document", {"document": document, "title": ""}),
                    ("quote", {"text": "Quote", "attribution": ""}),
                ],
            )
            if number % 4 == 0:
                page.copy_for_translation(german, copy_parents=True).save_revision().publish()
            pages.append(page)
        yield [page.pk for page in pages]


@pytest.fixture
def rich_news(rich_news_built_for_module, db):
    """The module's rich news, loaded afresh for each test."""
    pages = NewsPage.objects.in_bulk(rich_news_built_for_module)
    return [pages[pk] for pk in rich_news_built_for_module]


def queries_for(
    api, django_assert_max_num_queries, url, params, limits=(10, 100), maximum=MAX_QUERIES
):
    # Renditions are made on first use; count the steady state.
    api.get(url, {**params, "limit": max(limits)})
    counts = []
    for limit in limits:
        forget_cached_outputs()
        with django_assert_max_num_queries(maximum) as captured:
            response = api.get(url, {**params, "limit": limit})
        counts.append(len(captured.captured_queries))
        body = response.json()
        if "count" in body:
            assert len(body["results"]) == min(limit, body["count"])
        else:
            assert 0 < len(body["results"]) <= limit
    return counts


@pytest.mark.parametrize(
    "fields",
    [
        "*",
        "title",
        "title,body",
        "lead_image,tags",
        "partners,work_packages",
        "translations,event,url",
    ],
)
def test_news_list_queries_do_not_grow_with_the_page(
    api, rich_news, django_assert_max_num_queries, django_assert_num_queries, fields
):
    ten, hundred = queries_for(
        api, django_assert_max_num_queries, "/api/v1/news/", {"fields": fields}
    )
    assert ten == hundred
    forget_cached_outputs()
    with django_assert_num_queries(ten):
        api.get("/api/v1/news/", {"fields": fields, "limit": 50})


def test_news_list_with_filters_and_search(api, rich_news, django_assert_max_num_queries):
    for params in (
        {"tag": "tag-1", "work_package": 1},
        {"search": "Heading"},
        {"search": "Heading", "ordering": "title"},
        {"locale": "de"},
    ):
        ten, hundred = queries_for(api, django_assert_max_num_queries, "/api/v1/news/", params)
        assert ten == hundred, params


def test_events_list(api, rich_news, django_assert_max_num_queries):
    ten, hundred = queries_for(api, django_assert_max_num_queries, "/api/v1/events/", {})
    assert ten == hundred


def test_changes_list(api, rich_news, django_assert_max_num_queries):
    # The journal mixes news, work packages and other pages: three builders.
    ten, hundred = queries_for(
        api, django_assert_max_num_queries, "/api/v1/changes/", {}, maximum=MAX_QUERIES + 8
    )
    assert ten == hundred


def test_work_package_list(api, site_tree, django_assert_max_num_queries):
    city = CityFactory()
    partner = PartnerFactory(city=city)
    for number in range(1, ITEMS + 1):
        wp = WorkPackagePageFactory(
            parent=site_tree.work_package_index,
            number=number,
            coordinator=partner,
            description='<p>See <a href="/news/">the news</a>.</p>',
        )
        for milestone in range(2):
            MilestoneFactory(
                page=wp,
                number=milestone,
                meetings=[
                    (
                        "meeting",
                        {
                            "kind": "workshop",
                            "name": "",
                            "month": datetime.date(2006, 2, 1),
                            "starts_on": None,
                            "ends_on": None,
                            "city": city,
                            "in_every_partner_city": False,
                            "organiser": "partner",
                            "host_partners": [partner],
                        },
                    )
                ],
            )
    ten, hundred = queries_for(api, django_assert_max_num_queries, "/api/v1/work-packages/", {})
    assert ten == hundred


def test_partner_list(api, site_tree, django_assert_max_num_queries):
    for _ in range(ITEMS):
        PartnerFactory(logo=ImageFactory())
    ten, hundred = queries_for(api, django_assert_max_num_queries, "/api/v1/partners/", {})
    assert ten == hundred


def test_tag_list(api, rich_news, django_assert_max_num_queries):
    for number in range(ITEMS):
        rich_news[0].tags.add(f"extra-{number}")
    rich_news[0].save_revision().publish()
    ten, hundred = queries_for(api, django_assert_max_num_queries, "/api/v1/tags/", {})
    assert ten == hundred


def test_demo_news_list(api, demo, django_assert_max_num_queries):
    two, five = queries_for(api, django_assert_max_num_queries, "/api/v1/news/", {}, (2, 5))
    assert two == five
