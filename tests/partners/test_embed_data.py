"""The widget's data (/embed/news.json) and its script (/embed/news.js), as real responses."""

import datetime
import gzip
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from cms.publication import content_version
from partners.embed import SCRIPT_PATH
from partners.params import MAX_LIMIT
from tests.factories import (
    CityFactory,
    ImageFactory,
    NewsPageFactory,
    PartnerFactory,
    WorkPackagePageFactory,
    ago,
    set_expiry,
)
from tests.partners.embedding import (
    PORTAL_ORIGIN,
    invalid_parameter,
    make_portal,
    problem,
    widget_data,
    widget_titles,
)

pytestmark = pytest.mark.django_db

WIDGET_SIZE_LIMIT = 15 * 1024


@pytest.fixture
def portal(site_tree):
    return make_portal(slug="riga")


@pytest.fixture
def german(site_tree):
    """The site's German tree: a translated home page and news index."""
    locale = Locale.objects.get_or_create(language_code="de")[0]
    site_tree.home.copy_for_translation(locale).save_revision().publish()
    news_index = site_tree.news_index.copy_for_translation(locale)
    news_index.save_revision().publish()
    return news_index


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# What the list holds ---------------------------------------------------------------


def test_the_list_shows_the_portals_news_newest_first(client, portal, make_news):
    make_news(title="Older", publication_date=days_ago(3))
    make_news(title="Newest", publication_date=days_ago(1))
    make_news(title="Middle", publication_date=days_ago(2))
    assert widget_titles(client, "portal=riga") == ["Newest", "Middle", "Older"]


def test_each_item_has_title_link_date_teaser_and_image(client, portal, make_news, image):
    page = make_news(title="Workshop", teaser="Cities met.", lead_image=image)
    [item] = widget_data(client, "portal=riga")["items"]
    assert item["id"] == page.pk
    assert item["title"] == "Workshop"
    assert item["url"] == f"http://testserver/news/{page.slug}/"
    assert item["date"] == timezone.localtime(page.publication_date).date().isoformat()
    assert item["date_text"]
    assert item["teaser"] == "Cities met."
    assert item["image"]["url"].startswith("http://testserver/media/images/")
    assert (item["image"]["width"], item["image"]["height"]) == (480, 320)


def test_the_list_shows_five_items_unless_told(client, portal, make_news):
    for _ in range(7):
        make_news()
    assert len(widget_data(client, "portal=riga")["items"]) == 5


def test_the_limit_gives_the_number_of_items(client, portal, make_news):
    for _ in range(4):
        make_news()
    assert len(widget_data(client, "portal=riga&limit=2")["items"]) == 2


def test_the_limit_goes_up_to_twenty(client, portal, make_news):
    for _ in range(MAX_LIMIT + 1):
        make_news()
    assert len(widget_data(client, f"portal=riga&limit={MAX_LIMIT}")["items"]) == MAX_LIMIT


def test_the_portals_work_package_filter_applies(client, site_tree, make_news):
    wp3 = WorkPackagePageFactory(parent=site_tree.work_package_index, number=3)
    wp4 = WorkPackagePageFactory(parent=site_tree.work_package_index, number=4)
    make_portal(slug="wp3", filter_work_packages=[3])
    make_news(title="In WP 3", work_packages=[wp3])
    make_news(title="In WP 4", work_packages=[wp4])
    assert widget_titles(client, "portal=wp3") == ["In WP 3"]


def test_the_portals_tag_filter_applies(client, site_tree, make_news):
    make_portal(slug="clusters", filter_tags=["cluster-policy"])
    make_news(title="Tagged", tags=["Cluster policy"])
    make_news(title="Untagged")
    assert widget_titles(client, "portal=clusters") == ["Tagged"]


def test_the_portals_partner_filter_keeps_news_naming_it_or_in_its_city(
    client, site_tree, make_news, make_event
):
    riga = CityFactory(name="Riga", slug="riga", country="LV", time_zone="Europe/Riga")
    council = PartnerFactory(slug="riga-city", city=riga)
    make_portal(slug="riga", partner=council, filter_partner=council)
    make_news(title="Names the council", partners=[council], publication_date=days_ago(1))
    make_event(title="Event in Riga", event_city=riga, publication_date=days_ago(2))
    make_news(title="Elsewhere", publication_date=days_ago(3))
    assert widget_titles(client, "portal=riga") == ["Names the council", "Event in Riga"]


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("de", "13. November 2007"),
        ("de-AT", "13. November 2007"),
        ("lv", "2007. gada 13. novembris"),
        # A host page in a language the site does not have: the content's.
        ("pt-BR", "13 November 2007"),
    ],
)
def test_lang_chooses_the_language_of_the_dates(client, portal, make_news, lang, written):
    make_news(publication_date=timezone.make_aware(datetime.datetime(2007, 11, 13, 12, 0)))
    data = widget_data(client, f"portal=riga&lang={lang}")
    assert data["locale"] == "en"
    assert data["lang"] == ("en" if lang == "pt-BR" else lang.split("-")[0])
    [item] = data["items"]
    assert (item["date_text"], item["date"]) == (written, "2007-11-13")


def test_a_malformed_lang_is_a_400_naming_it(client, portal):
    assert invalid_parameter(client.get("/embed/news.json?portal=riga&lang=<de>")) == "lang"


def test_the_portals_language_applies(client, site_tree, german, make_news):
    make_portal(slug="berlin", filter_locale="de")
    make_news(title="English news")
    make_news(title="Deutsche Nachricht", parent=german)
    data = widget_data(client, "portal=berlin")
    assert (data["locale"], [item["title"] for item in data["items"]]) == (
        "de",
        ["Deutsche Nachricht"],
    )


def test_the_locale_parameter_overrides_the_portals_language(client, german, make_news):
    make_portal(slug="berlin", filter_locale="de")
    make_news(title="English news")
    make_news(title="Deutsche Nachricht", parent=german)
    response = client.get("/embed/news.json?portal=berlin&locale=en")
    assert response["Content-Language"] == "en"
    assert [item["title"] for item in json.loads(response.content)["items"]] == ["English news"]


def test_without_a_portal_language_the_list_is_in_the_sites_language(client, portal, german):
    assert widget_data(client, "portal=riga")["locale"] == "en"


# What is not public never appears ------------------------------------------------------


def test_a_draft_never_appears(client, portal, make_news):
    make_news(title="Public")
    make_news(title="Draft", publish=False)
    assert widget_titles(client, "portal=riga") == ["Public"]


def test_unpublished_changes_never_appear(client, portal, make_news):
    page = make_news(title="Public", teaser="Published teaser.")
    page.teaser = "A draft teaser."
    page.save_revision()
    [item] = widget_data(client, "portal=riga")["items"]
    assert item["teaser"] == "Published teaser."


def test_a_private_page_never_appears(client, portal, make_news):
    make_news(title="Public")
    private = make_news(title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert widget_titles(client, "portal=riga") == ["Public"]


def test_a_scheduled_page_never_appears_before_its_time(client, site_tree, portal, make_news):
    make_news(title="Public")
    page = NewsPageFactory(parent=site_tree.news_index, publish=False, title="Scheduled")
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()
    assert widget_titles(client, "portal=riga") == ["Public"]


def test_an_expired_page_never_appears_even_before_the_scheduler_runs(client, portal, make_news):
    make_news(title="Public")
    expired = make_news(title="Expired")
    set_expiry(expired, ago(minutes=1))
    assert widget_titles(client, "portal=riga") == ["Public"]


def test_an_item_that_expires_leaves_a_list_already_cached(client, portal, make_news, monkeypatch):
    make_news(title="Public")
    expiring = make_news(title="Expiring")
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    set_expiry(expiring, in_an_hour)
    assert widget_titles(client, "portal=riga") == ["Public", "Expiring"]
    # Time passes the expiry, with no publication event (the scheduler has not run).
    later = in_an_hour + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert widget_titles(client, "portal=riga") == ["Public"]


# Changes show at once -----------------------------------------------------------------


def test_a_new_publish_shows_on_the_next_request(client, portal, make_news):
    make_news(title="First", publication_date=days_ago(2))
    assert widget_titles(client, "portal=riga") == ["First"]
    version = content_version()
    make_news(title="Second", publication_date=days_ago(1))
    assert content_version() != version, "the publication event path changed the version"
    assert widget_titles(client, "portal=riga") == ["Second", "First"]


def test_an_unpublished_item_leaves_on_the_next_request(client, portal, make_news):
    make_news(title="Stays")
    leaving = make_news(title="Leaves")
    assert widget_titles(client, "portal=riga") == ["Stays", "Leaves"]
    leaving.unpublish()
    assert widget_titles(client, "portal=riga") == ["Stays"]


def test_a_cached_list_is_answered_again_with_its_etag_after_a_publish(client, portal, make_news):
    make_news(title="First")
    etag = client.get("/embed/news.json?portal=riga")["ETag"]
    make_news(title="Second")
    assert client.get("/embed/news.json?portal=riga", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_change_to_the_portals_filters_takes_effect_at_once(client, portal, make_news):
    make_news(title="Tagged", tags=["Cluster policy"])
    make_news(title="Untagged")
    assert sorted(widget_titles(client, "portal=riga")) == ["Tagged", "Untagged"]
    portal.filter_tags = ["cluster-policy"]
    portal.save()
    assert widget_titles(client, "portal=riga") == ["Tagged"]


def test_a_deactivated_portal_is_gone_at_once(client, portal, make_news):
    make_news()
    widget_data(client, "portal=riga")
    portal.active = False
    portal.save()
    assert problem(client.get("/embed/news.json?portal=riga"), 404)["invalid_params"] == [
        {"name": "portal", "reason": "there is no active partner portal 'riga'"}
    ]


def test_a_removed_origin_is_refused_at_once(client, portal, make_news):
    make_news()
    widget_data(client, "portal=riga", HTTP_ORIGIN=PORTAL_ORIGIN)
    portal.allowed_origins = "https://new.riga.lv"
    portal.save()
    problem(client.get("/embed/news.json?portal=riga", HTTP_ORIGIN=PORTAL_ORIGIN), 403)


# CORS and cookies -----------------------------------------------------------------------


def test_a_registered_origin_may_read_the_list(client, portal, make_news):
    make_news()
    response = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN=PORTAL_ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PORTAL_ORIGIN
    assert "Origin" in [name.strip() for name in response["Vary"].split(",")]
    assert "Access-Control-Allow-Credentials" not in response


def test_each_registered_origin_gets_its_own_allow_origin(client, site_tree, make_news):
    make_portal(slug="riga", allowed_origins="https://www.riga.lv\nhttp://localhost:8080")
    response = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN="http://localhost:8080")
    assert response["Access-Control-Allow-Origin"] == "http://localhost:8080"


def test_an_unregistered_origin_gets_a_403_problem(client, portal, make_news):
    make_news()
    response = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN="https://evil.example")
    body = problem(response, 403)
    assert "https://evil.example" in body["detail"]
    assert "items" not in body


def test_the_refusal_is_readable_by_the_refused_page_and_names_the_setting(
    client, portal, make_news
):
    # The widget on that page can then say why it shows no news.
    make_news(title="Not for this host")
    response = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN="https://evil.example")
    body = problem(response, 403)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "'Allowed origins'" in body["detail"]
    assert "Syndication → Partner portals" in body["detail"]
    assert "Not for this host" not in response.content.decode()


def test_an_unknown_portal_is_a_problem_any_page_may_read(client, portal):
    response = client.get("/embed/news.json?portal=rgia", HTTP_ORIGIN="https://www.riga.lv")
    body = problem(response, 404)
    assert "rgia" in body["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_another_portals_origin_gets_a_403(client, portal, make_news):
    make_portal(slug="tallinn", allowed_origins="https://www.tallinn.ee")
    response = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN="https://www.tallinn.ee")
    problem(response, 403)


def test_an_origin_is_compared_exactly(client, portal):
    # Same host, another scheme or port: another origin.
    for origin in ("http://www.riga.lv", "https://www.riga.lv:8443", "https://riga.lv"):
        response = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN=origin)
        assert response.status_code == 403, origin


def test_an_opaque_origin_gets_a_403(client, portal):
    # Sandboxed frames and file: pages send "Origin: null".
    problem(client.get("/embed/news.json?portal=riga", HTTP_ORIGIN="null"), 403)


def test_the_sites_own_pages_may_read_the_list(client, portal, make_news):
    make_news()
    response = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN="http://testserver")
    assert response["Access-Control-Allow-Origin"] == "http://testserver"


def test_a_request_without_origin_gets_the_list_without_cors_headers(client, portal, make_news):
    make_news()
    response = client.get("/embed/news.json?portal=riga")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_304_to_a_registered_origin_carries_the_allow_origin(client, portal, make_news):
    make_news()
    etag = client.get("/embed/news.json?portal=riga", HTTP_ORIGIN=PORTAL_ORIGIN)["ETag"]
    response = client.get(
        "/embed/news.json?portal=riga", HTTP_ORIGIN=PORTAL_ORIGIN, HTTP_IF_NONE_MATCH=etag
    )
    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == PORTAL_ORIGIN


def test_an_unregistered_origin_gets_no_304(client, portal, make_news):
    make_news()
    etag = client.get("/embed/news.json?portal=riga")["ETag"]
    response = client.get(
        "/embed/news.json?portal=riga", HTTP_ORIGIN="https://evil.example", HTTP_IF_NONE_MATCH=etag
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "portal=riga",
        "portal=riga&limit=abc",
        "portal=nobody",
        "portal=riga&origin=forbidden",
    ],
)
def test_no_answer_sets_a_cookie(client, portal, make_news, query):
    make_news()
    client.cookies.load({"sessionid": "not-a-session", "csrftoken": "x" * 32})
    for origin in (PORTAL_ORIGIN, "https://evil.example"):
        response = client.get(f"/embed/news.json?{query}", HTTP_ORIGIN=origin)
        assert "Set-Cookie" not in response, (query, origin)
        assert not response.cookies, (query, origin)


def test_the_script_sets_no_cookie(client, db):
    response = client.get("/embed/news.js")
    assert "Set-Cookie" not in response and not response.cookies


# Bad requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("portal=riga&colour=red", "colour"),
        ("portal=riga&limit=0", "limit"),
        ("portal=riga&limit=abc", "limit"),
        ("portal=riga&limit=21", "limit"),
        ("portal=riga&limit=-1", "limit"),
        ("portal=riga&limit=1.5", "limit"),
        ("portal=riga&limit=%EF%BC%95", "limit"),
        ("limit=5", "portal"),
        ("portal=", "portal"),
        ("portal=riga%20lv", "portal"),
        ("partner=riga%20lv", "partner"),
        ("portal=riga&partner=tallinn", "partner"),
        ("portal=riga%EF%BF%BE", "portal"),
        ("portal=riga&locale=english!", "locale"),
        ("portal=riga&locale=%00", "locale"),
        ("portal=riga&portal=tallinn", "portal"),
        ("portal=riga&limit=2&limit=3", "limit"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, portal, query, parameter):
    response = client.get(f"/embed/news.json?{query}")
    assert invalid_parameter(response) == parameter


def test_a_language_the_site_does_not_have_is_a_404(client, portal):
    body = problem(client.get("/embed/news.json?portal=riga&locale=xx"), 404)
    assert body["invalid_params"][0]["name"] == "locale"


def test_a_site_language_without_content_is_a_404(client, portal):
    body = problem(client.get("/embed/news.json?portal=riga&locale=lv"), 404)
    assert body["invalid_params"][0]["name"] == "locale"


def test_an_unknown_portal_is_a_404(client, portal):
    body = problem(client.get("/embed/news.json?portal=nobody"), 404)
    assert body["invalid_params"][0]["name"] == "portal"


def test_the_former_name_of_the_portal_parameter_still_works(client, portal, make_news):
    make_news(title="Shown either way")
    assert widget_titles(client, "partner=riga") == widget_titles(client, "portal=riga")
    assert widget_titles(client, "partner=riga") == ["Shown either way"]


def test_an_unknown_portal_named_the_former_way_is_blamed_on_that_parameter(client, portal):
    body = problem(client.get("/embed/news.json?partner=nobody"), 404)
    assert body["invalid_params"][0]["name"] == "partner"


def test_an_inactive_portal_is_a_404(client, site_tree):
    make_portal(slug="dormant", active=False)
    problem(client.get("/embed/news.json?portal=dormant"), 404)


def test_a_post_is_refused(client, portal):
    assert client.post("/embed/news.json?portal=riga").status_code == 405


# HTTP caching and cost ----------------------------------------------------------------------


def test_a_repeated_request_with_the_etag_is_a_304(client, portal, make_news):
    make_news()
    first = client.get("/embed/news.json?portal=riga")
    assert first["Cache-Control"] == "public, no-cache"
    response = client.get("/embed/news.json?portal=riga", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]


def test_a_stale_etag_gets_the_list(client, portal, make_news):
    make_news()
    response = client.get("/embed/news.json?portal=riga", HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200


def queries_for(client, query):
    # The content version is read once per process and half second, not per request.
    content_version()
    with CaptureQueriesContext(connection) as captured:
        widget_data(client, query)
    return len(captured)


def test_the_list_costs_the_same_queries_whatever_the_limit(client, portal, make_news):
    for _ in range(MAX_LIMIT):
        page = make_news(lead_image=ImageFactory())
        # Renditions exist once the first request made them; count the steady state.
        page.lead_image.get_rendition("width-480")
    one = queries_for(client, "portal=riga&limit=1")
    many = queries_for(client, f"portal=riga&limit={MAX_LIMIT}")
    assert one == many


def test_the_list_costs_a_bounded_number_of_queries(
    client, portal, make_news, django_assert_max_num_queries
):
    for _ in range(MAX_LIMIT):
        make_news(lead_image=ImageFactory()).lead_image.get_rendition("width-480")
    with django_assert_max_num_queries(9):
        widget_data(client, f"portal=riga&limit={MAX_LIMIT}")


def test_a_cached_list_costs_no_query(client, portal, make_news, django_assert_num_queries):
    make_news(lead_image=ImageFactory())
    widget_data(client, "portal=riga", HTTP_ORIGIN=PORTAL_ORIGIN)
    with django_assert_num_queries(0):
        widget_data(client, "portal=riga", HTTP_ORIGIN=PORTAL_ORIGIN)


def test_a_cached_list_answers_a_304_without_a_query(
    client, portal, make_news, django_assert_num_queries
):
    make_news()
    etag = client.get("/embed/news.json?portal=riga")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/embed/news.json?portal=riga", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_the_list_is_gzipped_for_clients_that_accept_it(client, portal, make_news):
    for _ in range(5):
        make_news()
    response = client.get("/embed/news.json?portal=riga", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["items"]) == 5


# The script ------------------------------------------------------------------------


def test_the_script_is_javascript(client, db):
    response = client.get("/embed/news.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.content == SCRIPT_PATH.read_bytes()


def test_the_script_is_at_most_15_kb_unminified(client, db):
    response = client.get("/embed/news.js")
    assert int(response["Content-Length"]) == len(response.content) <= WIDGET_SIZE_LIMIT


def test_the_script_revalidates_with_its_etag(client, db):
    first = client.get("/embed/news.js")
    assert first["Cache-Control"] == "public, max-age=86400"
    response = client.get("/embed/news.js", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""


def test_the_script_may_be_loaded_by_any_page(client, db):
    response = client.get("/embed/news.js")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


@pytest.mark.parametrize(
    "construct",
    [
        "eval(",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "new Function",
        'setTimeout("',
        "document.cookie",
        'setAttribute("style"',
        "createContextualFragment",
        "DOMParser",
    ],
)
def test_the_script_uses_nothing_a_strict_csp_or_escaping_forbids(client, db, construct):
    assert construct not in client.get("/embed/news.js").content.decode()


def test_the_script_fetches_without_credentials(client, db):
    source = client.get("/embed/news.js").content.decode()
    assert 'credentials: "omit"' in source
    assert "XMLHttpRequest" not in source
