"""User administration as an admin does it through the API: create users in a group (a partner user tied to an
existing partner), the one-time password works once and must be replaced, and nobody but admins may do it."""

from __future__ import annotations

import boto3


def _idp():
    return boto3.client("cognito-idp")


def test_an_admin_creates_a_user_who_signs_in_with_the_one_time_password_and_sets_their_own(api, aws):
    made = api("POST", "/admin/users", {"email": "New.Rep@crm.example", "group": "sales"}, role="admin")
    assert made.status_code == 201, made.json
    user, password = made.json["user"], made.json["temporary_password"]
    assert user["email"] == "new.rep@crm.example" and user["groups"] == ["sales"] and user["partner_id"] is None
    assert len(password) == 16 and any(c.isupper() for c in password) and any(c.isdigit() for c in password)

    pool_client = aws["stack"].physical("UserPoolClient")
    first = _idp().initiate_auth(
        ClientId=pool_client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "new.rep@crm.example", "PASSWORD": password},
    )
    assert first["ChallengeName"] == "NEW_PASSWORD_REQUIRED"  # the one-time password only opens the change
    done = _idp().respond_to_auth_challenge(
        ClientId=pool_client,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "new.rep@crm.example", "NEW_PASSWORD": "Chosen-by-me-2026"},
    )
    assert done["AuthenticationResult"]["IdToken"]

    listed = api("GET", "/admin/users?limit=60", role="admin").json["items"]
    mine = next(u for u in listed if u["email"] == "new.rep@crm.example")
    assert mine["groups"] == ["sales"] and mine["status"] == "CONFIRMED"
    assert {"admin", "sales", "partner"} <= {g for u in listed for g in u["groups"]}

    again = api("POST", "/admin/users", {"email": "new.rep@crm.example", "group": "agent"}, role="admin")
    assert again.status_code == 409 and again.json["fields"] == {"email": "taken"}


def test_partner_users_need_an_existing_partner_and_only_admins_administer_users(api):
    partner = api("POST", "/partners", {"name": "Alpen Desk GmbH", "kind": "reseller"}, role="manager").json[
        "partner_id"
    ]
    body = {"email": "desk@alpen.example", "group": "partner", "partner_id": partner}
    ok = api("POST", "/admin/users", body, role="admin")
    assert ok.status_code == 201, ok.json
    assert ok.json["user"]["partner_id"] == partner
    body = {"email": "x@y.example", "group": "partner", "partner_id": "P-NOPE"}
    unknown = api("POST", "/admin/users", body, role="admin")
    assert unknown.status_code == 400 and unknown.json["fields"] == {"partner_id": "unknown"}
    missing = api("POST", "/admin/users", {"email": "x@y.example", "group": "partner"}, role="admin")
    assert missing.status_code == 400 and "partner_id" in missing.json["fields"]["body"]
    for role in ("manager", "sales", "partner"):
        assert api("GET", "/admin/users", role=role).status_code == 403
        assert api("POST", "/admin/users", {"email": "a@b.example", "group": "sales"}, role=role).status_code == 403
