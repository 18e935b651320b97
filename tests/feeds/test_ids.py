"""Entry ids are permanent: no edit, rename, slug change or move changes them."""

import pytest

from tests.factories import NewsIndexPageFactory
from tests.feeds.conftest import FEED_PATHS, entry_ids, parse_json

pytestmark = pytest.mark.django_db

KINDS = [*FEED_PATHS, "ics"]


@pytest.fixture
def news(make_event):
    return make_event(title="Workshop")


def ids(client):
    return {kind: entry_ids(client, kind) for kind in KINDS}


def test_ids_are_tag_uris_of_the_page(client, news):
    assert ids(client) == {
        "rss": [f"tag:testserver,2005:news/{news.pk}"],
        "atom": [f"tag:testserver,2005:news/{news.pk}"],
        "json": [f"tag:testserver,2005:news/{news.pk}"],
        "ics": [f"news-{news.pk}@testserver"],
    }


def test_ids_stay_across_an_edit(client, news):
    before = ids(client)
    news.teaser = "A new teaser."
    news.body = [("paragraph", "<p>Rewritten.</p>")]
    news.save_revision().publish()
    assert ids(client) == before


def test_ids_stay_across_a_rename(client, news):
    before = ids(client)
    news.title = "Workshop on cluster policy"
    news.save_revision().publish()
    assert ids(client) == before


def test_ids_stay_across_a_slug_change(client, news):
    before = ids(client)
    news.slug = "cluster-workshop"
    news.save_revision().publish()
    assert ids(client) == before
    item = parse_json(client, "/feeds/news.json")["items"][0]
    assert item["url"] == "http://testserver/news/cluster-workshop/"


def test_ids_stay_across_a_move(client, news, site_tree):
    before = ids(client)
    archive = NewsIndexPageFactory(parent=site_tree.home, slug="archive", title="Archive")
    news.move(archive, pos="last-child")
    assert ids(client) == before


def test_ids_stay_when_the_section_is_renamed(client, news, site_tree):
    before = ids(client)
    site_tree.news_index.slug = "latest"
    site_tree.news_index.save_revision().publish()
    assert ids(client) == before


def test_the_id_authority_is_a_setting_of_its_own(client, news, settings):
    settings.FEED_ID_AUTHORITY = "baltmet-inno.eu"
    assert entry_ids(client, "atom") == [f"tag:baltmet-inno.eu,2005:news/{news.pk}"]
