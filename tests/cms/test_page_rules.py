"""Which page may be created where: the site's shape is fixed by the page types."""

from wagtail.models import Page

import pytest

from cms.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    PartnerIndexPage,
    WorkPackageIndexPage,
    WorkPackagePage,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "allowed_children"),
    [
        (HomePage, {NewsIndexPage, WorkPackageIndexPage, PartnerIndexPage}),
        (NewsIndexPage, {NewsPage}),
        (NewsPage, set()),
        (WorkPackageIndexPage, {WorkPackagePage}),
        (WorkPackagePage, set()),
        (PartnerIndexPage, set()),
    ],
)
def test_each_page_type_allows_only_its_own_children(model, allowed_children):
    assert set(model.allowed_subpage_models()) == allowed_children


@pytest.mark.parametrize(
    ("model", "allowed_parents"),
    [
        (NewsIndexPage, {HomePage}),
        (NewsPage, {NewsIndexPage}),
        (WorkPackageIndexPage, {HomePage}),
        (WorkPackagePage, {WorkPackageIndexPage}),
        (PartnerIndexPage, {HomePage}),
    ],
)
def test_each_page_type_lives_only_under_its_parent_type(model, allowed_parents):
    assert set(model.allowed_parent_page_models()) == allowed_parents


def test_news_can_be_created_in_the_news_index(site_tree):
    assert NewsPage.can_create_at(site_tree.news_index)


def test_news_cannot_be_created_directly_under_the_home_page(site_tree):
    assert not NewsPage.can_create_at(site_tree.home)


def test_a_second_home_page_cannot_be_created(site_tree):
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_a_second_news_index_cannot_be_created_under_the_same_home_page(site_tree):
    assert not NewsIndexPage.can_create_at(site_tree.home)


def test_work_packages_cannot_be_created_in_the_news_index(site_tree):
    assert not WorkPackagePage.can_create_at(site_tree.news_index)
