"""The OpenAPI document lists the cases endpoints with their request shapes, and generates with no warning."""
import contextlib
import io
import re

import pytest
import yaml
from django.core.management import call_command

from yiwang.cases.api.actions import SPECS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """(schema, warnings): generated and validated against the OpenAPI spec (an invalid document raises)."""
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        call_command("spectacular", "--validate", "--file", str(path))
    warnings = [line for line in err.getvalue().splitlines() if re.match(r"^(\S+: )?(Warning|Error)", line)]
    return yaml.safe_load(path.read_text()), warnings


@pytest.fixture(scope="module")
def schema(generated):
    return generated[0]


def test_the_cases_api_adds_no_schema_warning(generated):
    """`yiwang spectacular --validate --fail-on-warn` must stay clean: nothing of ours may warn."""
    ours = [w for w in generated[1] if re.search(r"yiwang/cases/|Case|cases|[Bb]undle-?[Cc]ase", w)]
    assert ours == []


def test_every_case_endpoint_is_documented(schema):
    paths = schema["paths"]
    for path in ["/api/v1/cases/", "/api/v1/cases/inbox/", "/api/v1/cases/{id}/", "/api/v1/cases/{id}/materials/",
                 "/api/v1/cases/{id}/materials/{material}/file/", "/api/v1/cases/{id}/timeline/",
                 "/api/v1/cases/{id}/receipt/", "/api/v1/bundle-cases/", "/api/v1/bundle-cases/{id}/",
                 "/api/v1/bundle-cases/{id}/actions/deliver/", "/api/v1/bundle-cases/materials/"]:
        assert path in paths, path
    for spec in SPECS:
        op = paths[f"/api/v1/cases/{{id}}/actions/{spec.name}/"]["post"]
        assert {p["name"] for p in op["parameters"] if p["in"] == "header"} == {"If-Match"}
        assert {"200", "409", "428"} <= set(op["responses"])
        assert op["requestBody"]["content"]


def test_request_shapes_are_named_per_action(schema):
    comps = schema["components"]["schemas"]
    assert set(comps["CaseRefuseInputRequest"]["required"]) == {"reason", "legal_basis"}
    assert comps["CaseSuspendInputRequest"]["properties"]["kind"] == {"$ref": "#/components/schemas/CaseSuspensionKindEnum"}
    upload = schema["paths"]["/api/v1/cases/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in upload["parameters"])
    assert "received" in comps["CaseStateEnum"]["enum"]
