"""OpenAPI 3.1 document built from the route table and its pydantic models (clients generate SDKs from it)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from crm.auth import allowed_groups

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


def document(specs: list[Any]) -> dict[str, Any]:
    from pydantic.json_schema import models_json_schema  # only this route needs it

    models: set[type[BaseModel]] = set()
    for s in specs:
        for m in (s.body, s.response):
            if m is not None:
                models.add(m)
    ordered = sorted(models, key=lambda m: m.__name__)
    refs, defs = models_json_schema(
        [(m, "validation" if any(s.body is m for s in specs) else "serialization") for m in ordered],
        ref_template="#/components/schemas/{model}",
    )
    schemas = {**defs.get("$defs", {}), "Error": ERROR_SCHEMA}

    paths: dict[str, Any] = {}
    for s in specs:
        op: dict[str, Any] = {"operationId": s.name, "summary": s.summary, "tags": [_tag(s.path)]}
        params = [
            {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in re.findall(r"{(\w+)}", s.path)
        ]
        if s.query is not None:
            qschema = s.query.model_json_schema()
            for name, prop in qschema.get("properties", {}).items():
                params.append(
                    {
                        "name": name,
                        "in": "query",
                        "required": name in qschema.get("required", []),
                        "schema": {k: v for k, v in prop.items() if k != "title"},
                    }
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
        if params:
            op["parameters"] = params
        if s.body is not None:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs[(s.body, "validation")]}},
            }
        elif s.content_type == "text/csv":
            op["requestBody"] = {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
        ok: dict[str, Any] = {"description": "Success"}
        if s.status == 302:
            ok["headers"] = {"Location": {"schema": {"type": "string"}, "description": "where the link goes"}}
        elif s.produces != "application/json":
            ok["content"] = {s.produces: {"schema": {"type": "string"}}}
        elif s.response is not None:
            mode = "validation" if (s.response, "validation") in refs else "serialization"
            ok["content"] = {"application/json": {"schema": refs[(s.response, mode)]}}
        elif s.status not in (204, 302):
            ok["content"] = {"application/json": {"schema": {"type": "object"}}}
        responses = {str(s.status): ok}
        for code, text in _ERRORS.items():
            responses[code] = {
                "description": text,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        op["responses"] = responses
        if s.permission is None:
            op["security"] = []
        else:
            op["security"] = [{"cognito": []}]
            op["x-allowed-groups"] = sorted(allowed_groups(s.permission))
            op["description"] = f"Allowed groups: {', '.join(sorted(allowed_groups(s.permission)))}."
        paths.setdefault(s.path, {})[s.method.lower()] = op

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
