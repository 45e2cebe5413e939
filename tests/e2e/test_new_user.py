"""The issue's "tried as a new user would", over HTTP against the stack `python -m infra.local` starts."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from crm.auth import GROUPS

pytestmark = pytest.mark.e2e


def _h(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json", **extra}


def test_every_role_logs_in_and_is_recognised(stack, login):
    for group in GROUPS:
        me = requests.get(f"{stack['api_url']}/me", headers=_h(login(group)), timeout=10)
        assert me.status_code == 200 and me.json()["groups"] == [group]


def test_seeded_demo_data_is_served(stack, login):
    r = requests.get(f"{stack['api_url']}/customers?limit=100", headers=_h(login("agent")), timeout=10)
    assert r.status_code == 200
    assert (
        len([c for c in r.json()["items"] if (c["external_id"] or "").startswith("DEMO-")])
        == stack["seeded"]["created"]
    )
    found = requests.get(
        f"{stack['api_url']}/customers/lookup",
        params={"email": stack["seeded"]["example_email"]},
        headers=_h(login("agent")),
        timeout=10,
    ).json()["items"]
    assert len(found) == 1


def test_create_find_by_phone_update_twice_and_read_360(stack, login):
    api, sales = stack["api_url"], login("sales")
    body = {
        "kind": "company",
        "name": "Kowalski Foods Sp. z o.o.",
        "phones": ["22 123 45 67"],
        "emails": ["Biuro@Kowalski-Foods.example"],
        "address": {"city": "Warszawa", "country": "PL"},
        "contacts": [{"first_name": "Jan", "last_name": "Kowalski", "phones": ["+48 512 345 678"]}],
    }
    created = requests.post(
        f"{api}/customers", headers=_h(sales, **{"Idempotency-Key": "e2e-1"}), json=body, timeout=10
    )
    assert created.status_code == 201, created.text
    cid = created.json()["customer_id"]
    retry = requests.post(f"{api}/customers", headers=_h(sales, **{"Idempotency-Key": "e2e-1"}), json=body, timeout=10)
    assert retry.status_code == 201 and retry.json()["customer_id"] == cid

    found = requests.get(f"{api}/customers/lookup", params={"phone": "+48 512 345 678"}, headers=_h(sales), timeout=10)
    assert [m["customer"]["customer_id"] for m in found.json()["items"]] == [cid]

    etag = created.headers["ETag"]
    first = requests.patch(
        f"{api}/customers/{cid}", headers=_h(sales, **{"If-Match": etag}), json={"industry": "food"}, timeout=10
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    second = requests.patch(
        f"{api}/customers/{cid}", headers=_h(sales, **{"If-Match": etag}), json={"industry": "x"}, timeout=10
    )
    assert second.status_code == 409 and second.json()["error"] == "version_conflict"

    view = requests.get(f"{api}/customers/{cid}/360", headers=_h(login("agent")), timeout=10).json()
    assert view["customer"]["industry"] == "food"
    assert [c["last_name"] for c in view["contacts"]] == ["Kowalski"]
    assert view["timeline"][0]["summary"].startswith("Updated")


def test_forged_token_is_401_and_wrong_group_is_403(stack, login):
    api = stack["api_url"]
    real = login("admin")
    header, payload, signature = real.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:groups"] = ["admin", "manager"]
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    forged = f"{header}.{forged_payload}.{signature}"
    assert requests.get(f"{api}/customers", headers=_h(forged), timeout=10).status_code == 401
    assert requests.get(f"{api}/customers", timeout=10).status_code == 401
    denied = requests.post(
        f"{api}/customers", headers=_h(login("agent")), json={"kind": "company", "name": "X"}, timeout=10
    )
    assert denied.status_code == 403 and denied.json()["error"] == "forbidden"


def test_cors_preflight_allows_the_console_origin(stack):
    """The local stack's API answers its own console's origin, as WebClientOrigin makes the deployed one."""
    r = requests.options(
        f"{stack['api_url']}/customers",
        headers={"Origin": stack["console_url"], "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == stack["console_url"]
    assert "If-Match" in r.headers["Access-Control-Allow-Headers"]


def test_openapi_document_is_served_and_matches_docs(stack):
    from pathlib import Path

    served = requests.get(f"{stack['api_url']}/openapi.json", timeout=10).json()
    on_disk = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
    assert served == on_disk


def test_a_new_stacks_outbox_holds_a_confirmation_and_campaign_emails_with_their_links(stack):
    """What `python3 -m infra.mail list | links` shows a newcomer right after the start."""
    import subprocess
    import sys
    import time
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    outbox = Path(stack["state_file"]).parent / "outbox"
    deadline = time.monotonic() + 30  # the campaign's messages go through the queue and its send worker
    while not list(outbox.glob("*Price-breaks*.eml")) and time.monotonic() < deadline:
        time.sleep(0.5)

    def read(path: Path):
        return BytesParser(policy=policy.default).parsebytes(path.read_bytes())

    subscriber = stack["seeded"]["mail"]["confirmation_to"]
    confirmation = [p for p in sorted(outbox.glob("*Please-confirm*.eml")) if read(p)["To"] == subscriber]
    campaign = sorted(outbox.glob("*Price-breaks-for-resellers*.eml"))
    assert len(confirmation) == 1 and len(campaign) == stack["seeded"]["mail"]["campaign_emails"] >= 1
    msg = read(campaign[0])
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = subprocess.run(
        [sys.executable, "-m", "infra.mail", "links", str(confirmation[0]), "--state-file", stack["state_file"]],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"{stack['api_url']}/newsletters/confirm?token=" in links
    confirmed = requests.get(links.split()[0], timeout=10)
    assert confirmed.status_code == 200


def test_the_terminal_shows_a_line_per_request_and_the_json_logs_are_in_files(stack, login):
    """A person reads method, path, status, ms and user; the functions' JSON logs go to the logs folder."""
    import re
    import time
    from pathlib import Path

    token = login("sales")
    requests.get(f"{stack['api_url']}/customers?limit=1", headers=_h(token), timeout=10)
    data = Path(stack["state_file"]).parent
    logs = sorted((data / "logs").glob("api-*.log"))
    assert logs and any("crm-api" in p.read_text() for p in logs)
    first = json.loads(next(line for p in logs for line in p.read_text().splitlines() if line.startswith("{")))
    assert first["level"] in {"INFO", "WARNING", "ERROR"} and "function_name" in first
    line = re.compile(r"\d\d:\d\d:\d\d GET +/customers\?limit=1 +200 +[\d.]+ ms  sales@crm\.local  \[api-\d\]")
    deadline = time.monotonic() + 5
    while not line.search((data / "terminal.log").read_text()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert line.search((data / "terminal.log").read_text())
