"""Who is calling and what each Cognito group may do: the one place for permission rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from crm.errors import Forbidden

GROUPS = ("admin", "manager", "sales", "agent", "purchasing", "partner")


@dataclass(frozen=True)
class Principal:
    sub: str
    email: str
    groups: frozenset[str] = field(default_factory=frozenset)
    partner_id: str | None = None

    @property
    def is_partner(self) -> bool:
        return "partner" in self.groups


class Permission(StrEnum):
    AUTHENTICATED = "authenticated"
    CUSTOMER_READ = "customer:read"
    CUSTOMER_WRITE = "customer:write"
    CUSTOMER_DELETE = "customer:delete"
    CUSTOMER_MERGE = "customer:merge"
    CUSTOMER_IMPORT = "customer:import"
    TIMELINE_WRITE = "timeline:write"


# Group -> permission rules. A partner user is deliberately absent from every customer permission:
# partners see only their own partner's data through the partner routes.
RULES: dict[Permission, frozenset[str]] = {
    Permission.AUTHENTICATED: frozenset(GROUPS),
    Permission.CUSTOMER_READ: frozenset({"admin", "manager", "sales", "agent"}),
    Permission.CUSTOMER_WRITE: frozenset({"admin", "manager", "sales"}),
    Permission.CUSTOMER_DELETE: frozenset({"admin", "manager"}),
    Permission.CUSTOMER_MERGE: frozenset({"admin", "manager"}),
    Permission.CUSTOMER_IMPORT: frozenset({"admin", "manager"}),
    Permission.TIMELINE_WRITE: frozenset({"admin", "manager", "sales", "agent"}),
}


def allowed_groups(permission: Permission) -> frozenset[str]:
    return RULES[permission]


def is_allowed(principal: Principal, permission: Permission) -> bool:
    return bool(principal.groups & RULES[permission])


def require(principal: Principal, permission: Permission) -> None:
    if not is_allowed(principal, permission):
        raise Forbidden(
            f"this action needs one of the groups {sorted(RULES[permission])}",
            permission=str(permission),
        )
