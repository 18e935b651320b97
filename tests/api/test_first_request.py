"""docs/api.md's "first request" snippets (curl, JavaScript fetch, Python), run as
written against the demo on a live server: each must print the demo's news."""

import json
import os
import re
import shutil
import subprocess
import sys

from django.core.management import call_command

import pytest

from cms.models import NewsPage
from tests.services import ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOCUMENTED_SITE = "http://127.0.0.1:8000"


def snippets():
    """{language: code} of the fenced blocks in the "First request" section."""
    text = (ROOT / "docs" / "api.md").read_text()
    section = text.split("## First request", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"```(\w+)\n(.*?)```", section, flags=re.DOTALL))


def run(command, code, site):
    finished = subprocess.run(
        [*command, code.replace(DOCUMENTED_SITE, site)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


def test_every_first_request_snippet_returns_the_demos_news(live_server, settings):
    settings.BASE_URL = live_server.url
    call_command("load_demo", verbosity=0)
    latest = (
        NewsPage.objects.live()
        .filter(locale__language_code="en")
        .order_by("-publication_date")
        .first()
        .title
    )
    code = snippets()
    assert set(code) == {"sh", "js", "python"}
    printed = run([sys.executable, "-c"], code["python"], live_server.url)
    assert latest in printed, printed[:500]
    # curl prints the JSON itself, the title as a JSON string.
    answer = json.loads(run(["sh", "-c"], code["sh"], live_server.url))
    assert answer["results"][0]["title"] == latest
    node = shutil.which("node")
    if node is None and os.environ.get("REQUIRE_NODE_TESTS") == "1":
        pytest.fail("needs node (Node.js 20)")
    if node is not None:
        printed = run([node, "--input-type=module", "-e"], code["js"], live_server.url)
        assert latest in printed, printed[:500]
