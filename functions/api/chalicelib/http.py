"""The one place for the API's HTTP conventions: every route states who may call it, what it reads and what it
answers; the decorator reads the caller from the claims API Gateway's Cognito authorizer verified, checks the
permission, parses and validates, runs the idempotency of `idempotent=True` routes, calls the route and shapes
the reply (ETag for versioned items). The route table (`RouteSpec`s) also feeds the OpenAPI document and the
template drift test."""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from chalice import Blueprint, Response
from pydantic import BaseModel, ValidationError

from crm.auth import Permission, Principal, is_allowed, principal_from_claims, require
from crm.config import env, get_settings
from crm.errors import CrmError, NotFound, ValidationFailed

logger = Logger()
metrics = Metrics()
# X-Ray: DynamoDB calls become subsegments of each route's subsegment. The SDK costs ~0.15-0.25 s to import,
# so it is only loaded where tracing is on (in AWS); locally and in tests POWERTOOLS_TRACE_DISABLED=true.
tracer = Tracer(patch_modules=["botocore"]) if env("POWERTOOLS_TRACE_DISABLED").lower() != "true" else None

JSON = "application/json"
ACCEPTED_CONTENT_TYPES = [
    JSON,
    "text/csv",
    "application/octet-stream",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
]
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

BodyT = TypeVar("BodyT")
QueryT = TypeVar("QueryT")


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
class Call(Generic[BodyT, QueryT]):
    """What a route function receives besides its path parameters; typed by the route's body and query."""

    principal: Principal | None
    body: BodyT
    query: QueryT
    headers: dict[str, str]
    raw_body: bytes
    lambda_context: Any = None
    source_ip: str | None = None  # the client's address as API Gateway saw it (requestContext.identity.sourceIp)

    @property
    def actor(self) -> str:
        return self.principal.email or self.principal.sub if self.principal else "anonymous"

    def may(self, permission: Permission) -> bool:
        """Whether the caller also holds `permission` (routes that show more to some groups)."""
        return self.principal is not None and is_allowed(self.principal, permission)

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
    """A route's answer when it is not the route's declared status (e.g. 204 with no body)."""

    body: BaseModel | None
    status: int = 200


@dataclass
class Shaped:
    """A JSON answer ready to send, and what the idempotency store keeps for a retry."""

    status: int
    body: Any
    headers: dict[str, str | list[str]]

    def response(self) -> Response:
        headers: dict[str, str | list[str]] = {"Content-Type": JSON, **self.headers}
        body = "" if self.body is None else json.dumps(self.body)
        return Response(body=body, status_code=self.status, headers=headers)


def error_response(exc: CrmError) -> Response:
    return Shaped(exc.status, exc.to_body(), {}).response()


def _fields_from(exc: ValidationError, prefix: str = "", whole: str = "body") -> dict[str, str]:
    """Each error under the field it names; an error about the whole body or query string under `whole`."""
    fields: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or whole
        msg = err["msg"].removeprefix("Value error, ")
        fields.setdefault(f"{prefix}{loc}", msg)
    return fields


class Routes:
    """A context's routes: a Chalice Blueprint plus the route table entries it declares."""

    def __init__(self, import_name: str) -> None:
        self.blueprint = Blueprint(import_name)
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
                path=path,
                method=method.upper(),
                name=fn.__name__,
                permission=permission,
                summary=summary,
                body=body,
                query=query,
                response=response,
                status=status,
                content_type=content_type,
                idempotent=idempotent,
                headers=headers or [],
                produces=produces,
            )
            self.specs.append(spec)

            @functools.wraps(fn)
            def view(**params: str) -> Response:
                return self._handle(spec, fn, params)

            self.blueprint.route(path, methods=[spec.method], content_types=ACCEPTED_CONTENT_TYPES, name=fn.__name__)(
                view
            )
            return fn

        return register

    def _handle(self, spec: RouteSpec, fn: Callable[..., Any], params: dict[str, str]) -> Response:
        started = time.perf_counter()
        metrics.clear_metrics()  # a request's metrics never inherit the previous request's dimensions
        metrics.add_dimension(name="route", value=spec.name)
        try:
            call = self._call(spec, params)
            response = _run(spec, fn, call, params)
        except CrmError as exc:
            if exc.status >= 500:
                logger.exception("domain error")
            response = error_response(exc)
        except Exception:  # a bug on our side: log it with the correlation id, answer a plain 500
            logger.exception("unhandled error")
            response = error_response(CrmError("internal error; it has been logged"))
        _measure(spec, response, (time.perf_counter() - started) * 1000)
        return response

    def _call(self, spec: RouteSpec, params: dict[str, str]) -> Call[Any, Any]:
        request = self.blueprint.current_request
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        principal = None
        if spec.permission is not None:
            claims = (request.context or {}).get("authorizer", {}).get("claims")
            settings = get_settings()
            principal = principal_from_claims(claims, settings.client_id, settings.portal_client_id or None)
            logger.append_keys(user=principal.sub, groups=sorted(principal.groups))
            require(principal, spec.permission)
        for name, value in params.items():
            if not _ID.fullmatch(value or ""):  # never let a malformed id reach a DynamoDB key
                raise NotFound(f"{name} {value[:80]!r} does not exist", {name: "unknown"})
        raw = request.raw_body or b""
        raw = raw.encode() if isinstance(raw, str) else raw
        return Call(
            principal=principal,
            body=_parse_body(spec, raw, headers),
            query=_parse_query(spec, dict(request.query_params or {})),
            headers=headers,
            raw_body=raw,
            lambda_context=getattr(self.blueprint, "lambda_context", None),
            source_ip=((request.context or {}).get("identity") or {}).get("sourceIp"),
        )


def _run(spec: RouteSpec, fn: Callable[..., Any], call: Call[Any, Any], params: dict[str, str]) -> Response:
    def work() -> Any:
        if tracer is None:
            return fn(call, **params)
        with tracer.provider.in_subsegment(f"## {spec.name}") as subsegment:
            subsegment.put_annotation("route", spec.name)
            return fn(call, **params)

    if not spec.idempotent:
        result = work()
        return result if isinstance(result, Response) else _shape(spec, result).response()
    from chalicelib.idempotency import once  # the utility and boto3 load on the first keyed request only

    def shaped() -> dict[str, Any]:
        s = _shape(spec, work())
        return {"status": s.status, "body": s.body, "headers": s.headers}

    payload = [_dump(call.body), _dump(call.query), sorted(params.items())]
    stored = once(call, scope=spec.name, payload=payload, work=shaped)
    return Shaped(stored["status"], stored["body"], stored["headers"]).response()


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else None


def _shape(spec: RouteSpec, result: Any) -> Shaped:
    """The route's typed answer as JSON; an item with a version carries it as its ETag."""
    reply = result if isinstance(result, Reply) else Reply(result, spec.status)
    if reply.body is None:
        return Shaped(reply.status, None, {})
    if spec.response is None or not isinstance(reply.body, spec.response):
        raise TypeError(f"{spec.name} answered {type(reply.body).__name__}, not its declared {spec.response}")
    body = reply.body.model_dump(mode="json", by_alias=True)
    version = body.get("version")
    headers: dict[str, str | list[str]] = {"ETag": f'"{version}"'} if isinstance(version, int) else {}
    return Shaped(reply.status, body, headers)


def _measure(spec: RouteSpec, response: Response, elapsed_ms: float) -> None:
    metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="Latency", unit=MetricUnit.Milliseconds, value=elapsed_ms)
    if response.status_code >= 500:
        metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=1)
    elif response.status_code >= 400:
        metrics.add_metric(name="ClientErrors", unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
    logger.info("request", extra={"route": spec.name, "status": response.status_code, "ms": round(elapsed_ms, 1)})


def _parse_body(spec: RouteSpec, raw: bytes, headers: dict[str, str]) -> Any:
    if spec.body is None:
        return None
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != spec.content_type:
        raise ValidationFailed(
            f"send the body as {spec.content_type}", {"Content-Type": f"must be {spec.content_type}"}
        )
    if ctype == "application/x-www-form-urlencoded":  # an HTML form (public pages): each field's first value
        fields = parse_qs((raw or b"").decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=20)
        data: Any = {k: v[0] for k, v in fields.items()}
    else:
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


def _parse_query(spec: RouteSpec, params: dict[str, str]) -> Any:
    if spec.query is None:
        return None
    try:
        return spec.query.model_validate(params, context={"default_region": get_settings().default_phone_region})
    except ValidationError as exc:
        raise ValidationFailed("the query string is not valid", _fields_from(exc, whole="query")) from exc
