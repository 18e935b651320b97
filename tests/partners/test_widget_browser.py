"""The news widget, its iframe form and the oEmbed card on a partner's page, in real Chromium.

The site runs on Django's live server; the partner's page is served by a
separate http.server on another 127.0.0.1 port (another origin) with a strict
Content-Security-Policy and aggressive CSS of its own. The page records every
CSP violation, page error and dialog, and each test asserts there were none.
"""

import datetime
import http.server
import json
import threading
import urllib.request
from urllib.parse import urlencode

from django.utils import timezone

import pytest

from tests.axe import axe_findings
from tests.conftest import ARTIFACTS_DIR
from tests.factories import NewsPageFactory, PartnerFactory
from tests.partners.embedding import HOSTILE_TITLE, make_portal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The host's own styles: were any of them to reach into the widget, its links
# would vanish or turn red.
HOST_CSS = """
body { font-family: "Courier New", monospace; color: rgb(0, 0, 128); margin: 2rem; }
a { color: red !important; display: none !important; }
li, ul, time, p, img { display: none !important; }
h1, a, li, p, time { text-decoration: line-through !important; }
"""

# Bypasses the page's CSP (Playwright injects it through the DevTools protocol):
# the page itself may run no script but the widget's.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    sample: event.sample,
  });
}, true);
"""


class HostSite:
    """A partner's web server on 127.0.0.1: the pages the test gives it, under a strict CSP."""

    def __init__(self, site_origin):
        self.pages = {"/host.css": ("text/css", HOST_CSS)}
        self.policy = "; ".join(
            [
                "default-src 'none'",
                f"script-src {site_origin}",
                f"connect-src {site_origin}",
                f"img-src {site_origin}",
                "style-src 'self'",
                f"frame-src {site_origin}",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                found = host.pages.get(self.path.split("?")[0])
                if found is None:
                    self.send_error(404)
                    return
                content_type, text = found
                body = text.encode()
                self.send_response(200)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Content-Security-Policy", host.policy)
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add_page(self, path, body, lang="en"):
        self.pages[path] = (
            "text/html",
            f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            "<title>Riga city portal</title>"
            "<link rel='stylesheet' href='/host.css'></head>"
            "<body><main><h1>Riga city portal</h1><a href='/elsewhere'>Host link</a>"
            f"{body}</main></body></html>",
        )
        return self.origin + path

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site_url(live_server, settings, site_tree):
    # Links and images in the widget point at the live server, as they point
    # at the site in production.
    settings.BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def host(site_url):
    server = HostSite(site_url)
    yield server
    server.close()


class Watched:
    """A browser tab and what went wrong in it: CSP violations, errors, dialogs."""

    def __init__(self, page):
        self.page = page
        self.console = []
        self.errors = []
        self.dialogs = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda message: self.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def violations(self):
        """CSP violations, in the main page and every frame, and console errors."""
        from playwright.sync_api import Error

        found = []
        for frame in self.page.frames:
            try:
                found += frame.evaluate("() => window.__violations || []")
            except Error as error:
                found.append(f"unreadable frame {frame.url}: {error}")
        found += [text for kind, text in self.console if kind == "error"]
        return found

    def assert_clean(self):
        assert self.violations() == []
        assert self.errors == []
        assert self.dialogs == []


@pytest.fixture
def tab(browser, host):
    """A browser tab on the host's origin; closed before the live server stops."""
    context = browser.new_context(viewport={"width": 900, "height": 800})
    watched = Watched(context.new_page())
    yield watched
    context.close()


@pytest.fixture
def portal(host):
    riga = PartnerFactory(slug="riga-city")
    return make_portal(slug="riga", partner=riga, filter_partner=riga, allowed_origins=host.origin)


def make_item(portal, site_tree_news_index, days, **fields):
    """A news item naming the portal's partner, published ``days`` ago."""
    fields.setdefault("publication_date", timezone.now() - datetime.timedelta(days=days))
    return NewsPageFactory(
        parent=site_tree_news_index,
        partners=[portal.filter_partner],
        # The factory's body repeats the title as HTML; this one is plain.
        body=[("paragraph", "<p>Report of the meeting.</p>")],
        **fields,
    )


@pytest.fixture
def news(portal, site_tree, image):
    index = site_tree.news_index
    return [
        make_item(portal, index, 1, title="Advisory board meets in Riga", lead_image=image),
        make_item(portal, index, 2, title="Cluster study published"),
        make_item(portal, index, 3, title="Kick-off in Helsinki"),
    ]


def widget_page(host, site_url, attributes='portal="riga" limit="5"', lang="en"):
    return host.add_page(
        "/widget.html",
        f'<script src="{site_url}/embed/news.js" async></script>'
        f"<baltmet-news {attributes}><a href='/news'>News</a></baltmet-news>"
        "<p>Below the widget.</p>",
        lang=lang,
    )


def open_widget(tab, url):
    tab.page.goto(url)
    # Locators pierce open shadow roots; the list loses aria-busy once filled.
    tab.page.locator("baltmet-news ul[part=list]:not([aria-busy])").wait_for()
    return shown(tab.page)


def shown(page):
    """(title, href, date text, datetime) of each item the widget shows, from its shadow root."""
    return page.evaluate(
        """() => [...document.querySelector("baltmet-news").shadowRoot.querySelectorAll("li")]
            .map((li) => {
              const link = li.querySelector("a");
              const time = li.querySelector("time");
              return [link.textContent, link.href, time.textContent, time.dateTime];
            })"""
    )


def widget_json(site_url, host_origin):
    request = urllib.request.Request(  # noqa: S310 - the live server on loopback
        f"{site_url}/embed/news.json?portal=riga", headers={"Origin": host_origin}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


# The widget ----------------------------------------------------------------------------


def test_the_widget_shows_the_partners_news_in_order_under_a_strict_csp(
    tab, host, site_url, news, make_news, artifacts
):
    make_news(title="Not about Riga")
    items = open_widget(tab, widget_page(host, site_url))
    tab.page.screenshot(path=str(artifacts / "widget.png"), full_page=True)
    expected = widget_json(site_url, host.origin)["items"]
    assert [item[0] for item in items] == [
        "Advisory board meets in Riga",
        "Cluster study published",
        "Kick-off in Helsinki",
    ]
    assert items == [
        [item["title"], item["url"], item["date_text"], item["date"]] for item in expected
    ]
    assert items[0][1] == f"{site_url}/news/{news[0].slug}/"
    tab.assert_clean()


def test_the_widgets_image_loads_from_the_site(tab, host, site_url, news):
    open_widget(tab, widget_page(host, site_url))
    image = tab.page.locator("baltmet-news img[part=image]")
    image.wait_for()
    natural_width = image.evaluate("(img) => img.complete && img.naturalWidth")
    assert natural_width == 480
    assert image.get_attribute("alt") == ""
    tab.assert_clean()


def test_the_widget_respects_the_limit_attribute(tab, host, site_url, news):
    items = open_widget(tab, widget_page(host, site_url, 'portal="riga" limit="2"'))
    assert [item[0] for item in items] == [
        "Advisory board meets in Riga",
        "Cluster study published",
    ]
    tab.assert_clean()


def test_a_newly_published_item_shows_first_on_reload(
    tab, host, site_url, news, portal, site_tree, artifacts
):
    url = widget_page(host, site_url)
    assert len(open_widget(tab, url)) == 3
    make_item(portal, site_tree.news_index, 0, title="Just published: Riga hosts the network")
    tab.page.reload()
    tab.page.locator("baltmet-news ul[part=list]:not([aria-busy])").wait_for()
    items = shown(tab.page)
    tab.page.screenshot(path=str(artifacts / "widget-after-publish.png"), full_page=True)
    assert [item[0] for item in items] == [
        "Just published: Riga hosts the network",
        "Advisory board meets in Riga",
        "Cluster study published",
        "Kick-off in Helsinki",
    ]
    tab.assert_clean()


def test_a_hostile_title_shows_as_text_and_runs_nothing(
    tab, host, site_url, portal, site_tree, artifacts
):
    make_item(
        portal,
        site_tree.news_index,
        1,
        title=HOSTILE_TITLE,
        teaser="<b>bold</b> <script>x</script>",
    )
    items = open_widget(tab, widget_page(host, site_url))
    tab.page.screenshot(path=str(artifacts / "widget-hostile-title.png"), full_page=True)
    assert items[0][0] == HOSTILE_TITLE
    in_shadow = tab.page.evaluate(
        """() => {
          const root = document.querySelector("baltmet-news").shadowRoot;
          return {
            imagesWithSrcX: [...root.querySelectorAll("img")].filter(
              (img) => img.getAttribute("src") === "x").length,
            elements: [...root.querySelectorAll("b, script")].length,
            teaser: root.querySelector("[part=teaser]").textContent,
          };
        }"""
    )
    assert in_shadow == {
        "imagesWithSrcX": 0,
        "elements": 0,
        "teaser": "<b>bold</b> <script>x</script>",
    }
    assert tab.page.locator("img[src=x]").count() == 0
    tab.assert_clean()


def test_tab_focuses_the_widgets_first_link(tab, host, site_url, news, artifacts):
    open_widget(tab, widget_page(host, site_url))
    tab.page.keyboard.press("Tab")
    focused = tab.page.evaluate(
        """() => {
          const host = document.activeElement;
          const inner = host.shadowRoot && host.shadowRoot.activeElement;
          return [host.tagName, inner && inner.tagName, inner && inner.textContent,
                  inner && getComputedStyle(inner).outlineStyle];
        }"""
    )
    tab.page.screenshot(path=str(artifacts / "widget-focused.png"))
    assert focused == ["BALTMET-NEWS", "A", "Advisory board meets in Riga", "solid"]
    tab.page.keyboard.press("Tab")
    second = tab.page.evaluate("() => document.activeElement.shadowRoot.activeElement.textContent")
    assert second == "Cluster study published"


def test_the_widget_is_a_list_of_links_for_assistive_technology(tab, host, site_url, news):
    open_widget(tab, widget_page(host, site_url))
    widget = tab.page.locator("baltmet-news")
    assert widget.get_by_role("list").count() == 1
    assert widget.get_by_role("listitem").count() == 3
    assert widget.get_by_role("link", name="Cluster study published").count() == 1


def test_the_widget_takes_the_hosts_font_but_not_its_rules(tab, host, site_url, news, artifacts):
    open_widget(tab, widget_page(host, site_url))
    tab.page.screenshot(path=str(artifacts / "widget-host-styles.png"), full_page=True)
    styles = tab.page.evaluate(
        """() => {
          const body = getComputedStyle(document.body);
          const hostLink = getComputedStyle(document.querySelector("main > a"));
          const link = document.querySelector("baltmet-news").shadowRoot.querySelector("a");
          const style = getComputedStyle(link);
          const box = link.getBoundingClientRect();
          return {
            hostFont: body.fontFamily,
            hostLinkDisplay: hostLink.display,
            hostHeading: getComputedStyle(document.querySelector("h1")).textDecorationLine,
            decoration: style.textDecorationLine,
            font: style.fontFamily,
            color: style.color,
            display: style.display,
            visible: box.width > 0 && box.height > 0,
            listItemDisplay: getComputedStyle(link.closest("li")).display,
          };
        }"""
    )
    # The host's own rules work on the host's own elements...
    assert styles["hostLinkDisplay"] == "none"
    assert styles["hostHeading"] == "line-through"
    # ...and only inherited properties cross into the widget.
    assert styles["font"] == styles["hostFont"] == '"Courier New", monospace'
    assert styles["color"] == "rgb(0, 0, 128)"
    assert styles["display"] == "inline"
    assert styles["decoration"] == "underline"
    assert styles["visible"] is True
    assert styles["listItemDisplay"] == "flex"


def test_the_widgets_styles_do_not_leak_into_the_host(tab, host, site_url, news):
    open_widget(tab, widget_page(host, site_url))
    # The widget styles its list items as flex rows and its links bold.
    assert tab.page.evaluate(
        "() => [document.styleSheets.length, getComputedStyle(document.querySelector('h1'))"
        ".display, document.adoptedStyleSheets.length]"
    ) == [1, "block", 0]


def test_the_widget_fetches_without_cookies(tab, host, site_url, news):
    requests = []
    tab.page.on("request", lambda request: requests.append(request))
    open_widget(tab, widget_page(host, site_url))
    [data] = [request for request in requests if "/embed/news.json" in request.url]
    headers = data.all_headers()
    assert "cookie" not in headers
    assert headers["origin"] == host.origin
    response = data.response()
    assert response.status == 200
    assert "set-cookie" not in response.all_headers()


def test_an_unregistered_host_is_told_why_it_gets_no_news(
    tab, host, site_url, site_tree, make_news, artifacts
):
    make_portal(slug="riga", allowed_origins="https://www.riga.lv")
    make_news(title="Not for this host")
    tab.page.goto(widget_page(host, site_url))
    notice = tab.page.locator("baltmet-news [part=error]")
    notice.wait_for()
    tab.page.screenshot(path=str(artifacts / "widget-refused.png"), full_page=True)
    # Seen by the page's owner, in the element, above the fallback...
    text = notice.text_content()
    assert text.startswith("Origin not registered: ")
    assert f"'{host.origin}'" in text and "'riga'" in text
    assert notice.is_visible()
    assert tab.page.locator("baltmet-news slot").count() == 1
    assert tab.page.locator("baltmet-news li").count() == 0
    # ...and one console line naming the setting to change.
    lines = [message for kind, message in tab.console if kind == "warning"]
    assert len(lines) == 1
    assert "'Allowed origins'" in lines[0] and "Syndication → Partner portals" in lines[0]
    # The refusal was readable: no CORS error, nothing ran that should not have.
    assert not [message for _kind, message in tab.console if "Access-Control" in message]
    assert tab.errors == [] and tab.dialogs == []
    assert not [v for v in tab.violations() if isinstance(v, dict)]


def test_a_misspelt_portal_is_named_in_the_element(tab, host, site_url, portal, artifacts):
    tab.page.goto(widget_page(host, site_url, 'portal="rgia"'))
    notice = tab.page.locator("baltmet-news [part=error]")
    notice.wait_for()
    assert "'rgia'" in notice.text_content()


def test_on_a_german_page_the_widget_writes_its_dates_in_german(
    tab, host, site_url, portal, site_tree
):
    make_item(
        portal,
        site_tree.news_index,
        0,
        title="Final conference in Berlin",
        publication_date=timezone.make_aware(datetime.datetime(2007, 11, 13, 12, 0)),
    )
    items = open_widget(tab, widget_page(host, site_url, lang="de"))
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS_DIR / "widget-de.png"), full_page=True)
    assert items[0][2:] == ["13. November 2007", "2007-11-13"]
    time_lang = tab.page.locator("baltmet-news time").first.get_attribute("lang")
    assert time_lang == "de"
    assert tab.page.locator("baltmet-news ul").get_attribute("lang") == "en"
    assert axe_findings(tab.page) == []
    tab.assert_clean()


def test_the_lang_attribute_overrides_the_pages_language(tab, host, site_url, portal, site_tree):
    make_item(
        portal,
        site_tree.news_index,
        0,
        publication_date=timezone.make_aware(datetime.datetime(2007, 11, 13, 12, 0)),
    )
    items = open_widget(tab, widget_page(host, site_url, 'portal="riga" lang="lv"', lang="de"))
    assert items[0][2] == "2007. gada 13. novembris"


def test_with_no_matching_news_the_widget_shows_the_hosts_fallback(tab, host, site_url, portal):
    tab.page.goto(widget_page(host, site_url))
    tab.page.locator("baltmet-news slot").wait_for(state="attached")
    # The slot shows the element's own children: the host's link to the news
    # (which this host's own stylesheet happens to hide).
    assigned = tab.page.evaluate(
        """() => document.querySelector("baltmet-news").shadowRoot.querySelector("slot")
            .assignedElements().map((element) => element.outerHTML)"""
    )
    assert assigned == ['<a href="/news">News</a>']
    assert tab.errors == []


# The iframe form and the oEmbed card --------------------------------------------------------


def test_the_iframe_form_lists_the_news_on_the_host(tab, host, site_url, news, artifacts):
    url = host.add_page(
        "/frame.html",
        f'<iframe src="{site_url}/embed/news/?portal=riga" title="News" '
        'width="600" height="400"></iframe>',
    )
    tab.page.goto(url)
    frame = tab.page.frame_locator("iframe")
    links = frame.locator("ul.news a")
    links.first.wait_for()
    tab.page.screenshot(path=str(artifacts / "iframe-form.png"), full_page=True)
    assert links.all_text_contents() == [
        "Advisory board meets in Riga",
        "Cluster study published",
        "Kick-off in Helsinki",
    ]
    # The frame's own stylesheet applies, the host's does not.
    assert links.first.evaluate("(a) => getComputedStyle(a).display") == "inline"
    tab.assert_clean()


def test_the_iframe_form_is_refused_on_an_unregistered_host(
    tab, host, site_url, site_tree, make_news
):
    make_portal(slug="riga", allowed_origins="https://www.riga.lv")
    make_news()
    url = host.add_page(
        "/frame.html", f'<iframe src="{site_url}/embed/news/?portal=riga" title="News"></iframe>'
    )
    with tab.page.expect_console_message(
        lambda message: "frame-ancestors" in message.text
    ) as message:
        tab.page.goto(url)
    assert "blocked" in message.value.text
    assert tab.page.frame_locator("iframe").locator("ul.news").count() == 0


def test_the_oembed_card_clamps_a_long_teaser_by_whole_lines(
    tab, host, site_url, portal, site_tree, image, artifacts
):
    teaser = " ".join(["The partners agreed on a joint innovation strategy."] * 8)
    page = make_item(portal, site_tree.news_index, 1, teaser=teaser, lead_image=image)
    query = urlencode(
        {"url": f"{site_url}/news/{page.slug}/", "maxwidth": "400", "maxheight": "150"}
    )
    with urllib.request.urlopen(f"{site_url}/oembed/?{query}", timeout=10) as response:  # noqa: S310
        document = json.loads(response.read())
    tab.page.goto(host.add_page("/card.html", document["html"]))
    card = tab.page.frame_locator("iframe").locator("article.card")
    card.locator("img").wait_for()
    tab.page.screenshot(path=str(artifacts / "oembed-card-long-teaser.png"), full_page=True)
    shown_teaser = card.locator(".card__teaser")
    # The whole teaser is in the card (not cut in Python); CSS ends it after a
    # whole line, inside the card.
    assert shown_teaser.text_content() == teaser
    clamp = shown_teaser.evaluate(
        """(p) => {
          const card = p.closest(".card").getBoundingClientRect();
          const box = p.getBoundingClientRect();
          const style = getComputedStyle(p);
          return {
            clamp: style.webkitLineClamp,
            clamped: p.scrollHeight > p.clientHeight,
            inside: box.bottom <= card.bottom,
            wholeLines: Math.abs(box.height / parseFloat(style.lineHeight)
              - Math.round(box.height / parseFloat(style.lineHeight))) < 0.05,
          };
        }"""
    )
    assert clamp == {"clamp": "2", "clamped": True, "inside": True, "wholeLines": True}
    assert document["thumbnail_width"] <= 400 and document["thumbnail_height"] <= 150
    tab.assert_clean()


def test_the_oembed_card_renders_on_the_host(tab, host, site_url, news, artifacts):
    query = urlencode({"url": f"{site_url}/news/{news[0].slug}/", "format": "json"})
    with urllib.request.urlopen(f"{site_url}/oembed/?{query}", timeout=10) as response:  # noqa: S310
        document = json.loads(response.read())
    assert document["type"] == "rich"
    url = host.add_page("/card.html", document["html"])
    tab.page.goto(url)
    card = tab.page.frame_locator("iframe").locator("article.card")
    card.locator("a").wait_for()
    card.locator("img").wait_for()
    tab.page.screenshot(path=str(artifacts / "oembed-card.png"), full_page=True)
    assert card.locator("a").text_content() == "Advisory board meets in Riga"
    assert card.locator("a").get_attribute("href") == f"{site_url}/news/{news[0].slug}/"
    assert card.locator("img").evaluate("(img) => img.naturalWidth") == 480
    box = tab.page.locator("iframe").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (document["width"], document["height"])
    tab.assert_clean()
