"""The CRM REST API: thin routes only (parse -> authorize -> service -> reply).

Every route names the permission it needs (rules in crm/auth.py); template.yaml declares the same routes.
"""

from __future__ import annotations

from typing import Any

from chalice import Chalice, CORSConfig

from chalicelib import openapi
from chalicelib.http import Call, CrmApi, Reply, etag, logger
from chalicelib.idempotency import once
from chalicelib.routes import care, commerce, communication, messaging, partnering, selling, sourcing
from crm import audit, privacy
from crm.auth import Permission
from crm.config import get_settings
from crm.customers import importer, schemas, service
from crm.errors import ValidationFailed

app = Chalice(app_name="crm-api")
app.api.cors = CORSConfig(
    allow_origin=get_settings().cors_origin,
    allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
    expose_headers=["ETag"],
    max_age=600,
)
api = CrmApi(app)


@app.middleware("http")
def correlation(event: Any, get_response: Any) -> Any:
    """Every log line of a request carries its API Gateway request id."""
    logger.set_correlation_id((event.context or {}).get("requestId"))
    return get_response(event)


# ----------------------------------------------------------------- public


@api.route("/health", "GET", permission=None, summary="Liveness probe")
def health(call: Call) -> dict[str, Any]:
    return {"status": "ok"}


@api.route("/openapi.json", "GET", permission=None, summary="This API's OpenAPI 3 document")
def openapi_document(call: Call) -> dict[str, Any]:
    return openapi.document(api.specs)


@api.route("/me", "GET", permission=Permission.AUTHENTICATED, summary="Who the token belongs to")
def me(call: Call) -> dict[str, Any]:
    p = call.principal
    assert p is not None
    return {"sub": p.sub, "email": p.email, "groups": sorted(p.groups), "partner_id": p.partner_id}


# ----------------------------------------------------------------- customers


@api.route(
    "/customers",
    "POST",
    permission=Permission.CUSTOMER_WRITE,
    summary="Create a customer (duplicate-checked)",
    body=schemas.CustomerCreate,
    query=schemas.CreateQuery,
    response=schemas.CustomerOut,
    status=201,
    idempotent=True,
)
def create_customer(call: Call) -> Reply:
    body = once(
        call,
        scope="create_customer",
        payload=[call.body.model_dump(mode="json"), call.query.force],
        work=lambda: service.create_customer(call.body, call.actor, force=call.query.force),
    )
    return Reply(body, 201, etag(body))


@api.route(
    "/customers",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="List customers by owner, tag or name",
    query=schemas.ListQuery,
    response=schemas.CustomerPage,
)
def list_customers(call: Call) -> dict[str, Any]:
    q = call.query
    return service.list_customers(owner=q.owner, tag=q.tag, name_prefix=q.name_prefix, limit=q.limit, cursor=q.cursor)


@api.route(
    "/customers/lookup",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="Find customers by email, phone, tax id or external id",
    query=schemas.LookupQuery,
    response=schemas.LookupResult,
)
def lookup_customers(call: Call) -> dict[str, Any]:
    q = call.query
    return service.lookup(email=q.email, phone=q.phone, tax_id=q.tax_id, external_id=q.external_id)


@api.route(
    "/customers/import",
    "POST",
    permission=Permission.CUSTOMER_IMPORT,
    summary="Bulk upsert from CSV (by external_id or email); reports every rejected row",
    body=None,
    response=schemas.ImportReport,
    content_type="text/csv",
)
def import_customers(call: Call) -> dict[str, Any]:
    ctype = call.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "text/csv":
        raise ValidationFailed("send the file as text/csv", {"Content-Type": "must be text/csv"})
    return importer.import_csv(call.raw_body, call.actor)


@api.route(
    "/customers/{customer_id}",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="A customer's profile",
    response=schemas.CustomerOut,
)
def get_customer(call: Call, customer_id: str) -> Reply:
    body = service.get_customer(customer_id)
    return Reply(body, 200, etag(body))


@api.route(
    "/customers/{customer_id}",
    "PATCH",
    permission=Permission.CUSTOMER_WRITE,
    summary="Change a customer (needs If-Match: <version>; 409 when stale)",
    body=schemas.CustomerPatch,
    query=schemas.CreateQuery,
    response=schemas.CustomerOut,
    headers=["If-Match"],
)
def update_customer(call: Call, customer_id: str) -> Reply:
    expected = call.if_match(call.body.version)
    body = service.update_customer(customer_id, call.body, expected, call.actor, force=call.query.force)
    return Reply(body, 200, etag(body))


@api.route(
    "/customers/{customer_id}",
    "DELETE",
    permission=Permission.CUSTOMER_DELETE,
    summary="Soft-delete a customer (needs If-Match)",
    status=204,
    headers=["If-Match"],
)
def delete_customer(call: Call, customer_id: str) -> Reply:
    service.delete_customer(customer_id, call.if_match(), call.actor)
    return Reply(None, 204)


@api.route(
    "/customers/{customer_id}/360",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="Profile, contacts and newest timeline entries (one Query)",
    query=schemas.TimelineQuery,
    response=schemas.Customer360,
)
def customer_360(call: Call, customer_id: str) -> dict[str, Any]:
    return service.customer_360(customer_id, call.query.limit)


@api.route(
    "/customers/{customer_id}/timeline",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="The customer's timeline, newest first",
    query=schemas.TimelineQuery,
    response=schemas.TimelinePage,
)
def list_timeline(call: Call, customer_id: str) -> dict[str, Any]:
    return service.list_timeline(customer_id, call.query.limit, call.query.cursor)


@api.route(
    "/customers/{customer_id}/audit",
    "GET",
    permission=Permission.AUDIT_READ,
    summary="Who changed which fields of the customer's items, newest first",
    query=schemas.TimelineQuery,
    response=schemas.AuditPage,
)
def list_audit(call: Call, customer_id: str) -> dict[str, Any]:
    return audit.list_audit(customer_id, call.query.limit, call.query.cursor)


@api.route(
    "/customers/{customer_id}/export",
    "GET",
    permission=Permission.PRIVACY,
    summary="Everything held about the customer as JSON (GDPR access and portability)",
)
def export_customer(call: Call, customer_id: str) -> dict[str, Any]:
    return privacy.export_customer(customer_id)


@api.route(
    "/customers/{customer_id}/erase",
    "POST",
    permission=Permission.PRIVACY,
    summary="Erase the customer's personal data (GDPR); orders, consent history and the audit trail stay",
    body=schemas.ErasureIn,
    response=schemas.ErasureOut,
    idempotent=True,
)
def erase_customer(call: Call, customer_id: str) -> dict[str, Any]:
    body = call.body
    return once(
        call,
        scope=f"erase:{customer_id}",
        payload=body.model_dump(mode="json"),
        work=lambda: privacy.erase_customer(customer_id, body.confirm, body.reason, call.actor),
    )


@api.route(
    "/customers/{customer_id}/timeline",
    "POST",
    permission=Permission.TIMELINE_WRITE,
    summary="Add a note, call or meeting to the timeline",
    body=schemas.NoteIn,
    response=schemas.TimelineEntryOut,
    status=201,
    idempotent=True,
)
def add_note(call: Call, customer_id: str) -> Reply:
    body = once(
        call,
        scope=f"add_note:{customer_id}",
        payload=call.body.model_dump(mode="json"),
        work=lambda: service.add_note(customer_id, call.body, call.actor),
    )
    return Reply(body, 201)


@api.route(
    "/customers/{customer_id}/contacts",
    "POST",
    permission=Permission.CUSTOMER_WRITE,
    summary="Add a contact person",
    body=schemas.ContactIn,
    query=schemas.CreateQuery,
    response=schemas.ContactOut,
    status=201,
    idempotent=True,
)
def add_contact(call: Call, customer_id: str) -> Reply:
    body = once(
        call,
        scope=f"add_contact:{customer_id}",
        payload=[call.body.model_dump(mode="json"), call.query.force],
        work=lambda: service.add_contact(customer_id, call.body, call.actor, force=call.query.force),
    )
    return Reply(body, 201, etag(body))


@api.route(
    "/customers/{customer_id}/contacts/{contact_id}",
    "PATCH",
    permission=Permission.CUSTOMER_WRITE,
    summary="Change a contact (needs If-Match)",
    body=schemas.ContactPatch,
    response=schemas.ContactOut,
    headers=["If-Match"],
)
def update_contact(call: Call, customer_id: str, contact_id: str) -> Reply:
    body = service.update_contact(customer_id, contact_id, call.body, call.if_match(call.body.version), call.actor)
    return Reply(body, 200, etag(body))


@api.route(
    "/customers/{customer_id}/contacts/{contact_id}",
    "DELETE",
    permission=Permission.CUSTOMER_WRITE,
    summary="Remove a contact (needs If-Match)",
    status=204,
    headers=["If-Match"],
)
def delete_contact(call: Call, customer_id: str, contact_id: str) -> Reply:
    service.delete_contact(customer_id, contact_id, call.if_match(), call.actor)
    return Reply(None, 204)


@api.route(
    "/customers/{customer_id}/merge",
    "POST",
    permission=Permission.CUSTOMER_MERGE,
    summary="Merge a duplicate (source_id) into this customer (needs If-Match or version)",
    body=schemas.MergeIn,
    response=schemas.CustomerOut,
    headers=["If-Match"],
)
def merge_customers(call: Call, customer_id: str) -> Reply:
    expected = call.if_match(call.body.version)
    body = service.merge_customers(customer_id, call.body.source_id, expected, call.actor)
    return Reply(body, 200, etag(body))


# ----------------------------------------------------------------- other contexts (one module each)

commerce.register(api)
care.register(api)
selling.register(api)
sourcing.register(api)
partnering.register(api)
communication.register(api)
messaging.register(api)
