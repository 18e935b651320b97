from wagtail.models import Locale, PageViewRestriction

from cms.models import NewsPage


def resolve(api, path, status=200):
    return api.get("/api/v1/pages/resolve/", {"path": path}, status=status)


def test_home_page(api, demo):
    item = resolve(api, "/").json()
    assert item["type"] == "home"
    assert item["title"] == "BaltMet Inno"
    assert item["lead"].startswith("BaltMet Inno, the Baltic Metropolises")
    assert item["body"].startswith("<p>")


def test_section_pages(api, demo):
    assert resolve(api, "/news/").json()["type"] == "news_index"
    work_packages = resolve(api, "/work-packages/").json()
    assert work_packages["type"] == "work_package_index"
    assert work_packages["intro"].startswith("<p>")
    assert resolve(api, "/partners/").json()["type"] == "partner_index"


def test_news_page_resolves_to_its_api_representation(api, demo):
    item = resolve(api, "/news/workshop-helsinki-2006/").json()
    assert item == api.get(f"/api/v1/news/{item['id']}/").json()


def test_work_package_page_resolves_to_its_api_representation(api, demo):
    item = resolve(api, "/work-packages/cluster-development/").json()
    assert item["type"] == "work_package"
    assert item == api.get(f"/api/v1/work-packages/{item['id']}/").json()


def test_path_without_trailing_slash_and_full_url(api, demo):
    assert resolve(api, "/news/workshop-helsinki-2006").json()["slug"] == "workshop-helsinki-2006"
    item = resolve(api, "http://testserver/news/workshop-helsinki-2006/?utm=x#top").json()
    assert item["slug"] == "workshop-helsinki-2006"


def test_translated_page_under_its_language_prefix(api, news, site_tree):
    german = Locale.objects.create(language_code="de")
    page = news(slug="werkstatt")
    translation = page.copy_for_translation(german, copy_parents=True)
    translation.save_revision().publish()
    item = resolve(api, "/de/news/werkstatt/").json()
    assert item["id"] == translation.pk
    assert item["locale"] == "de"
    assert resolve(api, "/news/werkstatt/").json()["id"] == page.pk


def test_unknown_path_is_404(api, demo):
    assert resolve(api, "/news/no-such-thing/", status=404).json()["status"] == 404


def test_draft_is_404(api, news):
    draft = news(slug="draft", publish=False)
    assert not NewsPage.objects.public().filter(pk=draft.pk).exists()
    resolve(api, "/news/draft/", status=404)


def test_private_page_is_404(api, news):
    page = news(slug="members-only")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    resolve(api, "/news/members-only/", status=404)


def test_path_is_required(api, demo):
    body = api.get("/api/v1/pages/resolve/", status=400).json()
    assert body["invalid_params"][0]["name"] == "path"


def test_path_must_be_a_path_or_a_web_address(api, demo):
    for value in ("javascript:alert(1)", "news/", "ftp://testserver/news/"):
        body = resolve(api, value, status=400).json()
        assert body["invalid_params"][0]["name"] == "path"
