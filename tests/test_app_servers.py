"""Two app servers on one PostgreSQL, one Redis and one media bucket, as in production.

Two gunicorns started by the test on the test database, the shared Redis and
a bucket on moto's S3-compatible server: an editor publishes and unpublishes
in the admin of one, and the other shows it within a second; an image
uploaded through one is served, with the renditions the other makes, from the
bucket. Runs where DATABASE_URL is PostgreSQL and REDIS_URL is set (CI's
second pass).
"""

import http.cookiejar
import io
import os
import re
import urllib.parse
import urllib.request
import uuid

from django.db import connection, connections

from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.factories import ImageFactory, NewsPageFactory
from tests.services import AppServer, S3Bucket, get, wait_until

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not REDIS_URL,
        reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL, as in production",
    ),
    # serialized_rollback: the flush after each test would take the default Site along.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

READ_WITHIN = 1
OUTPUTS = ["/news/", "/feeds/news.atom", "/api/v1/news/"]


def shows(server, text):
    return [text in get(server.url + path)[2].decode() for path in OUTPUTS]


@pytest.fixture(scope="module")
def bucket():
    bucket = S3Bucket()
    yield bucket
    bucket.close()


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, bucket):
    with django_db_blocker.unblock():
        database = connections["default"].settings_dict
    env = {
        **os.environ,
        **bucket.environment(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"app-servers-{uuid.uuid4().hex[:8]}",
        "CONTENT_VERSION_TTL": "0.5",
    }
    started = []
    try:
        for _ in range(2):
            started.append(AppServer(env))
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.close()


@pytest.fixture
def shared_media(bucket, settings, monkeypatch):
    bucket.use_here(settings, monkeypatch)
    return bucket.url


class Editor:
    """An editor's browser session in one server's admin."""

    def __init__(self, server, username, password):
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = self.open("/admin/login/")
        self.submit("/admin/login/", page, {"username": username, "password": password})

    def open(self, path, data=None, headers=None):
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.server.url + path, data=data, headers=headers or {}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def submit(self, path, page, fields):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        return self.open(path, data)

    def bulk(self, action, page_id):
        path = f"/admin/bulk/wagtailcore/page/{action}/?id={page_id}&next=/admin/"
        return self.submit(path, self.open(path), {})

    def upload_image(self, title, content):
        path = "/admin/images/add/"
        page = self.open(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', page)
        fields = {"csrfmiddlewaretoken": token, "title": title}
        if collection:
            fields["collection"] = collection.group(1)
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="malmo.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.open(
            path,
            body.getvalue(),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


@pytest.fixture
def editor(servers, django_user_model):
    django_user_model.objects.create_superuser("moderator", "", "a long demo password")
    return Editor(servers[0], "moderator", "a long demo password")


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_publish_and_an_unpublish_in_one_server_reach_the_other_within_a_second(
    servers, editor, site_tree
):
    other = servers[1]
    draft = NewsPageFactory(
        parent=site_tree.news_index, title="Conference in Tallinn", publish=False
    )
    assert shows(other, "Conference in Tallinn") == [False] * len(OUTPUTS)

    # Counted from the moment the editor's request returns: the publish has committed.
    editor.bulk("publish", draft.pk)
    published = wait_until(lambda: all(shows(other, "Conference in Tallinn")), READ_WITHIN)
    editor.bulk("unpublish", draft.pk)
    unpublished = wait_until(lambda: not any(shows(other, "Conference in Tallinn")), READ_WITHIN)
    print(
        f"\nother app server: publish seen after {published:.3f} s, "
        f"unpublish after {unpublished:.3f} s"
    )


def test_an_image_uploaded_through_one_is_served_with_its_renditions_by_the_other(
    servers, shared_media, editor, site_tree
):
    other = servers[1]
    editor.upload_image("Workshop in Malmö", png(1200, 800))
    image = get_image_model().objects.get(title="Workshop in Malmö")
    assert image.file.url.startswith(shared_media)
    assert Image.open(io.BytesIO(get(image.file.url)[2])).size == (1200, 800)

    news = NewsPageFactory(parent=site_tree.news_index, slug="malmo", lead_image=image)
    status, _headers, body = get(f"{other.url}/news/{news.slug}/")
    assert status == 200
    source = BeautifulSoup(body, "html.parser").select_one(".lead-image img")["src"]
    assert source.startswith(shared_media), "a rendition the other server made"
    assert Image.open(io.BytesIO(get(source)[2])).width < 1200


def test_both_servers_serve_the_same_media_from_the_bucket(servers, shared_media, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, lead_image=ImageFactory())
    sources = [
        BeautifulSoup(get(f"{server.url}{news.url}")[2], "html.parser").select_one(
            ".lead-image img"
        )["src"]
        for server in servers
    ]
    assert sources[0] == sources[1]
    assert get(sources[0])[0] == 200
