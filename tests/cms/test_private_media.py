"""Documents only through Wagtail's document view; images from the media folder as before."""

from wagtail.models import Collection, CollectionViewRestriction

import pytest
from bs4 import BeautifulSoup

from tests.factories import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected_collection():
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="board-only",
    )
    return collection


@pytest.fixture
def private_document(protected_collection):
    return DocumentFactory(
        title="Budget draft",
        collection=protected_collection,
        file__filename="budget.txt",
        file__data=b"Confidential figures.",
    )


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_protected_document_is_not_in_the_media_folder_url_space(client, private_document):
    assert private_document.file.name.startswith("documents/")
    response = client.get(f"/media/{private_document.file.name}")
    assert response.status_code == 404
    assert b"Confidential" not in body(response)


def test_a_protected_document_asks_for_its_password(client, private_document):
    response = client.get(private_document.url)
    assert private_document.url == f"/documents/{private_document.pk}/{private_document.filename}"
    assert response.status_code == 200
    assert b"Confidential" not in body(response)
    form = BeautifulSoup(response.content, "html.parser").find("form")
    assert form.find("input", attrs={"name": "password", "type": "password"}) is not None


def test_the_right_password_gives_the_document(client, private_document):
    page = BeautifulSoup(client.get(private_document.url).content, "html.parser")
    action = page.find("form")["action"]
    client.post(action, {"password": "board-only", "return_url": private_document.url})
    assert body(client.get(private_document.url)) == b"Confidential figures."


def test_a_public_document_is_served_by_the_view_only(client, db):
    document = DocumentFactory(file__filename="agenda.txt", file__data=b"Agenda.")
    assert body(client.get(document.url)) == b"Agenda."
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_images_and_renditions_are_still_served_from_the_media_folder(client, db):
    image = ImageFactory()
    rendition = image.get_rendition("width-300")
    for url in (image.file.url, rendition.url):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")


def test_a_path_climbing_out_of_the_image_folders_is_a_404(client, private_document):
    for path in (
        f"/media/images/../{private_document.file.name}",
        f"/media/original_images/%2e%2e/{private_document.file.name}",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"Confidential" not in body(response)
