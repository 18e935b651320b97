"""Lockout after failed passwords (django-axes): the admin login, private pages and
private document collections; per user name (or restriction) and address."""

from django.contrib.auth import get_user_model

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from tests.factories import DocumentFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

ATTACKER = "127.0.0.9"
EDITOR_DESK = "127.0.0.10"


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "right-pw")


def log_in(client, username, password, address=ATTACKER):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [node.get_text(" ", strip=True) for node in soup.select(".messages li.error")]


def test_the_admin_login_locks_a_user_and_address_out_after_the_limit(client, editor):
    statuses = [log_in(client, "editor", f"guess-{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    # Locked out: even the right password does not get in now.
    assert log_in(client, "editor", "right-pw").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_same_user_from_another_address_still_logs_in(client, editor):
    for n in range(3):
        log_in(client, "editor", f"guess-{n}")
    response = log_in(client, "editor", "right-pw", address=EDITOR_DESK)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_unknown_user_gets_the_same_answers_as_a_known_one(client, editor):
    known = [log_in(client, "editor", f"guess-{n}") for n in range(4)]
    unknown = [log_in(client, "nobody", f"guess-{n}") for n in range(4)]
    assert (
        [r.status_code for r in known] == [r.status_code for r in unknown] == [200, 200, 429, 429]
    )
    assert errors(known[0]) == errors(unknown[0]) and errors(known[0])
    assert known[-1].content == unknown[-1].content


def test_a_success_before_the_limit_clears_the_failures(client, editor):
    for n in range(2):
        log_in(client, "editor", f"guess-{n}")
    assert log_in(client, "editor", "right-pw").status_code == 302
    client.logout()
    assert [log_in(client, "editor", f"again-{n}").status_code for n in range(2)] == [200, 200]


@pytest.fixture
def private_news(site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, title="Board minutes", slug="board")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    return page, f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"


def try_page_password(client, action, password, page, address=ATTACKER):
    return client.post(action, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


def test_the_page_password_form_is_where_wagtail_posts_it(client, private_news):
    page, action = private_news
    form = BeautifulSoup(client.get(page.url).content, "html.parser").find("form")
    assert form["action"] == action


def test_guessing_a_page_password_locks_the_address_out(client, private_news):
    page, action = private_news
    statuses = [try_page_password(client, action, f"guess-{n}", page).status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    assert try_page_password(client, action, "open-sesame", page).status_code == 429
    assert b"Board minutes" not in client.get(page.url, REMOTE_ADDR=ATTACKER).content
    # Another visitor is not locked out by the guesser.
    visitor = try_page_password(client, action, "open-sesame", page, address=EDITOR_DESK)
    assert (visitor.status_code, visitor["Location"]) == (302, page.url)


def test_guessing_a_document_collections_password_locks_the_address_out(client):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="open-sesame",
    )
    document = DocumentFactory(collection=collection)
    action = f"/documents/authenticate_with_password/{restriction.pk}/"
    assert (
        BeautifulSoup(client.get(document.url).content, "html.parser").find("form")["action"]
        == action
    )
    statuses = [
        client.post(
            action, {"password": f"guess-{n}", "return_url": document.url}, REMOTE_ADDR=ATTACKER
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
