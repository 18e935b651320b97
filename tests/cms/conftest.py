"""The editorial roles as ensure_roles sets them up, one user of each, a Latvian
translation of the demo's news; every test starts in the site's default language."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

import pytest

from cms.editorial import EDITORS, MODERATORS, PARTNER_EDITORS, ensure_roles
from cms.models import NewsPage, PartnerEditor
from tests.factories import CityFactory, PartnerFactory


@pytest.fixture(autouse=True)
def _language_reset():
    # A request under /lv/ leaves Latvian active in this thread (LocaleMiddleware
    # activates the language of each request and never deactivates it); the next
    # test starts in the site's default language, as a new request would.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def latvian_news(demo):
    """The demo's St Petersburg workshops in Latvian (cms.demo.content.LATVIAN_NEWS),
    the news section above it an alias of the English one."""
    return NewsPage.objects.get(
        slug="workshops-st-petersburg-june-2007", locale__language_code="lv"
    )


@pytest.fixture
def roles(site_tree):
    return ensure_roles(site_tree.home, site_tree.news_index)


@pytest.fixture
def riga(db):
    return CityFactory(name="Riga", slug="riga", country="LV", time_zone="Europe/Riga")


@pytest.fixture
def tallinn(db):
    return CityFactory(name="Tallinn", slug="tallinn", country="EE", time_zone="Europe/Tallinn")


def member_of(django_user_model, group_name, username=None):
    user = django_user_model.objects.create_user(username or group_name.lower(), password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(roles, django_user_model):
    return member_of(django_user_model, EDITORS)


@pytest.fixture
def moderator(roles, django_user_model):
    return member_of(django_user_model, MODERATORS)


@pytest.fixture
def riga_editor(roles, django_user_model, riga):
    user = member_of(django_user_model, PARTNER_EDITORS, "riga-editor")
    PartnerEditor.objects.create(user=user, partner=PartnerFactory(slug="city-of-riga", city=riga))
    return user
