from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from tests.factories import (
    HomePageFactory,
    NewsIndexPageFactory,
    PartnerIndexPageFactory,
    WorkPackageIndexPageFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The cache may be a Redis server shared across tests; each test starts empty.
    cache.clear()
    yield
    cache.clear()


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
