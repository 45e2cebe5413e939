"""User administration through Cognito's admin API: list the pool's users with their groups, create a user in
a group (a partner user linked to their partner) with a one-time password they replace at the first sign-in,
move a user to another group or disable them (their sessions end at once: tokens carry the groups).
Every change lands in the settings audit trail (crm.privacy.audit: who did what to whom, field names only)."""

from __future__ import annotations

import secrets
import string
from typing import Any

from crm.aws import client
from crm.config import get_settings
from crm.errors import Conflict, NotFound, ValidationFailed
from crm.privacy.public import record_admin_change
from crm.users import schemas

ALPHABET = string.ascii_letters + string.digits


def _pool() -> str:
    return get_settings().user_pool_id


def temporary_password() -> str:
    """16 characters with a lower-case letter, an upper-case letter and a digit (the pool's policy)."""
    while True:
        p = "".join(secrets.choice(ALPHABET) for _ in range(16))
        if any(c.islower() for c in p) and any(c.isupper() for c in p) and any(c.isdigit() for c in p):
            return p


def _user(u: dict[str, Any], groups: list[str]) -> schemas.UserOut:
    attrs = {a["Name"]: a["Value"] for a in u.get("Attributes", u.get("UserAttributes", []))}
    created: Any = u.get("UserCreateDate")
    return schemas.UserOut(
        username=u["Username"],
        email=attrs.get("email"),
        groups=groups,
        partner_id=attrs.get("custom:partner_id"),
        status=u.get("UserStatus", "UNKNOWN"),
        enabled=u.get("Enabled", True),
        created_at=created.isoformat() if hasattr(created, "isoformat") else str(created or ""),
    )


def _groups(idp: Any, username: str) -> list[str]:
    found = idp.admin_list_groups_for_user(UserPoolId=_pool(), Username=username)
    return sorted(g["GroupName"] for g in found.get("Groups", []))


def _known_partner(partner_id: str) -> None:
    from crm.partners.public import get_partner

    try:
        get_partner(partner_id)
    except NotFound as exc:
        raise ValidationFailed(f"no partner {partner_id}", {"partner_id": "unknown"}) from exc


def list_users(q: schemas.UserQuery) -> schemas.UserPage:
    idp = client("cognito-idp")
    kw: dict[str, Any] = {"UserPoolId": _pool(), "Limit": q.limit}
    if q.cursor:
        kw["PaginationToken"] = q.cursor
    try:
        page = idp.list_users(**kw)
    except idp.exceptions.InvalidParameterException as exc:
        raise ValidationFailed("cursor is not valid", {"cursor": "not a cursor this API returned"}) from exc
    items = [_user(u, _groups(idp, u["Username"])) for u in page.get("Users", [])]
    return schemas.UserPage(items=items, next=page.get("PaginationToken"))


def create_user(data: schemas.UserIn, actor: str) -> schemas.UserCreated:
    if data.partner_id:
        _known_partner(data.partner_id)
    idp = client("cognito-idp")
    attrs = [{"Name": "email", "Value": data.email.lower()}, {"Name": "email_verified", "Value": "true"}]
    if data.partner_id:
        attrs.append({"Name": "custom:partner_id", "Value": data.partner_id})
    password = temporary_password()
    try:
        made = idp.admin_create_user(
            UserPoolId=_pool(), Username=data.email.lower(), UserAttributes=attrs, TemporaryPassword=password
        )["User"]
    except idp.exceptions.UsernameExistsException as exc:
        raise Conflict(f"{data.email} already has an account", {"email": "taken"}) from exc
    except idp.exceptions.InvalidParameterException as exc:  # what the pool itself refuses, in its words
        raise ValidationFailed(
            str(exc.response["Error"].get("Message", exc)), {"email": "refused by the user pool"}
        ) from exc
    idp.admin_add_user_to_group(UserPoolId=_pool(), Username=made["Username"], GroupName=data.group)
    fields = ["email", "group"] + (["partner_id"] if data.partner_id else [])
    record_admin_change(actor, "created", "user", data.email.lower(), fields)
    return schemas.UserCreated(user=_user(made, [data.group]), temporary_password=password)


def _load(idp: Any, username: str) -> dict[str, Any]:
    try:
        return dict(idp.admin_get_user(UserPoolId=_pool(), Username=username))
    except idp.exceptions.UserNotFoundException as exc:
        raise NotFound(f"no user {username}", {"username": "unknown"}) from exc


def _regroup(idp: Any, username: str, groups: list[str], group: str, mine: bool) -> None:
    if ("partner" in groups) != (group == "partner"):  # a partner account is tied to its partner's data
        raise ValidationFailed(
            "partner and staff accounts do not change into each other: create a new account",
            {"group": "partner and staff accounts stay what they are"},
        )
    if mine and "admin" in groups and group != "admin":
        raise ValidationFailed("you cannot take away your own admin rights", {"group": "your own admin rights"})
    idp.admin_add_user_to_group(UserPoolId=_pool(), Username=username, GroupName=group)
    for g in groups:
        if g != group:
            idp.admin_remove_user_from_group(UserPoolId=_pool(), Username=username, GroupName=g)


def change_user(username: str, data: schemas.UserChange, actor: str) -> schemas.UserOut:
    """Another group and/or enabled or disabled; the user's sessions end so new tokens carry the change."""
    idp = client("cognito-idp")
    user = _load(idp, username)
    email = next((a["Value"] for a in user.get("UserAttributes", []) if a["Name"] == "email"), username)
    mine, groups, changed = email == actor, _groups(idp, username), []
    if data.group is not None and groups != [data.group]:
        _regroup(idp, username, groups, data.group, mine)
        changed.append("group")
    if data.enabled is not None and data.enabled != user.get("Enabled", True):
        if mine and not data.enabled:
            raise ValidationFailed("you cannot disable your own account", {"enabled": "your own account"})
        (idp.admin_enable_user if data.enabled else idp.admin_disable_user)(UserPoolId=_pool(), Username=username)
        changed.append("enabled")
    if changed:
        idp.admin_user_global_sign_out(UserPoolId=_pool(), Username=username)
        record_admin_change(actor, "changed", "user", email, changed)
    return _user(_load(idp, username), _groups(idp, username))
