from cms.models import Partner
from tests.api.conftest import results
from tests.factories import CityFactory, ImageFactory, PartnerFactory


def slugs(response):
    return [item["slug"] for item in results(response)]


def test_demo_partners_are_all_listed_by_name(api, demo):
    body = api.get("/api/v1/partners/", {"limit": 100}).json()
    assert body["count"] == Partner.objects.count() == 17
    names = [item["name"] for item in body["results"]]
    assert names == sorted(names)


def test_partner_item(api, demo):
    item = api.get("/api/v1/partners/city-of-helsinki/").json()
    assert item["type"] == "partner"
    assert item["name"] == "City of Helsinki"
    assert item["role"] == "lead_partner"
    assert item["role_label"] == "Lead partner"
    assert item["city"] == {
        "name": "Helsinki",
        "slug": "helsinki",
        "country": "FI",
        "time_zone": "Europe/Helsinki",
    }
    assert item["country"] == "FI"
    assert item["url"] == "http://testserver/partners/#partner-city-of-helsinki"
    assert item["news"] == "http://testserver/api/v1/news/?partner=city-of-helsinki"
    assert item["published"] is None and item["locale"] is None


def test_role_filter(api, demo):
    assert slugs(api.get("/api/v1/partners/", {"role": "observer"})) == [
        "city-of-oslo",
        "city-of-vilnius",
        "city-of-warsaw",
    ]


def test_country_and_city_filters(api, demo):
    assert slugs(api.get("/api/v1/partners/", {"country": "se"})) == [
        "city-of-malmo",
        "stockholm-business-region",
        "stockholm-county-administrative-board",
    ]
    assert set(slugs(api.get("/api/v1/partners/", {"city": "berlin"}))) == {
        "berlin-government",
        "tsb-berlin",
        "wista",
    }


def test_filters_combine(api, demo):
    response = api.get("/api/v1/partners/", {"country": "SE", "city": "malmo"})
    assert slugs(response) == ["city-of-malmo"]


def test_ordering_by_city(api, site_tree):
    PartnerFactory(name="B", slug="b", city=CityFactory(name="Aachen"))
    PartnerFactory(name="A", slug="a", city=CityFactory(name="Zagreb"))
    assert slugs(api.get("/api/v1/partners/", {"ordering": "city"})) == ["b", "a"]
    assert slugs(api.get("/api/v1/partners/", {"ordering": "-name"})) == ["b", "a"]


def test_logo_comes_as_renditions(api, site_tree):
    PartnerFactory(slug="logo-owner", logo=ImageFactory(title="Logo"))
    item = api.get("/api/v1/partners/logo-owner/").json()
    assert item["logo"]["title"] == "Logo"
    assert all(r["url"].startswith("http://testserver/") for r in item["logo"]["renditions"])


def test_unknown_partner_is_404(api, demo):
    api.get("/api/v1/partners/nobody/", status=404)


def test_partner_news_link_lists_the_partners_news(api, demo):
    item = api.get("/api/v1/partners/wista/").json()
    news = api.get(item["news"]).json()
    # In every language: the Latvian translation names its partners too.
    assert sorted((entry["slug"], entry["locale"]) for entry in news["results"]) == [
        ("cluster-development-final-conference", "en"),
        ("cluster-development-final-conference", "lv"),
    ]


def test_fields(api, demo):
    item = api.get("/api/v1/partners/wista/", {"fields": "name"}).json()
    assert item == {"id": item["id"], "type": "partner", "name": "WISTA Management GmbH"}
