"""One decorator per route: verify the token, check the permission, parse and validate, call the service,
shape the reply. Every route states who may call it; the route table also feeds the OpenAPI document."""

from __future__ import annotations

import functools
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from chalice import Chalice, Response
from pydantic import BaseModel, ValidationError

from crm.auth import Permission, Principal, require
from crm.config import get_settings
from crm.errors import CrmError, NotFound, ValidationFailed
from crm.tokens import TokenVerifier

logger = Logger()
metrics = Metrics()
# X-Ray: DynamoDB calls become subsegments of each route's subsegment. The SDK costs ~0.15-0.25 s to import,
# so it is only loaded where tracing is on (in AWS); locally and in tests POWERTOOLS_TRACE_DISABLED=true.
tracer = (
    Tracer(patch_modules=["botocore"]) if os.environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() != "true" else None
)

JSON = "application/json"
ACCEPTED_CONTENT_TYPES = [JSON, "text/csv", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]

_verifier: TokenVerifier | None = None
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def verifier() -> TokenVerifier:
    """Created on first use so a cold start does no network I/O."""
    global _verifier
    if _verifier is None:
        s = get_settings()
        _verifier = TokenVerifier(issuer=s.issuer, audience=s.client_id, jwks_url=s.jwks_url)
    return _verifier


@dataclass
class RouteSpec:
    path: str
    method: str
    name: str
    permission: Permission | None  # None = public
    summary: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    content_type: str = JSON
    idempotent: bool = False
    headers: list[str] = field(default_factory=list)
    produces: str = JSON  # the success answer's media type (text/html for pages a browser opens from email)


@dataclass
class Call:
    """What a route function receives besides its path parameters."""

    principal: Principal | None
    body: Any
    query: Any
    headers: dict[str, str]
    raw_body: bytes
    lambda_context: Any = None

    @property
    def actor(self) -> str:
        return self.principal.email or self.principal.sub if self.principal else "anonymous"

    def if_match(self, body_version: int | None = None) -> int | None:
        """Expected version from If-Match ("3", W/"3" or 3) or the body's `version`; both must agree."""
        header = self.headers.get("if-match")
        version: int | None = None
        if header is not None:
            m = re.fullmatch(r'\s*(?:W/)?"?(\d{1,12})"?\s*', header)
            if not m:
                raise ValidationFailed("If-Match must be the version number", {"If-Match": "not a version"})
            version = int(m.group(1))
        if body_version is not None and version is not None and body_version != version:
            raise ValidationFailed("If-Match and version disagree", {"version": "differs from If-Match"})
        return version if version is not None else body_version


@dataclass
class Reply:
    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def _fields_from(exc: ValidationError, prefix: str = "") -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "body"
        msg = err["msg"].removeprefix("Value error, ")
        fields.setdefault(f"{prefix}{loc}", msg)
    return fields


def etag(body: dict[str, Any]) -> dict[str, str]:
    """The ETag header of a versioned item: clients send it back in If-Match."""
    return {"ETag": f'"{body["version"]}"'}


def error_response(exc: CrmError) -> Response:
    return Response(body=json.dumps(exc.to_body()), status_code=exc.status, headers={"Content-Type": JSON})


class CrmApi:
    def __init__(self, app: Chalice) -> None:
        self.app = app
        self.specs: list[RouteSpec] = []

    def route(
        self,
        path: str,
        method: str,
        *,
        permission: Permission | None,
        summary: str,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        response: type[BaseModel] | None = None,
        status: int = 200,
        content_type: str = JSON,
        idempotent: bool = False,
        headers: list[str] | None = None,
        produces: str = JSON,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            spec = RouteSpec(
                path,
                method.upper(),
                fn.__name__,
                permission,
                summary,
                body,
                query,
                response,
                status,
                content_type,
                idempotent,
                headers or [],
                produces,
            )
            self.specs.append(spec)

            @functools.wraps(fn)
            def view(**params: str) -> Response:
                return self._handle(spec, fn, params)

            self.app.route(path, methods=[spec.method], content_types=ACCEPTED_CONTENT_TYPES, name=fn.__name__)(view)
            return fn

        return register

    def _handle(self, spec: RouteSpec, fn: Callable[..., Any], params: dict[str, str]) -> Response:
        started = time.perf_counter()
        request = self.app.current_request
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        metrics.clear_metrics()  # a request's metrics never inherit the previous request's dimensions
        metrics.add_dimension(name="route", value=spec.name)
        try:
            principal = None
            if spec.permission is not None:
                principal = verifier().principal(headers.get("authorization"))
                logger.append_keys(user=principal.sub, groups=sorted(principal.groups))
                require(principal, spec.permission)
            for name, value in params.items():
                if not _ID.fullmatch(value or ""):  # never let a malformed id reach a DynamoDB key
                    raise NotFound(f"{name} {value[:80]!r} does not exist", {name: "unknown"})
            call = Call(
                principal=principal,
                body=self._parse_body(spec, request, headers),
                query=self._parse_query(spec, request),
                headers=headers,
                raw_body=request.raw_body or b"",
                lambda_context=getattr(self.app, "lambda_context", None),
            )
            if tracer is None:
                result = fn(call, **params)
            else:
                with tracer.provider.in_subsegment(f"## {spec.name}") as subsegment:
                    subsegment.put_annotation("route", spec.name)
                    result = fn(call, **params)
            response = self._reply(spec, result)
        except CrmError as exc:
            if exc.status >= 500:
                logger.exception("domain error")
            response = error_response(exc)
        except Exception:  # a bug on our side: log it with the correlation id, answer a plain 500
            logger.exception("unhandled error")
            response = error_response(CrmError("internal error; it has been logged"))
        elapsed_ms = (time.perf_counter() - started) * 1000
        metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
        metrics.add_metric(name="Latency", unit=MetricUnit.Milliseconds, value=elapsed_ms)
        if response.status_code >= 500:
            metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=1)
        elif response.status_code >= 400:
            metrics.add_metric(name="ClientErrors", unit=MetricUnit.Count, value=1)
        metrics.flush_metrics()
        logger.info("request", extra={"route": spec.name, "status": response.status_code, "ms": round(elapsed_ms, 1)})
        return response

    @staticmethod
    def _parse_body(spec: RouteSpec, request: Any, headers: dict[str, str]) -> Any:
        if spec.body is None:
            return None
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != spec.content_type:
            raise ValidationFailed(
                f"send the body as {spec.content_type}", {"Content-Type": f"must be {spec.content_type}"}
            )
        raw = request.raw_body or b""
        if spec.content_type != JSON:
            return raw
        try:
            data = json.loads(raw or b"null", parse_float=Decimal)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise ValidationFailed("the body is not valid JSON", {"body": str(exc)[:200]}) from exc
        if not isinstance(data, dict):
            raise ValidationFailed("the body must be a JSON object", {"body": "expected an object"})
        country = data.get("address", {}).get("country") if isinstance(data.get("address"), dict) else None
        region = country if isinstance(country, str) else get_settings().default_phone_region
        try:
            return spec.body.model_validate(data, context={"default_region": region})
        except ValidationError as exc:
            raise ValidationFailed("the request body is not valid", _fields_from(exc)) from exc

    @staticmethod
    def _parse_query(spec: RouteSpec, request: Any) -> Any:
        if spec.query is None:
            return None
        params = dict(request.query_params or {})
        try:
            return spec.query.model_validate(params, context={"default_region": get_settings().default_phone_region})
        except ValidationError as exc:
            raise ValidationFailed("the query string is not valid", _fields_from(exc)) from exc

    @staticmethod
    def _reply(spec: RouteSpec, result: Any) -> Response:
        if isinstance(result, Response):  # redirects, images and pages for people, not JSON clients
            return result
        reply = result if isinstance(result, Reply) else Reply(result, spec.status)
        headers = {"Content-Type": JSON, **reply.headers}
        if reply.body is None:
            return Response(body="", status_code=reply.status, headers=headers)
        body = reply.body
        if spec.response is not None and reply.status < 300:
            body = spec.response.model_validate(body).model_dump(mode="json")
        return Response(body=json.dumps(body, default=str), status_code=reply.status, headers=headers)
