"""Customer routes: profiles, contacts, lookups, the 360 view, the timeline, merge, CSV import, the audit trail
and the GDPR export and erasure."""

from __future__ import annotations

from chalice import Response

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.customers import exporter, importer, merge, responses, schemas, service, views
from crm.errors import ValidationFailed
from crm.privacy import audit
from crm.privacy import schemas as privacy_schemas

routes = Routes(__name__)
# the file itself; octet-stream too, for client generators that only send bytes
CSV_TYPES = ("text/csv", "application/octet-stream")


# ----------------------------------------------------------------- customers


@routes.route(
    "/customers",
    "POST",
    permission=Permission.CUSTOMER_WRITE,
    summary="Create a customer (duplicate-checked)",
    body=schemas.CustomerCreate,
    query=schemas.CreateQuery,
    response=responses.CustomerOut,
    status=201,
    idempotent=True,
)
def create_customer(call: Call[schemas.CustomerCreate, schemas.CreateQuery]) -> responses.CustomerOut:
    return service.create_customer(call.body, call.actor, force=call.query.force)


@routes.route(
    "/customers",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="List customers by owner, tag or name",
    query=schemas.ListQuery,
    response=responses.CustomerPage,
)
def list_customers(call: Call[None, schemas.ListQuery]) -> responses.CustomerPage:
    q = call.query
    return views.list_customers(owner=q.owner, tag=q.tag, name_prefix=q.name_prefix, limit=q.limit, cursor=q.cursor)


@routes.route(
    "/customers/lookup",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="Find customers by email, phone, tax id or external id",
    query=schemas.LookupQuery,
    response=responses.LookupResult,
)
def lookup_customers(call: Call[None, schemas.LookupQuery]) -> responses.LookupResult:
    q = call.query
    return views.lookup(email=q.email, phone=q.phone, tax_id=q.tax_id, external_id=q.external_id)


@routes.route(
    "/customers/import",
    "POST",
    permission=Permission.CUSTOMER_IMPORT,
    summary="Bulk upsert from CSV (by external_id or email); reports every rejected row",
    body=None,
    response=responses.ImportReport,
    content_type="text/csv",
)
def import_customers(call: Call[None, None]) -> responses.ImportReport:
    ctype = call.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in CSV_TYPES:
        raise ValidationFailed("send the file as text/csv", {"Content-Type": "must be text/csv"})
    return importer.import_csv(call.raw_body, call.actor)


@routes.route(
    "/customers/export",
    "GET",
    permission=Permission.CUSTOMER_IMPORT,
    summary="CSV of customers in the import's columns (custom fields as custom.<key>), a page of up to 1000 A-Z or "
    "by owner or tag; the next page's cursor is in the X-Next-Cursor header",
    query=schemas.ExportQuery,
    produces="text/csv",
)
def export_customers(call: Call[None, schemas.ExportQuery]) -> Response:
    q = call.query
    if q.owner and q.tag:
        raise ValidationFailed("filter by owner or by tag, not both", {"tag": "cannot combine with owner"})
    text, nxt, rows = exporter.export_csv(q.owner, q.tag, q.limit, q.cursor)
    headers: dict[str, str | list[str]] = {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="customers.csv"',
        "X-Rows": str(rows),
        **({"X-Next-Cursor": nxt} if nxt else {}),
    }
    return Response(body=text, status_code=200, headers=headers)


@routes.route(
    "/customers/{customer_id}",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="A customer's profile",
    response=responses.CustomerOut,
)
def get_customer(call: Call[None, None], customer_id: str) -> responses.CustomerOut:
    return views.get_customer(customer_id)


@routes.route(
    "/customers/{customer_id}",
    "PATCH",
    permission=Permission.CUSTOMER_WRITE,
    summary="Change a customer (needs If-Match: <version>; 409 when stale)",
    body=schemas.CustomerPatch,
    query=schemas.CreateQuery,
    response=responses.CustomerOut,
    headers=["If-Match"],
)
def update_customer(call: Call[schemas.CustomerPatch, schemas.CreateQuery], customer_id: str) -> responses.CustomerOut:
    expected = call.if_match(call.body.version)
    return service.update_customer(customer_id, call.body, expected, call.actor, force=call.query.force)


@routes.route(
    "/customers/{customer_id}",
    "DELETE",
    permission=Permission.CUSTOMER_DELETE,
    summary="Soft-delete a customer (needs If-Match)",
    status=204,
    headers=["If-Match"],
)
def delete_customer(call: Call[None, None], customer_id: str) -> None:
    service.delete_customer(customer_id, call.if_match(), call.actor)


@routes.route(
    "/customers/{customer_id}/360",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="Profile, contacts and newest timeline entries (one Query)",
    query=schemas.TimelineQuery,
    response=responses.Customer360,
)
def customer_360(call: Call[None, schemas.TimelineQuery], customer_id: str) -> responses.Customer360:
    return views.customer_360(customer_id, call.query.limit)


@routes.route(
    "/customers/{customer_id}/timeline",
    "GET",
    permission=Permission.CUSTOMER_READ,
    summary="The customer's timeline, newest first",
    query=schemas.TimelineQuery,
    response=responses.TimelinePage,
)
def list_timeline(call: Call[None, schemas.TimelineQuery], customer_id: str) -> responses.TimelinePage:
    return views.list_timeline(customer_id, call.query.limit, call.query.cursor)


@routes.route(
    "/customers/{customer_id}/audit",
    "GET",
    permission=Permission.AUDIT_READ,
    summary="Who changed which fields of the customer's items, newest first",
    query=schemas.TimelineQuery,
    response=privacy_schemas.AuditPage,
)
def list_audit(call: Call[None, schemas.TimelineQuery], customer_id: str) -> privacy_schemas.AuditPage:
    return audit.list_audit(customer_id, call.query.limit, call.query.cursor)


@routes.route(
    "/customers/{customer_id}/export",
    "GET",
    permission=Permission.PRIVACY,
    summary="Everything held about the customer as JSON (GDPR access and portability)",
    response=privacy_schemas.CustomerExport,
)
def export_customer(call: Call[None, None], customer_id: str) -> privacy_schemas.CustomerExport:
    from crm.privacy import gdpr  # rare and heavy: it imports every context's personal data and the item registry

    return gdpr.export_customer(customer_id)


@routes.route(
    "/customers/{customer_id}/erase",
    "POST",
    permission=Permission.PRIVACY,
    summary="Erase the customer's personal data (GDPR); orders, consent history and the audit trail stay",
    body=privacy_schemas.ErasureIn,
    response=privacy_schemas.ErasureOut,
    idempotent=True,
)
def erase_customer(call: Call[privacy_schemas.ErasureIn, None], customer_id: str) -> privacy_schemas.ErasureOut:
    from crm.privacy import gdpr  # as for the export

    return gdpr.erase_customer(customer_id, call.body.confirm, call.body.reason, call.actor)


@routes.route(
    "/customers/{customer_id}/timeline",
    "POST",
    permission=Permission.TIMELINE_WRITE,
    summary="Add a note, call or meeting to the timeline",
    body=schemas.NoteIn,
    response=responses.TimelineEntryOut,
    status=201,
    idempotent=True,
)
def add_note(call: Call[schemas.NoteIn, None], customer_id: str) -> responses.TimelineEntryOut:
    return service.add_note(customer_id, call.body, call.actor)


@routes.route(
    "/customers/{customer_id}/contacts",
    "POST",
    permission=Permission.CUSTOMER_WRITE,
    summary="Add a contact person",
    body=schemas.ContactIn,
    query=schemas.CreateQuery,
    response=responses.ContactOut,
    status=201,
    idempotent=True,
)
def add_contact(call: Call[schemas.ContactIn, schemas.CreateQuery], customer_id: str) -> responses.ContactOut:
    return service.add_contact(customer_id, call.body, call.actor, force=call.query.force)


@routes.route(
    "/customers/{customer_id}/contacts/{contact_id}",
    "PATCH",
    permission=Permission.CUSTOMER_WRITE,
    summary="Change a contact (needs If-Match)",
    body=schemas.ContactPatch,
    response=responses.ContactOut,
    headers=["If-Match"],
)
def update_contact(call: Call[schemas.ContactPatch, None], customer_id: str, contact_id: str) -> responses.ContactOut:
    return service.update_contact(customer_id, contact_id, call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/customers/{customer_id}/contacts/{contact_id}",
    "DELETE",
    permission=Permission.CUSTOMER_WRITE,
    summary="Remove a contact (needs If-Match)",
    status=204,
    headers=["If-Match"],
)
def delete_contact(call: Call[None, None], customer_id: str, contact_id: str) -> None:
    service.delete_contact(customer_id, contact_id, call.if_match(), call.actor)


@routes.route(
    "/customers/{customer_id}/merge",
    "POST",
    permission=Permission.CUSTOMER_MERGE,
    summary="Merge a duplicate (source_id) into this customer (needs If-Match or version)",
    body=schemas.MergeIn,
    response=responses.CustomerOut,
    headers=["If-Match"],
)
def merge_customers(call: Call[schemas.MergeIn, None], customer_id: str) -> responses.CustomerOut:
    expected = call.if_match(call.body.version)
    return merge.merge_customers(customer_id, call.body.source_id, expected, call.actor)
