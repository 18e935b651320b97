"""The API fuzzed from its own description (/api/schema/) by schemathesis, on the demo
content: no request, however odd, gets a 5xx, and every answer matches the schema.

Bounded (a fixed number of derandomised examples per operation, no deadline per example)
so that it takes well under a minute; run by .ci/run, which sets RUN_FUZZ=1. Without
it the module is skipped with one line.
"""

import json
import os

from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application

import pytest

if os.environ.get("RUN_FUZZ") != "1":
    pytest.skip("API fuzzing runs with RUN_FUZZ=1 (.ci/run sets it)", allow_module_level=True)

import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import checks

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "15"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


# The document /api/schema/ serves, generated here because collecting may not touch
# the database that serving it does (test_it_is_the_document_the_site_serves); the
# requests go to the site in process.
DOCUMENT = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(DOCUMENT, cls=DjangoJSONEncoder)))
schema.app = get_wsgi_application()
schema.location = "/api/schema/"


@pytest.fixture(autouse=True)
def unthrottled(settings):
    # Hundreds of requests from one address within a minute: not what the rate is for.
    settings.API_THROTTLE_RATES = {"anonymous": "100000/minute", "token": "100000/minute"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_request_as_its_schema_says(demo, case):
    # Identity: the in-process client hands schemathesis the bytes as sent, unzipped.
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)


def test_it_is_the_document_the_site_serves(client):
    served = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert served.status_code == 200
    assert json.loads(served.content)["paths"].keys() == DOCUMENT["paths"].keys()
