"""axe-core in the browser tests (axe-playwright-python, which bundles it)."""

# The impacts a test refuses; "moderate" and "minor" findings are advice.
SERIOUS = {"serious", "critical"}


ALL = {"minor", "moderate", "serious", "critical"}


def axe_findings(page, impacts=SERIOUS):
    """axe-core's findings of those ``impacts`` (serious and critical unless told)
    on the page as it is now: (rule, impact, the first few elements' selectors)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    # A page axe could not examine has no findings; make sure it examined this one.
    assert results["testEngine"]["name"] == "axe-core"
    assert results["url"] == page.url
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:5])
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]
