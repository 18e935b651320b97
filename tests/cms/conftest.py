from django.conf import settings
from django.utils import translation

import pytest

from cms.models import NewsPage
from tests.factories import publish_translation


@pytest.fixture
def latvian_news(demo):
    """The demo's St Petersburg workshops translated into Latvian and published,
    the sections above it as aliases of the English ones."""
    return publish_translation(
        NewsPage.objects.get(slug="workshops-st-petersburg-june-2007"),
        "lv",
        title="BaltMet Inno darbnīcas Sanktpēterburgā",
        teaser="Trīs dienu darbnīcas par inovāciju politiku Baltijas jūras reģionā.",
    )


@pytest.fixture(autouse=True)
def _language_reset():
    # A request under /lv/ leaves Latvian active in this thread (LocaleMiddleware
    # activates the language of each request and never deactivates it); the next
    # test starts in the site's default language, as a new request would.
    yield
    translation.activate(settings.LANGUAGE_CODE)
