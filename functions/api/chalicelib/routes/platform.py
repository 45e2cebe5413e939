"""Routes about the API itself: liveness, its OpenAPI document, and who the caller is."""

from __future__ import annotations

from pydantic import Field

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.shapes import Out

routes = Routes(__name__)


class Health(Out):
    status: str = Field(description="ok when the function answers")


class Me(Out):
    sub: str
    email: str | None = None
    groups: list[str]
    partner_id: str | None = Field(default=None, description="set for partner users: whose data they see")
    customer_id: str | None = Field(default=None, description="set for customer portal users: whose data they see")


class OpenApiDocument(Out):
    """This API's OpenAPI 3.1 document (paths, components, security schemes)."""

    openapi: str
    info: dict[str, str]
    paths: dict[str, dict[str, object]]
    components: dict[str, dict[str, object]]


@routes.route("/health", "GET", permission=None, summary="Liveness probe", response=Health)
def health(call: Call[None, None]) -> Health:
    return Health(status="ok")


@routes.route(
    "/openapi.json", "GET", permission=None, summary="This API's OpenAPI 3 document", response=OpenApiDocument
)
def openapi_document(call: Call[None, None]) -> OpenApiDocument:
    from chalicelib import openapi
    from chalicelib.table import SPECS

    return OpenApiDocument.model_validate(openapi.document(SPECS))


@routes.route("/me", "GET", permission=Permission.AUTHENTICATED, summary="Who the token belongs to", response=Me)
def me(call: Call[None, None]) -> Me:
    p = call.principal
    assert p is not None
    return Me(sub=p.sub, email=p.email, groups=sorted(p.groups), partner_id=p.partner_id, customer_id=p.customer_id)
