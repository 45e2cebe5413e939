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


def test_an_admin_moves_a_user_to_another_group_and_disables_them_and_their_sessions_end(api, aws):
    made = api("POST", "/admin/users", {"email": "mover@crm.example", "group": "sales"}, role="admin").json
    username, password = made["user"]["username"], made["temporary_password"]
    pool_client = aws["stack"].physical("UserPoolClient")
    first = _idp().initiate_auth(
        ClientId=pool_client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "mover@crm.example", "PASSWORD": password},
    )
    tokens = _idp().respond_to_auth_challenge(
        ClientId=pool_client,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "mover@crm.example", "NEW_PASSWORD": "Moving-on-2026"},
    )["AuthenticationResult"]

    moved = api("PATCH", f"/admin/users/{username}", {"group": "agent"}, role="admin")
    assert moved.status_code == 200, moved.json
    assert moved.json["groups"] == ["agent"] and moved.json["enabled"] is True
    ended = _idp().exceptions.NotAuthorizedException
    try:  # the old session's refresh token no longer gets tokens with the old group
        _idp().initiate_auth(
            ClientId=pool_client,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
        )
        raise AssertionError("the refresh token still works")
    except ended:
        pass

    off = api("PATCH", f"/admin/users/{username}", {"enabled": False}, role="admin")
    assert off.status_code == 200 and off.json["enabled"] is False
    try:
        _idp().initiate_auth(
            ClientId=pool_client,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "mover@crm.example", "PASSWORD": "Moving-on-2026"},
        )
        raise AssertionError("a disabled user signed in")
    except ended:
        pass
    trail = api("GET", "/admin/audit?limit=60", role="admin").json["items"]
    changes = [e["fields"] for e in trail if e["item_key"] == "mover@crm.example" and e["action"] == "changed"]
    assert changes[:2] == [["enabled"], ["group"]]

    admin = next(
        u for u in api("GET", "/admin/users?limit=60", role="admin").json["items"] if u["email"] == "admin@crm.local"
    )
    own = api("PATCH", f"/admin/users/{admin['username']}", {"enabled": False}, role="admin")
    assert own.status_code == 400 and own.json["fields"] == {"enabled": "your own account"}
    demoted = api("PATCH", f"/admin/users/{admin['username']}", {"group": "sales"}, role="admin")
    assert demoted.status_code == 400 and demoted.json["fields"] == {"group": "your own admin rights"}
    to_partner = api("PATCH", f"/admin/users/{username}", {"group": "partner"}, role="admin")
    assert to_partner.status_code == 400 and "group" in to_partner.json["fields"]
    assert api("PATCH", "/admin/users/nobody-here", {"enabled": True}, role="admin").status_code == 404
    assert api("PATCH", f"/admin/users/{username}", {"group": "root"}, role="admin").status_code == 400
    assert api("PATCH", f"/admin/users/{username}", {"enabled": True}, role="manager").status_code == 403
