"""A search sorted by anything but relevance is matched, sorted and cut into pages by the
database: the cost of a page does not grow with the number of hits."""

import contextlib

from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

import pytest

from cms.models import NewsPage
from tests.api.conftest import ids, results

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def news_pages_loaded():
    """Counts the news pages made into Python objects in the block."""
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=NewsPage)
    try:
        yield loaded
    finally:
        post_init.disconnect(count, sender=NewsPage)


def a_page_of(api, **query):
    with news_pages_loaded() as loaded, CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/news/", {"search": "innovation", "limit": 2, **query})
    return response, len(loaded), len(queries)


def test_a_search_sorted_by_title_loads_only_the_page_asked_for(api, news):
    for number in range(30):
        news(title=f"Innovation week {number:02}")
    response, loaded, _queries = a_page_of(api, ordering="title")
    assert [item["title"] for item in results(response)] == [
        "Innovation week 00",
        "Innovation week 01",
    ]
    assert response.json()["count"] == 30
    assert loaded <= 2


def test_its_queries_do_not_grow_with_the_hits(api, news):
    for number in range(3):
        news(title=f"Innovation week {number:02}")
    _response, _loaded, few = a_page_of(api, ordering="-title")
    for number in range(3, 30):
        news(title=f"Innovation week {number:02}")
    response, loaded, many = a_page_of(api, ordering="-title")
    assert many == few
    assert loaded <= 2
    assert len(ids(response)) == 2


def test_only_hits_are_sorted(api, news):
    hit = news(title="Innovation in Riga")
    news(title="Workshop in Tallinn")
    response, _loaded, _queries = a_page_of(api, ordering="published")
    assert ids(response) == [hit.pk]
