"""Who is calling and what each Cognito group may do: the one place for permission rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from crm.errors import Forbidden, NotAuthenticated

GROUPS = ("admin", "manager", "sales", "agent", "purchasing", "partner", "customer")
PORTAL_GROUPS = frozenset({"customer"})  # what a token of the customer portal's app client may carry
STAFF_GROUPS = tuple(g for g in GROUPS if g not in PORTAL_GROUPS)  # the staff console's (and partners')


@dataclass(frozen=True)
class Principal:
    sub: str
    email: str
    groups: frozenset[str] = field(default_factory=frozenset)
    partner_id: str | None = None
    customer_id: str | None = None

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
    CATALOG_READ = "catalog:read"
    CATALOG_WRITE = "catalog:write"
    PRICING_WRITE = "pricing:write"
    ORDER_READ = "order:read"
    ORDER_WRITE = "order:write"
    PAYMENT_WRITE = "payment:write"
    CASE_READ = "case:read"
    CASE_WRITE = "case:write"
    SLA_ADMIN = "sla:admin"
    LEAD_READ = "lead:read"
    LEAD_WRITE = "lead:write"
    PIPELINE_READ = "pipeline:read"
    PIPELINE_WRITE = "pipeline:write"
    FORECAST_READ = "forecast:read"
    TASK = "task"
    TEAM_ACTIVITY_READ = "activity:team"
    DASHBOARD_READ = "dashboard:read"
    USER_ADMIN = "user:admin"
    SUPPLIER_READ = "supplier:read"
    SUPPLIER_WRITE = "supplier:write"
    SRM_SETTINGS = "srm:settings"
    PARTNER_PORTAL = "partner:portal"
    PARTNER_READ = "partner:read"
    PARTNER_ADMIN = "partner:admin"
    REGISTRATION_CONVERT = "registration:convert"
    SCREEN_POP = "agent:screen-pop"
    ROUTING_ADMIN = "routing:admin"
    MESSAGE_SEND = "message:send"
    MESSAGING_ADMIN = "messaging:admin"
    MESSAGING_READ = "messaging:read"
    AUDIT_READ = "audit:read"
    PRIVACY = "privacy:export-erase"
    CUSTOMER_PORTAL = "customer:portal"
    KB_READ = "kb:read"
    KB_WRITE = "kb:write"
    KB_PUBLISH = "kb:publish"
    FIELDS_READ = "fields:read"
    FIELDS_ADMIN = "fields:admin"
    SHOPS_ADMIN = "shops:admin"
    WEBHOOKS_ADMIN = "webhooks:admin"
    WORKFLOWS_ADMIN = "workflows:admin"
    WORKFLOWS_READ = "workflows:read"
    WORKFLOW_RUN = "workflows:run"


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
    Permission.CATALOG_READ: frozenset({"admin", "manager", "sales", "agent"}),
    Permission.CATALOG_WRITE: frozenset({"admin", "manager"}),
    Permission.PRICING_WRITE: frozenset({"admin", "manager"}),
    Permission.ORDER_READ: frozenset({"admin", "manager", "sales", "agent"}),
    Permission.ORDER_WRITE: frozenset({"admin", "manager", "sales"}),
    Permission.PAYMENT_WRITE: frozenset({"admin", "manager", "sales"}),
    Permission.CASE_READ: frozenset({"admin", "manager", "sales", "agent"}),
    Permission.CASE_WRITE: frozenset({"admin", "manager", "sales", "agent"}),
    Permission.SLA_ADMIN: frozenset({"admin", "manager"}),
    Permission.LEAD_READ: frozenset({"admin", "manager", "sales"}),
    Permission.LEAD_WRITE: frozenset({"admin", "manager", "sales"}),
    Permission.PIPELINE_READ: frozenset({"admin", "manager", "sales"}),
    Permission.PIPELINE_WRITE: frozenset({"admin", "manager", "sales"}),
    Permission.FORECAST_READ: frozenset({"admin", "manager", "sales"}),
    # Own tasks and calendar: every internal user. Partners work through the partner routes only.
    Permission.TASK: frozenset({"admin", "manager", "sales", "agent", "purchasing"}),
    Permission.TEAM_ACTIVITY_READ: frozenset({"admin", "manager"}),
    Permission.DASHBOARD_READ: frozenset({"admin", "manager"}),
    Permission.USER_ADMIN: frozenset({"admin"}),
    # custom fields: every staff form shows them; admins define them
    Permission.FIELDS_READ: frozenset({"admin", "manager", "sales", "agent", "purchasing"}),
    Permission.FIELDS_ADMIN: frozenset({"admin"}),
    Permission.SHOPS_ADMIN: frozenset({"admin"}),  # a shop's signing secret and its failed deliveries
    Permission.WEBHOOKS_ADMIN: frozenset({"admin"}),  # where the CRM's events go, and their signing secrets
    # workflows: admins define them; managers follow their runs; staff start the manual ones on a record
    Permission.WORKFLOWS_ADMIN: frozenset({"admin"}),
    Permission.WORKFLOWS_READ: frozenset({"admin", "manager"}),
    Permission.WORKFLOW_RUN: frozenset({"admin", "manager", "sales", "agent"}),
    # SRM: purchasing works suppliers, RFQs, POs and deliveries; managers read everything.
    Permission.SUPPLIER_READ: frozenset({"admin", "manager", "purchasing"}),
    Permission.SUPPLIER_WRITE: frozenset({"admin", "purchasing"}),
    Permission.SRM_SETTINGS: frozenset({"admin", "purchasing"}),
    # PRM: partner users reach only the /partner routes, which act on the partner id in their token; an admin
    # passes the group check there but, without a partner id, gets a 403 from the service.
    Permission.PARTNER_PORTAL: frozenset({"admin", "partner"}),
    Permission.PARTNER_READ: frozenset({"admin", "manager", "sales"}),
    Permission.PARTNER_ADMIN: frozenset({"admin", "manager"}),
    Permission.REGISTRATION_CONVERT: frozenset({"admin", "manager", "sales"}),
    Permission.SCREEN_POP: frozenset({"admin", "manager", "agent"}),
    Permission.ROUTING_ADMIN: frozenset({"admin", "manager"}),
    Permission.MESSAGE_SEND: frozenset({"admin", "manager", "sales", "agent"}),
    Permission.MESSAGING_ADMIN: frozenset({"admin", "manager"}),
    Permission.MESSAGING_READ: frozenset({"admin", "manager", "sales"}),
    # Who changed what, and GDPR export/erasure of a person's data: administrators only.
    Permission.AUDIT_READ: frozenset({"admin"}),
    Permission.PRIVACY: frozenset({"admin"}),
    # The customer portal: a customer's own orders, cases, subscriptions and data (the customer id in the token).
    # An admin passes the group check, like the partner portal's, and is refused for having no customer id.
    Permission.CUSTOMER_PORTAL: frozenset({"admin", "customer"}),
    # Knowledge base: staff read and write drafts; managers and admins review and publish, and keep categories.
    Permission.KB_READ: frozenset({"admin", "manager", "sales", "agent"}),
    Permission.KB_WRITE: frozenset({"admin", "manager", "agent"}),
    Permission.KB_PUBLISH: frozenset({"admin", "manager"}),
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
    if permission == Permission.PARTNER_PORTAL and not principal.partner_id:  # before any input is looked at
        raise Forbidden("your account is not linked to a partner", {"partner_id": "missing on the account"})
    if permission == Permission.CUSTOMER_PORTAL and not principal.customer_id:
        raise Forbidden("your account is not linked to a customer", {"customer_id": "missing on the account"})


def principal_from_claims(
    claims: Mapping[str, str] | None, audience: str, portal_audience: str | None = None
) -> Principal:
    """The caller, from the claims API Gateway's Cognito authorizer verified (signature, expiry, issuer) and passed
    on as strings. What the authorizer does not check is checked here: the token was issued to this API's app
    client (or the customer portal's, whose tokens carry the customer group and nothing else, while the staff
    client's never carry it), and it is an ID token (only those carry the email and the groups)."""
    if not claims or not claims.get("sub"):
        raise NotAuthenticated("sign in: the request carries no verified token")
    portal = bool(portal_audience) and claims.get("aud") == portal_audience
    if claims.get("aud") != audience and not portal:
        raise NotAuthenticated("the token was issued for another audience")
    if claims.get("token_use") != "id":
        raise NotAuthenticated("an ID token is required")
    groups = _groups(claims.get("cognito:groups") or "")
    return Principal(
        sub=claims["sub"],
        email=claims.get("email") or claims.get("cognito:username") or "",
        groups=groups & PORTAL_GROUPS if portal else groups - PORTAL_GROUPS,
        partner_id=None if portal else claims.get("custom:partner_id") or None,
        customer_id=claims.get("custom:customer_id") or None if portal else None,
    )


def _groups(value: str) -> frozenset[str]:
    """A REST API's authorizer joins a list claim with commas; an HTTP API's writes it as '[a b]'."""
    return frozenset(g for g in value.strip("[]").replace(",", " ").split() if g)
