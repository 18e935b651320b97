"""The widget's iframe form (/embed/news/) and the oEmbed card (/embed/news/<id>/)."""

import datetime

from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from tests.factories import ImageFactory, ago, set_expiry
from tests.partners.embedding import (
    HOSTILE_TITLE,
    PORTAL_ORIGIN,
    content_security_policy,
    html,
    inline_code,
    invalid_parameter,
    make_portal,
    problem,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(site_tree):
    return make_portal(slug="riga", allowed_origins="https://www.riga.lv\nhttp://localhost:8080")


def frame(client, query="portal=riga"):
    response = client.get(f"/embed/news/?{query}")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response


def listed(response):
    """(title, href, date text, datetime) of each item the frame lists."""
    return [
        (
            item.find("a").get_text(),
            item.find("a")["href"],
            item.find("time").get_text(),
            item.find("time")["datetime"],
        )
        for item in html(response).select("ul.news > li")
    ]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# The list -----------------------------------------------------------------------------


def test_the_frame_lists_the_portals_news_newest_first(client, portal, make_news):
    older = make_news(title="Older", publication_date=days_ago(2))
    newer = make_news(title="Newer", publication_date=days_ago(1))
    items = listed(frame(client))
    assert [(title, href) for title, href, _text, _date in items] == [
        ("Newer", f"http://testserver/news/{newer.slug}/"),
        ("Older", f"http://testserver/news/{older.slug}/"),
    ]
    assert items[0][3] == timezone.localtime(newer.publication_date).date().isoformat()
    assert items[0][2]


def test_the_frame_respects_the_limit(client, portal, make_news):
    for _ in range(4):
        make_news()
    assert len(listed(frame(client, "portal=riga&limit=3"))) == 3


def test_the_frame_applies_the_portals_filters(client, site_tree, make_news):
    make_portal(slug="clusters", filter_tags=["cluster-policy"])
    make_news(title="Tagged", tags=["Cluster policy"])
    make_news(title="Untagged")
    assert [item[0] for item in listed(frame(client, "portal=clusters"))] == ["Tagged"]


def test_the_frame_never_lists_what_is_not_public(client, portal, make_news):
    make_news(title="Public")
    make_news(title="Draft", publish=False)
    private = make_news(title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    set_expiry(make_news(title="Expired"), ago(minutes=1))
    assert [item[0] for item in listed(frame(client))] == ["Public"]


def test_an_empty_list_is_still_a_page_that_says_so(client, portal):
    soup = html(frame(client))
    assert soup.select("ul.news > li") == []
    assert soup.find("html")["lang"] == "en"
    assert soup.select_one(".news__empty").get_text() == "No news at the moment."


def test_the_lang_parameter_writes_the_dates_in_that_language(client, portal, make_news):
    make_news(
        title="Final conference",
        publication_date=timezone.make_aware(datetime.datetime(2007, 11, 13, 12, 0)),
    )
    soup = html(frame(client, "portal=riga&lang=de"))
    assert soup.find("html")["lang"] == "de"
    # The news itself is English, and marked so.
    assert soup.select_one("ul.news")["lang"] == "en"
    date = soup.select_one("time.news__date")
    assert (date.get_text(), date["lang"]) == ("13. November 2007", "de")


def test_without_lang_the_frame_writes_dates_in_the_contents_language(client, portal, make_news):
    make_news(publication_date=timezone.make_aware(datetime.datetime(2007, 11, 13, 12, 0)))
    soup = html(frame(client))
    assert soup.select_one("time.news__date").get_text() == "13 November 2007"
    assert not soup.select_one("ul.news").has_attr("lang")


def test_a_malformed_lang_is_a_400(client, portal):
    assert invalid_parameter(client.get("/embed/news/?portal=riga&lang=d3!")) == "lang"


def test_the_frame_is_in_the_portals_language(client, site_tree, make_news):
    locale = Locale.objects.get_or_create(language_code="de")[0]
    site_tree.home.copy_for_translation(locale).save_revision().publish()
    german = site_tree.news_index.copy_for_translation(locale)
    german.save_revision().publish()
    make_portal(slug="berlin", filter_locale="de")
    make_news(title="Deutsche Nachricht", parent=german)
    response = frame(client, "portal=berlin")
    assert response["Content-Language"] == "de"
    assert html(response).find("html")["lang"] == "de"
    assert [item[0] for item in listed(response)] == ["Deutsche Nachricht"]


def test_images_may_come_from_the_media_host(client, portal, make_news, settings):
    settings.MEDIA_URL = "https://media.example.org/baltmet/"
    make_news()
    assert "https://media.example.org" in content_security_policy(frame(client))["img-src"]


def test_links_open_outside_the_frame(client, portal, make_news):
    make_news()
    link = html(frame(client)).select_one("ul.news a")
    assert link["target"] == "_blank"
    assert "noopener" in link["rel"]


def test_a_new_publish_shows_in_the_frame_at_once(client, portal, make_news):
    make_news(title="First", publication_date=days_ago(2))
    assert [item[0] for item in listed(frame(client))] == ["First"]
    make_news(title="Second", publication_date=days_ago(1))
    assert [item[0] for item in listed(frame(client))] == ["Second", "First"]


# Safety -------------------------------------------------------------------------------


def test_a_hostile_title_appears_as_text(client, portal, make_news):
    make_news(title=HOSTILE_TITLE, teaser="<script>alert(2)</script>")
    response = frame(client)
    soup = html(response)
    assert soup.select_one("ul.news a").get_text() == HOSTILE_TITLE
    assert soup.select_one("ul.news p").get_text() == "<script>alert(2)</script>"
    assert soup.find("img", src="x") is None
    assert soup.find("script") is None
    assert b"&lt;img src=x onerror=alert(1)&gt;" in response.content


def test_the_frame_has_no_inline_script_or_style(client, portal, make_news, image):
    make_news(lead_image=image)
    assert inline_code(html(frame(client))) == []


def test_the_frames_stylesheet_is_served_from_the_site(client, portal, make_news):
    make_news()
    [stylesheet] = html(frame(client)).find_all("link", rel="stylesheet")
    assert stylesheet["href"] == "/static/partners/embed/embed.css"
    assert client.get(stylesheet["href"]).status_code == 200


def test_only_the_portals_origins_may_frame_the_list(client, portal, make_news):
    make_news()
    policy = content_security_policy(frame(client))
    assert sorted(policy["frame-ancestors"]) == sorted(
        ["'self'", "https://www.riga.lv", "http://localhost:8080"]
    )


def test_the_frames_policy_allows_no_script_at_all(client, portal, make_news):
    make_news()
    policy = content_security_policy(frame(client))
    assert policy["default-src"] == ["'none'"]
    assert "script-src" not in policy
    assert policy["style-src"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]


def test_the_frame_is_not_refused_by_x_frame_options(client, portal, make_news):
    # The site's X-Frame-Options: DENY would override frame-ancestors in old browsers.
    make_news()
    assert "X-Frame-Options" not in frame(client)


def test_a_change_of_origins_changes_the_frames_policy_at_once(client, portal, make_news):
    make_news()
    frame(client)
    portal.allowed_origins = "https://riga.example"
    portal.save()
    policy = content_security_policy(frame(client))
    assert policy["frame-ancestors"] == ["'self'", "https://riga.example"]


def test_the_frame_sets_no_cookie(client, portal, make_news):
    make_news()
    client.cookies.load({"sessionid": "not-a-session"})
    response = frame(client)
    assert "Set-Cookie" not in response and not response.cookies


def test_the_frame_revalidates_with_its_etag(client, portal, make_news):
    make_news()
    etag = frame(client)["ETag"]
    response = client.get("/embed/news/?portal=riga", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert "frame-ancestors" in response["Content-Security-Policy"]


def test_a_cached_frame_costs_no_query(client, portal, make_news, django_assert_num_queries):
    make_news(lead_image=ImageFactory())
    frame(client)
    with django_assert_num_queries(0):
        frame(client)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "portal"),
        ("portal=riga&limit=0", "limit"),
        ("portal=riga&limit=21", "limit"),
        ("portal=riga&colour=red", "colour"),
        ("portal=riga&locale=!!", "locale"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, portal, query, parameter):
    assert invalid_parameter(client.get(f"/embed/news/?{query}")) == parameter


def test_an_unknown_portal_is_a_404(client, portal):
    problem(client.get("/embed/news/?portal=nobody"), 404)


def test_an_inactive_portal_is_a_404(client, site_tree):
    make_portal(slug="dormant", active=False)
    problem(client.get("/embed/news/?portal=dormant"), 404)


# The card -----------------------------------------------------------------------------


def card(client, page):
    response = client.get(f"/embed/news/{page.pk}/")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return html(response), response


def test_the_card_shows_the_item(client, site_tree, make_news, image):
    page = make_news(title="Workshop in Riga", teaser="Cities met.", lead_image=image)
    soup, _response = card(client, page)
    link = soup.select_one("article.card a")
    assert (link.get_text(), link["href"]) == (
        "Workshop in Riga",
        f"http://testserver/news/{page.slug}/",
    )
    assert soup.select_one("article.card time")["datetime"] == (
        timezone.localtime(page.publication_date).date().isoformat()
    )
    assert soup.select_one(".card__teaser").get_text() == "Cities met."
    assert soup.select_one("img.card__image")["src"].startswith("http://testserver/media/")


def test_any_site_may_frame_the_card(client, site_tree, make_news):
    _soup, response = card(client, make_news())
    assert content_security_policy(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response


def test_the_card_has_no_inline_script_or_style(client, site_tree, make_news, image):
    soup, _response = card(client, make_news(lead_image=image))
    assert inline_code(soup) == []


def test_the_cards_hostile_title_appears_as_text(client, site_tree, make_news):
    soup, _response = card(client, make_news(title=HOSTILE_TITLE))
    assert soup.select_one("article.card a").get_text() == HOSTILE_TITLE
    assert soup.find("img", src="x") is None


def test_a_draft_has_no_card(client, site_tree, make_news):
    problem(client.get(f"/embed/news/{make_news(publish=False).pk}/"), 404)


def test_a_private_item_has_no_card(client, site_tree, make_news):
    page = make_news()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    problem(client.get(f"/embed/news/{page.pk}/"), 404)


def test_an_expired_item_has_no_card(client, site_tree, make_news):
    page = make_news()
    set_expiry(page, ago(minutes=1))
    problem(client.get(f"/embed/news/{page.pk}/"), 404)


def test_an_unpublished_item_loses_its_card_at_once(client, site_tree, make_news):
    page = make_news()
    card(client, page)
    page.unpublish()
    problem(client.get(f"/embed/news/{page.pk}/"), 404)


def test_a_page_that_is_not_news_has_no_card(client, site_tree):
    problem(client.get(f"/embed/news/{site_tree.news_index.pk}/"), 404)


def test_an_unknown_id_has_no_card(client, site_tree):
    problem(client.get("/embed/news/999999/"), 404)


def test_the_card_takes_no_parameters(client, site_tree, make_news):
    page = make_news()
    assert invalid_parameter(client.get(f"/embed/news/{page.pk}/?colour=red")) == "colour"


def test_the_registered_origin_is_not_needed_for_the_card(client, site_tree, make_news):
    page = make_news()
    response = client.get(f"/embed/news/{page.pk}/", HTTP_ORIGIN=PORTAL_ORIGIN)
    assert response.status_code == 200
