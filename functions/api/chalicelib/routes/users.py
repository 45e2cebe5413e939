"""Administration (admins): the user pool's accounts and their groups, and the settings audit trail."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.privacy import audit
from crm.privacy.schemas import AuditPage
from crm.users import schemas, service

routes = Routes(__name__)


@routes.route(
    "/admin/users",
    "GET",
    permission=Permission.USER_ADMIN,
    summary="The user pool's users with their groups and partner, paged",
    query=schemas.UserQuery,
    response=schemas.UserPage,
)
def list_users(call: Call[None, schemas.UserQuery]) -> schemas.UserPage:
    return service.list_users(call.query)


@routes.route(
    "/admin/users",
    "POST",
    permission=Permission.USER_ADMIN,
    summary="Create a user in a group (a partner user linked to their partner); the answer holds a one-time "
    "password the user replaces at the first sign-in",
    body=schemas.UserIn,
    response=schemas.UserCreated,
    status=201,
)
def create_user(call: Call[schemas.UserIn, None]) -> schemas.UserCreated:
    return service.create_user(call.body, call.actor)


@routes.route(
    "/admin/users/{username}",
    "PATCH",
    permission=Permission.USER_ADMIN,
    summary="Move a user to another group or disable / enable them; their sessions end so the change holds at once",
    body=schemas.UserChange,
    response=schemas.UserOut,
)
def change_user(call: Call[schemas.UserChange, None], username: str) -> schemas.UserOut:
    return service.change_user(username, call.body, call.actor)


@routes.route(
    "/admin/audit",
    "GET",
    permission=Permission.AUDIT_READ,
    summary="Who changed which settings (SLA, PRM, routing, exchange rates, country risk) and users, newest first",
    query=schemas.UserQuery,
    response=AuditPage,
)
def settings_audit(call: Call[None, schemas.UserQuery]) -> AuditPage:
    return audit.list_settings_audit(call.query.limit, call.query.cursor)
