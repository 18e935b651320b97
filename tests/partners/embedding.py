"""Helpers for the widget, iframe and oEmbed tests: partner portals and parsed answers."""

import json

from bs4 import BeautifulSoup

from tests.factories import PartnerFactory, PartnerPortalFactory

# A partner's web site, as its browser would name it in an Origin header.
PORTAL_ORIGIN = "https://www.riga.lv"
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"


def make_portal(**fields):
    """A partner portal saved the way the admin saves one (validated, then saved)."""
    fields.setdefault("allowed_origins", PORTAL_ORIGIN)
    # Built, not created, so that it is validated first; its partner must exist.
    fields.setdefault("partner", PartnerFactory())
    portal = PartnerPortalFactory.build(**fields)
    portal.full_clean()
    portal.save()
    return portal


def widget_data(client, query, **headers):
    """The widget's data for ``query`` (a query string), parsed; it must be a 200."""
    response = client.get(f"/embed/news.json?{query}", **headers)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def widget_titles(client, query, **headers):
    return [item["title"] for item in widget_data(client, query, **headers)["items"]]


def problem(response, status):
    """An RFC 9457 problem document, checked for its status and media type."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    return body


def invalid_parameter(response):
    """The name of the parameter a 400 problem blames."""
    body = problem(response, 400)
    [entry] = body["invalid_params"]
    assert entry["name"] in body["detail"]
    return entry["name"]


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def content_security_policy(response):
    """The CSP header as {directive: [sources]}."""
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


def inline_code(soup):
    """Whatever in a page a strict CSP would block: inline scripts, styles, handlers."""
    found = [str(tag) for tag in soup.find_all("script") if not tag.get("src")]
    found += [str(tag) for tag in soup.find_all("style")]
    for tag in soup.find_all(True):
        found += [f"{tag.name}[{name}]" for name in tag.attrs if name == "style"]
        found += [f"{tag.name}[{name}]" for name in tag.attrs if name.startswith("on")]
    found += [
        f"{tag.name}[href={tag['href']}]"
        for tag in soup.find_all(href=True)
        if tag["href"].strip().lower().startswith("javascript:")
    ]
    return found
