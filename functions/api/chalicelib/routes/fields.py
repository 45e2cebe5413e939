"""Custom fields: the definitions of each entity's own fields (admins define them; every staff form reads them)."""

from __future__ import annotations

from typing import get_args

from chalicelib.http import Call, Routes
from crm.auth import Permission, require
from crm.customfields import schemas, service
from crm.customfields.schemas import Entity
from crm.errors import NotFound

routes = Routes(__name__)
READ: dict[str, Permission] = {
    "customer": Permission.CUSTOMER_READ,
    "contact": Permission.CUSTOMER_READ,
    "lead": Permission.LEAD_READ,
    "opportunity": Permission.PIPELINE_READ,
    "case": Permission.CASE_READ,
    "order": Permission.ORDER_READ,
    "supplier": Permission.SUPPLIER_READ,
}


def _entity(entity: str) -> Entity:
    if entity not in get_args(Entity):
        raise NotFound(f"no entity {entity}", {"entity": "one of " + ", ".join(get_args(Entity))})
    return entity  # type: ignore[return-value]


@routes.route(
    "/settings/fields/{entity}",
    "GET",
    permission=Permission.FIELDS_READ,
    summary="An entity's custom field definitions (customer, contact, lead, opportunity, case, order, supplier), "
    "archived ones included, in form order",
    response=schemas.FieldDefList,
)
def list_fields(call: Call[None, None], entity: str) -> schemas.FieldDefList:
    return service.list_definitions(_entity(entity))


@routes.route(
    "/settings/fields/{entity}",
    "POST",
    permission=Permission.FIELDS_ADMIN,
    summary="Define a custom field: type, label per language, required, default, help, options, order",
    body=schemas.FieldDefIn,
    response=schemas.FieldDefOut,
    status=201,
)
def define_field(call: Call[schemas.FieldDefIn, None], entity: str) -> schemas.FieldDefOut:
    return service.define(_entity(entity), call.body, call.actor)


@routes.route(
    "/settings/fields/{entity}/{key}",
    "PATCH",
    permission=Permission.FIELDS_ADMIN,
    summary="Change or archive a field (a new version; its type only while no record holds a value)",
    body=schemas.FieldDefPatch,
    response=schemas.FieldDefOut,
)
def change_field(call: Call[schemas.FieldDefPatch, None], entity: str, key: str) -> schemas.FieldDefOut:
    return service.change(_entity(entity), key, call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/settings/fields/{entity}/{key}/revisions",
    "GET",
    permission=Permission.FIELDS_READ,
    summary="Every version of a field definition, oldest first, with who saved it and when",
    response=schemas.FieldRevisionList,
)
def field_revisions(call: Call[None, None], entity: str, key: str) -> schemas.FieldRevisionList:
    return service.list_revisions(_entity(entity), key)


@routes.route(
    "/settings/fields/{entity}/{key}/records",
    "GET",
    permission=Permission.FIELDS_READ,
    summary="Records whose filterable field holds a value (the generic index; ids, newest writes within seconds); "
    "also needs the records' own read permission",
    query=schemas.FieldMatchQuery,
    response=schemas.FieldMatchPage,
)
def field_records(call: Call[None, schemas.FieldMatchQuery], entity: str, key: str) -> schemas.FieldMatchPage:
    checked = _entity(entity)
    assert call.principal is not None
    require(call.principal, READ[checked])  # the records' own read permission: the index shows whose values match
    return service.list_matches(checked, key, call.query)
