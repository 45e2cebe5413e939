"""User administration (admins): the user pool's accounts and their groups."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
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
