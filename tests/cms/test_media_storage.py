"""Uploaded media in a bucket every app server shares (django-storages, S3's API).

Against moto's S3-compatible server, started by the test on 127.0.0.1.
"""

import io
import urllib.request

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.factories import ImageFactory, NewsPageFactory
from tests.services import S3Bucket

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bucket():
    bucket = S3Bucket()
    yield bucket
    bucket.close()


@pytest.fixture
def shared_media(bucket, settings, monkeypatch):
    bucket.use_here(settings, monkeypatch)
    return bucket.url


def fetched_image(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200
        return Image.open(io.BytesIO(response.read()))


def test_an_upload_goes_to_the_bucket_and_is_served_from_it(shared_media):
    image = ImageFactory(title="Workshop in Malmö")
    assert image.file.url.startswith(shared_media)
    assert fetched_image(image.file.url).size == (1200, 800)


def test_renditions_are_made_into_the_bucket_too(shared_media):
    rendition = ImageFactory().get_rendition("width-300")
    assert rendition.url.startswith(shared_media)
    assert fetched_image(rendition.url).size == (300, 200)


def test_a_page_shows_its_image_from_the_bucket(client, shared_media, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, lead_image=ImageFactory())
    soup = BeautifulSoup(client.get(news.url).content, "html.parser")
    source = soup.select_one(".lead-image img")["src"]
    assert source.startswith(shared_media)
    assert fetched_image(source).width > 0
