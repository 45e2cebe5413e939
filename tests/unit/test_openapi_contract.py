"""The API document is a contract client generators can take whole: every JSON answer and request body is a
named component whose objects declare their properties, and component names are unique and meaningful."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from chalicelib.table import SPECS
from infra.openapi import render

DOC = json.loads(render())
SCHEMAS: dict[str, Any] = DOC["components"]["schemas"]
# Where an object's keys are the data itself: items exactly as stored in the GDPR export, and the OpenAPI
# document's own paths and components.
FREE_FORM_ALLOWED = {("CustomerExport", "*"), ("OpenApiDocument", "paths"), ("OpenApiDocument", "components")}


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None


def _free_form(schema: dict[str, Any], where: str) -> Iterator[str]:
    """Paths inside a schema where an object has neither declared properties nor a typed value schema."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "object" and not schema.get("properties") and not schema.get("patternProperties"):
        extra = schema.get("additionalProperties", True)
        if extra is True or extra == {}:
            yield where
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _free_form(schema[key], f"{where}[]")
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from _free_form(sub, f"{where}|{i}")
    for name, prop in schema.get("properties", {}).items():
        yield from _free_form(prop, f"{where}.{name}")


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in DOC["paths"].items():
        for method, op in methods.items():
            yield path, method, op


def test_every_json_answer_and_body_is_a_named_component():
    unnamed = []
    for path, method, op in _operations():
        for status, answer in op["responses"].items():
            schema = answer.get("content", {}).get("application/json", {}).get("schema")
            if status.startswith("2") and schema is not None and _ref_name(schema) is None:
                unnamed.append(f"{method.upper()} {path} {status}")
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if body is not None and _ref_name(body) is None:
            unnamed.append(f"{method.upper()} {path} body")
    assert unnamed == []


def test_every_json_route_declares_its_answer():
    """A route that answers JSON with a body names its model; only 204s, redirects and HTML pages do not."""
    missing = [
        s.name for s in SPECS if s.response is None and s.produces == "application/json" and s.status not in (204, 302)
    ]
    assert missing == []


def test_no_free_form_objects_in_any_component():
    found = []
    for name, schema in SCHEMAS.items():
        for where in _free_form(schema, name):
            field = re.split(r"[\[|]", where.split(".")[1])[0] if "." in where else where
            if (name, "*") not in FREE_FORM_ALLOWED and (name, field) not in FREE_FORM_ALLOWED:
                found.append(where)
    assert found == []


def test_component_names_are_unique_and_meaningful():
    names = list(SCHEMAS)
    assert len(names) == len({n.lower() for n in names})
    odd = [n for n in names if not re.fullmatch(r"[A-Z][A-Za-z0-9]+", n) or n in ("Detail", "Model", "Out")]
    assert odd == []  # no module-qualified (crm__x__ContactIn), -Input/-Output or generic names
    operation_ids = [op["operationId"] for _, _, op in _operations()]
    assert len(operation_ids) == len(set(operation_ids)) == len(SPECS)
