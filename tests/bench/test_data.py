"""The benchmark's bulk content is what Wagtail itself would have written."""

from wagtail.models import Page

from bench.data import populate
from cms.models import NewsIndexPage, NewsPage
from tests.factories import NewsPageFactory

ADDED = 30


def test_bulk_news_pages_form_a_valid_tree_with_live_revisions(demo):
    # populate counts the pages under the English news index.
    before = NewsPage.objects.filter(locale__language_code="en").count()
    populate(before + ADDED, log=lambda message: None)
    assert NewsPage.objects.filter(locale__language_code="en").count() == before + ADDED
    assert all(not problems for problems in Page.find_problems())
    page = NewsPage.objects.get(slug=f"bench-{before + 7}")
    assert page.live_revision_id == page.latest_revision_id
    assert page.live_revision.as_object().title == page.title
    assert page.tags.count() == 2
    assert page.work_packages.count() == 1


def test_bulk_news_pages_are_served_like_any_other(demo, client):
    before = NewsPage.objects.filter(locale__language_code="en").count()
    populate(before + ADDED, log=lambda message: None)
    page = NewsPage.objects.get(slug=f"bench-{before + 3}")
    answer = client.get(page.url)
    assert answer.status_code == 200
    assert page.title in answer.content.decode()
    assert client.get("/api/v1/news/?limit=1&locale=en").json()["count"] == before + ADDED


def test_an_editor_adds_a_page_after_the_bulk_ones(demo):
    before = NewsPage.objects.count()
    populate(before + ADDED, log=lambda message: None)
    index = NewsIndexPage.objects.get(locale__language_code="en")
    added = NewsPageFactory(parent=index, title="After the benchmark")
    assert added.pk > max(NewsPage.objects.exclude(pk=added.pk).values_list("pk", flat=True))
    assert index.get_children().last().pk == added.pk
