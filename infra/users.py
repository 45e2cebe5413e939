"""Demo users, one per Cognito group, and logging in to get an ID token."""

from __future__ import annotations

import contextlib
from typing import Any

import boto3

from crm.auth import STAFF_GROUPS

DEMO_PASSWORD = "Demo-Passw0rd-2026"  # local demo only; moto's user pool never leaves this machine
DEMO_PARTNER_ID = "P-DEMO-1"
# A second partner's user, so isolation can be tried: `python3 -m infra.token partner2`.
EXTRA_USERS = {"partner2": ("partner2@crm.local", "partner", "P-DEMO-2")}


def demo_email(group: str) -> str:
    return f"{group}@crm.local"


def create_demo_users(user_pool_id: str, region: str) -> dict[str, str]:
    """Create (or keep) one user per group; returns group -> email."""
    idp = boto3.client("cognito-idp", region_name=region)
    users = {}
    # customers sign in to the portal, each linked to their customer: link_portal_user
    wanted = [(g, demo_email(g), g, DEMO_PARTNER_ID if g == "partner" else None) for g in STAFF_GROUPS]
    wanted += [(key, email, group, pid) for key, (email, group, pid) in EXTRA_USERS.items()]
    for key, email, group, partner_id in wanted:
        attrs = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
        if partner_id:
            attrs.append({"Name": "custom:partner_id", "Value": partner_id})
        with contextlib.suppress(idp.exceptions.UsernameExistsException):
            idp.admin_create_user(
                UserPoolId=user_pool_id, Username=email, UserAttributes=attrs, MessageAction="SUPPRESS"
            )
        idp.admin_set_user_password(UserPoolId=user_pool_id, Username=email, Password=DEMO_PASSWORD, Permanent=True)
        idp.admin_add_user_to_group(UserPoolId=user_pool_id, Username=email, GroupName=group)
        users[key] = email
    return users


def link_portal_user(user_pool_id: str, region: str, email: str, customer_id: str) -> str:
    """A customer portal user signing in with `email`, linked to one CRM customer (custom:customer_id)."""
    idp = boto3.client("cognito-idp", region_name=region)
    attrs = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    if customer_id:  # "": an account not (yet) linked to a customer
        attrs.append({"Name": "custom:customer_id", "Value": customer_id})
    try:
        idp.admin_create_user(UserPoolId=user_pool_id, Username=email, UserAttributes=attrs, MessageAction="SUPPRESS")
    except idp.exceptions.UsernameExistsException:  # linked again: to this customer now
        link = [a for a in attrs if a["Name"] == "custom:customer_id"]
        if link:
            idp.admin_update_user_attributes(UserPoolId=user_pool_id, Username=email, UserAttributes=link)
    idp.admin_set_user_password(UserPoolId=user_pool_id, Username=email, Password=DEMO_PASSWORD, Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=user_pool_id, Username=email, GroupName="customer")
    return email


def id_token(client_id: str, email: str, password: str = DEMO_PASSWORD, region: str | None = None) -> str:
    idp: Any = boto3.client("cognito-idp", region_name=region)
    result = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return result["AuthenticationResult"]["IdToken"]
