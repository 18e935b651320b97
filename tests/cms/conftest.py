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
