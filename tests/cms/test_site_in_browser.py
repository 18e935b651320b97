"""The project site in a real browser: keyboard use, contrast, small screens."""

from django.core.management import call_command

import pytest

# The live server needs committed data; Wagtail's own rows (root page, default
# site, locale) are restored after each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = ["/", "/news/", "/news/workshops-st-petersburg-june-2007/",
         "/work-packages/joint-innovation-policy-framework/", "/partners/"]  # fmt: skip

# The WCAG contrast ratio of each element's text colour against the first opaque
# background behind it; elements with no own text are skipped.
CONTRAST_SCRIPT = """
() => {
  const luminance = ([r, g, b]) => {
    const channel = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const rgba = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const results = [];
  for (const element of document.querySelectorAll("body *")) {
    const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(element);
    if (!ownText || style.visibility === "hidden" || element.offsetParent === null) continue;
    const [l1, l2] = [luminance(rgba(style.color)), luminance(background(element))];
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const label = element.tagName + "." + element.className;
    results.push([label, element.textContent.trim().slice(0, 40), ratio]);
  }
  return results;
}
"""


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", verbosity=0)
    return live_server.url


def test_the_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_the_content(
    browser_page, demo_site, artifacts
):
    browser_page.goto(demo_site + "/news/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate(
        "() => [document.activeElement.className,"
        " document.activeElement.getBoundingClientRect().top]"
    )
    browser_page.screenshot(path=str(artifacts / "skip-link-focused.png"))
    assert focused[0] == "skip-link"
    assert focused[1] >= 0
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("() => document.activeElement.id") == "main"


def test_keyboard_focus_is_visibly_outlined(browser_page, demo_site):
    browser_page.goto(demo_site + "/")
    for _ in range(3):
        browser_page.keyboard.press("Tab")
    outline = browser_page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in {"none", ""}


@pytest.mark.parametrize("path", PAGES)
def test_text_contrast_is_at_least_4_5_to_1(browser_page, demo_site, path):
    browser_page.goto(demo_site + path)
    results = browser_page.evaluate(CONTRAST_SCRIPT)
    assert results
    low = [(element, text, round(ratio, 2)) for element, text, ratio in results if ratio < 4.5]
    assert low == []


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_small_phone_screen_without_sideways_scrolling(
    browser, demo_site, artifacts, path
):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(demo_site + path)
    page.screenshot(path=str(artifacts / "phone.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0
