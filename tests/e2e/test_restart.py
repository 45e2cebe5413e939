"""Data survives a restart of the local stack: Ctrl-C, start again, and everything created is still there —
a customer, an S3 object and a Cognito user made after the first start; the demo is seeded only into an empty
stack; `--fresh` starts over."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
import requests

from tests.e2e.conftest import start_local_stack, stop_local_stack

pytestmark = pytest.mark.e2e


def _aws(state: dict, service: str):
    return boto3.client(
        service,
        region_name=state["region"],
        endpoint_url=state["moto_url"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def _token(state: dict, email: str, password: str) -> str:
    answer = _aws(state, "cognito-idp").initiate_auth(
        ClientId=state["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return answer["AuthenticationResult"]["IdToken"]


def _get(state: dict, token: str, path: str) -> requests.Response:
    return requests.get(state["api_url"] + path, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_what_was_created_is_there_after_ctrl_c_and_a_new_start(tmp_path: Path):
    proc, first = start_local_stack(tmp_path, 0)
    try:
        sales = _token(first, first["users"]["sales"], first["password"])
        created = requests.post(
            first["api_url"] + "/customers",
            json={"kind": "company", "name": "Restart Proof GmbH", "address": {"country": "DE"}},
            headers={"Authorization": f"Bearer {sales}"},
            timeout=30,
        )
        assert created.status_code == 201, created.text
        cid = created.json()["customer_id"]
        bucket = first["environment"]["REPORTS_BUCKET"]
        _aws(first, "s3").put_object(Bucket=bucket, Key="notes/restart.txt", Body=b"still here")
        idp = _aws(first, "cognito-idp")
        idp.admin_create_user(
            UserPoolId=first["user_pool_id"],
            Username="newhire@crm.local",
            UserAttributes=[{"Name": "email", "Value": "newhire@crm.local"}],
            MessageAction="SUPPRESS",
        )
        idp.admin_set_user_password(
            UserPoolId=first["user_pool_id"], Username="newhire@crm.local", Password="New-Hire-2026!", Permanent=True
        )
        idp.admin_add_user_to_group(UserPoolId=first["user_pool_id"], Username="newhire@crm.local", GroupName="sales")
    finally:
        stop_local_stack(proc)
    assert "data saved in" in (tmp_path / "terminal.log").read_text()

    proc, second = start_local_stack(tmp_path, 3)  # --seed 3: not into a stack that has data
    try:
        assert second["restored"] is True and second["seeded"]["created"] == 0
        newhire = _token(second, "newhire@crm.local", "New-Hire-2026!")  # the user made after the first start
        assert _get(second, newhire, f"/customers/{cid}").json()["name"] == "Restart Proof GmbH"
        listed = _get(second, newhire, "/customers?name_prefix=Restart").json()["items"]
        assert [c["customer_id"] for c in listed] == [cid]
        assert [c["customer_id"] for c in _get(second, newhire, "/customers?limit=50").json()["items"]] == [cid]
        body = _aws(second, "s3").get_object(Bucket=bucket, Key="notes/restart.txt")["Body"].read()
        assert body == b"still here"
    finally:
        stop_local_stack(proc)

    proc, fresh = start_local_stack(tmp_path, 0, "--fresh")
    try:
        assert fresh["restored"] is False
        sales = _token(fresh, fresh["users"]["sales"], fresh["password"])
        assert _get(fresh, sales, f"/customers/{cid}").status_code == 404
    finally:
        stop_local_stack(proc)
