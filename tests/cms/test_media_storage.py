"""Uploaded media in a bucket every app server shares (django-storages, S3's API).

Against moto's S3-compatible server, started by the test on 127.0.0.1.
"""

import io
import json
import urllib.request

import boto3
import pytest
from bs4 import BeautifulSoup
from moto.server import ThreadedMotoServer
from PIL import Image

from tests.factories import ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

BUCKET = "baltmet-media"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    create_public_bucket(endpoint)
    yield endpoint
    server.stop()


def create_public_bucket(endpoint):
    """The bucket as the README sets it up: anyone may read, only the app writes."""
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))


def bucket_storage(endpoint):
    """STORAGES["default"] as cms.settings.base makes it from AWS_STORAGE_BUCKET_NAME."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }


@pytest.fixture
def shared_media(s3_endpoint, settings, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": bucket_storage(s3_endpoint)}
    return s3_endpoint


def fetched_image(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200
        return Image.open(io.BytesIO(response.read()))


def test_an_upload_goes_to_the_bucket_and_is_served_from_it(shared_media):
    image = ImageFactory(title="Workshop in Malmö")
    assert image.file.url.startswith(f"{shared_media}/{BUCKET}/")
    assert fetched_image(image.file.url).size == (1200, 800)


def test_renditions_are_made_into_the_bucket_too(shared_media):
    rendition = ImageFactory().get_rendition("width-300")
    assert rendition.url.startswith(f"{shared_media}/{BUCKET}/")
    assert fetched_image(rendition.url).size == (300, 200)


def test_a_page_shows_its_image_from_the_bucket(client, shared_media, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, lead_image=ImageFactory())
    soup = BeautifulSoup(client.get(news.url).content, "html.parser")
    source = soup.select_one(".lead-image img")["src"]
    assert source.startswith(f"{shared_media}/{BUCKET}/")
    assert fetched_image(source).width > 0
