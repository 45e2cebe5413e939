"""OpenAPI 3.1 document built from the route table and its pydantic models (clients generate SDKs from it)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel

from chalicelib.http import RouteSpec
from crm.auth import allowed_groups

Mode = Literal["validation", "serialization"]
Refs = dict[tuple[Any, Mode], dict[str, Any]]  # (model, mode) -> its $ref

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message", "fields"],
    "properties": {
        "error": {"type": "string", "description": "machine-readable code"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
_ERRORS = {
    "400": "Invalid input; `fields` names each offending field",
    "401": "Missing, expired, forged or unsigned token",
    "403": "The caller's groups may not do this",
    "404": "Unknown id",
    "409": "Stale version or duplicate",
    "410": "Deleted or merged",
    "422": "Idempotency-Key reused with another body",
    "428": "If-Match required",
}


def _components(specs: list[RouteSpec]) -> tuple[Refs, dict[str, Any]]:
    """Every body (validation mode) and answer (serialization mode) model, named once under components."""
    from pydantic.json_schema import models_json_schema  # only this route needs it

    bodies = {s.body for s in specs if s.body is not None}
    models = sorted(bodies | {s.response for s in specs if s.response is not None}, key=lambda m: m.__name__)
    wanted: list[tuple[type[BaseModel], Mode]] = [(m, "validation" if m in bodies else "serialization") for m in models]
    refs, defs = models_json_schema(wanted, ref_template="#/components/schemas/{model}")
    return dict(refs), {**defs.get("$defs", {}), "Error": ERROR_SCHEMA}


def _parameters(s: RouteSpec) -> list[dict[str, Any]]:
    params = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
        for n in re.findall(r"{(\w+)}", s.path)
    ]
    if s.query is not None:
        qschema = s.query.model_json_schema()
        for name, prop in qschema.get("properties", {}).items():
            schema = {k: v for k, v in prop.items() if k != "title"}
            params.append(
                {"name": name, "in": "query", "required": name in qschema.get("required", []), "schema": schema}
            )
    for h in s.headers:
        params.append({"name": h, "in": "header", "required": False, "schema": {"type": "string"}})
    if s.idempotent:
        params.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "a retry with the same key returns the first response",
                "schema": {"type": "string", "maxLength": 200},
            }
        )
    return params


def _success(s: RouteSpec, refs: Refs) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "Success"}
    if s.status == 302:
        ok["headers"] = {"Location": {"schema": {"type": "string"}, "description": "where the link goes"}}
    elif s.produces != "application/json":
        ok["content"] = {s.produces: {"schema": {"type": "string"}}}
    elif s.response is not None:
        mode: Mode = "validation" if (s.response, "validation") in refs else "serialization"
        ok["content"] = {"application/json": {"schema": refs[(s.response, mode)]}}
    return ok


def _operation(s: RouteSpec, refs: Refs) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": s.name, "summary": s.summary, "tags": [_tag(s.path)]}
    params = _parameters(s)
    if params:
        op["parameters"] = params
    if s.body is not None:
        op["requestBody"] = {  # JSON, or an HTML form's fields (public pages)
            "required": True,
            "content": {s.content_type: {"schema": refs[(s.body, "validation")]}},
        }
    elif s.content_type == "text/csv":
        csv = {
            "text/csv": {"schema": {"type": "string"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        }
        op["requestBody"] = {"required": True, "content": csv}
    error: dict[str, Any] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    if s.produces == "text/html":  # a page opened from an email may answer a refusal with a page too
        error["text/html"] = {"schema": {"type": "string"}}
    op["responses"] = {str(s.status): _success(s, refs)} | {
        code: {"description": text, "content": error} for code, text in _ERRORS.items()
    }
    if s.permission is None:
        op["security"] = []
    else:
        groups = sorted(allowed_groups(s.permission))
        op["security"] = [{"cognito": []}]
        op["x-allowed-groups"] = groups
        op["description"] = f"Allowed groups: {', '.join(groups)}."
    return op


def document(specs: list[RouteSpec]) -> dict[str, Any]:
    refs, schemas = _components(specs)
    paths: dict[str, Any] = {}
    for s in specs:
        paths.setdefault(s.path, {})[s.method.lower()] = _operation(s, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Serverless CRM API",
            "version": "0.1.0",
            "description": "Errors are JSON {error, message, fields}. Send a Cognito ID token as a Bearer token.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"cognito": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


def _tag(path: str) -> str:
    return path.strip("/").split("/")[0].removesuffix(".json") or "root"
