"""What an editor meets: the start-up banner, slugs, partners, the schedule, their own news."""

import io
import socket
import stat

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from bs4 import BeautifulSoup

from cms.models import NewsPage
from tests.admin_forms import news_edit_form
from tests.factories import NewsPageFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def run(command, **options):
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


# The banner of `make run`


@pytest.fixture
def accounts(tmp_path, settings, roles):
    settings.DEBUG = True  # demo accounts are for local use only
    PartnerFactory(slug="city-of-riga")
    path = tmp_path / "local-accounts.json"
    installing = run("ensure_admin", remember=str(path)) + run(
        "ensure_demo_accounts", remember=str(path)
    )
    return path, installing


def test_the_install_output_shows_no_password(accounts):
    _path, installing = accounts
    assert installing == ""


def test_the_passwords_are_kept_where_only_their_owner_may_read_them(accounts):
    path, _installing = accounts
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_banner_shows_the_addresses_and_every_account_with_its_password(accounts, settings):
    path, _installing = accounts
    settings.BASE_URL = "http://127.0.0.1:8000"
    lines = run("welcome", accounts=str(path)).splitlines()
    assert "  Admin     http://127.0.0.1:8000/admin/" in lines
    assert "  API docs  http://127.0.0.1:8000/api/docs/" in lines
    assert "  Feeds     http://127.0.0.1:8000/feeds/" in lines
    accounts_shown = {line.split()[0]: line.split()[1] for line in lines if line.startswith("    ")}
    assert set(accounts_shown) == {"admin", "editor", "moderator", "riga-editor"}
    admin = NewsPage._meta.apps.get_model("auth", "User").objects.get(username="admin")
    assert admin.check_password(accounts_shown["admin"])


def test_the_banner_waits_for_the_server_to_answer(settings):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        settings.BASE_URL = f"http://127.0.0.1:{server.getsockname()[1]}"
        assert "BaltMet Inno is up." in run("welcome", wait=5)


def test_the_banner_gives_up_when_no_server_answers(settings, closed_port):
    settings.BASE_URL = f"http://127.0.0.1:{closed_port}"
    with pytest.raises(CommandError, match=f"Nothing answers on port {closed_port}"):
        run("welcome", wait=0.3)


# Slugs


def add_news(client, site_tree, **values):
    page = NewsPage(title="Workshop in Riga", slug="workshop", teaser="A workshop.")
    data = {**news_edit_form(page, action="publish"), **values}
    return client.post(f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/", data)


def messages_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [message.get_text(" ", strip=True) for message in soup.select(".messages li")]


def test_a_new_page_with_a_taken_slug_gets_the_next_free_one(admin_client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, slug="workshop")
    response = add_news(admin_client, site_tree)
    assert response.status_code == 302
    assert NewsPage.objects.filter(slug="workshop-1", title="Workshop in Riga").exists()


def test_the_editor_is_told_the_slug_was_changed(admin_client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, slug="workshop")
    response = add_news(admin_client, site_tree)
    shown = messages_of(admin_client.get(response["Location"]))
    assert any("“workshop”" in message and "“workshop-1”" in message for message in shown)


def test_a_slug_clash_on_saving_is_named_with_its_tab(admin_client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, slug="workshop")
    news = NewsPageFactory(parent=site_tree.news_index, slug="seminar")
    news.slug = "workshop"
    response = admin_client.post(f"/admin/pages/{news.pk}/edit/", news_edit_form(news))
    assert response.status_code == 200
    assert any("Slug is on the Promote tab." in message for message in messages_of(response))


# Partners and work packages


def test_partners_are_chosen_with_checkboxes(admin_client, site_tree):
    partner = PartnerFactory(name="Riga City Council")
    response = admin_client.get(f"/admin/pages/add/cms/newspage/{site_tree.news_index.pk}/")
    soup = BeautifulSoup(response.content, "html.parser")
    box = soup.find("input", attrs={"name": "partners", "value": str(partner.pk)})
    assert box["type"] == "checkbox"
    assert soup.find("select", attrs={"name": "partners"}) is None


# The schedule


def test_the_schedule_names_the_sites_time_zone(admin_client, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index)
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{news.pk}/edit/").content, "html.parser")
    zone_help = soup.find_all(string="In the site's time zone, Europe/Helsinki.")
    described = {text.find_parent(class_="w-field__help")["id"] for text in zone_help}
    assert described == {
        "panel-child-settings-child-publishing-child-go_live_at-helptext",
        "panel-child-settings-child-publishing-child-expire_at-helptext",
    }


def test_a_go_live_time_in_the_past_is_refused(admin_client, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, publish=False)
    data = {**news_edit_form(news), "go_live_at": "2020-03-01 10:00"}
    response = admin_client.post(f"/admin/pages/{news.pk}/edit/", data)
    assert response.status_code == 200
    shown = " ".join(messages_of(response))
    assert "2020-03-01 10:00 (Europe/Helsinki) has passed" in shown
    assert "in the schedule" in shown
    news.refresh_from_db()
    assert (news.live, news.go_live_at) == (False, None)


def test_a_go_live_time_in_the_future_is_scheduled(admin_client, site_tree):
    news = NewsPageFactory(parent=site_tree.news_index, publish=False)
    data = {**news_edit_form(news), "go_live_at": "2099-03-01 10:00"}
    response = admin_client.post(f"/admin/pages/{news.pk}/edit/", data)
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.live is False
    assert news.get_latest_revision().approved_go_live_at.year == 2099


# A partner editor's own news


def listed_titles(client, parent):
    soup = BeautifulSoup(client.get(f"/admin/pages/{parent.pk}/").content, "html.parser")
    return [title.get_text(" ", strip=True) for title in soup.select("[id$=_title]")]


def test_a_partner_editors_own_news_is_marked_in_the_listing(
    client, site_tree, riga_editor, riga, tallinn
):
    NewsPageFactory(
        parent=site_tree.news_index,
        title="Riga workshop",
        partners=[PartnerFactory(slug="riga-uni", city=riga)],
    )
    NewsPageFactory(
        parent=site_tree.news_index,
        title="Tallinn seminar",
        partners=[PartnerFactory(slug="tallinn-uni", city=tallinn)],
    )
    client.force_login(riga_editor)
    titles = listed_titles(client, site_tree.news_index)
    assert "Riga workshop · your city" in titles
    assert "Tallinn seminar" in titles


def test_other_editors_see_no_marks(admin_client, site_tree, riga):
    NewsPageFactory(
        parent=site_tree.news_index,
        title="Riga workshop",
        partners=[PartnerFactory(slug="riga-uni", city=riga)],
    )
    assert "Riga workshop" in listed_titles(admin_client, site_tree.news_index)
