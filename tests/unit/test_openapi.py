from __future__ import annotations

from chalicelib.table import SPECS
from infra.openapi import TARGET, render


def test_docs_openapi_json_is_up_to_date():
    assert TARGET.exists(), "run python3 -m infra.openapi"
    assert TARGET.read_text() == render(), "docs/openapi.json is stale: run python3 -m infra.openapi"


def test_every_route_is_documented_with_its_groups_and_error_shape():
    import json

    doc = json.loads(render())
    for spec in SPECS:
        op = doc["paths"][spec.path][spec.method.lower()]
        assert op["responses"]["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        if spec.permission is not None:
            assert op["x-allowed-groups"], spec.name
            assert op["security"] == [{"cognito": []}]
    create = doc["paths"]["/customers"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("CustomerCreate")
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
