"""Every cell of docs/authorization.md, called against the app: every route x every group, the resource-dependent
cells (partner isolation, other users' tasks), and every non-public route with no, forged, unsigned or expired
token. The doc is generated from the same route table and rules (infra/authz_matrix.py), so it cannot drift."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from crm.auth import GROUPS
from infra import authz_matrix
from tests.bad_tokens import forged, pool_signed, unsigned
from tests.support import company

PLACEHOLDER = "ZZ0notthere1"


def _path(spec) -> str:
    return re.sub(r"{\w+}", PLACEHOLDER, spec.path)


def _call(api, spec, role, headers=None):
    body = {} if spec.body is not None and spec.content_type == "application/json" else None
    raw = "x" if spec.content_type == "text/csv" else None
    return api(spec.method, _path(spec), body, role=role, headers=headers, raw=raw, content_type=spec.content_type)


def test_the_document_is_generated_from_the_current_route_table():
    assert authz_matrix.TARGET.read_text() == authz_matrix.render(), "run python3 -m infra.authz_matrix"


def test_every_route_answers_every_group_as_the_matrix_says(api):
    wrong = []
    for spec in authz_matrix.specs():
        for group in GROUPS:
            r = _call(api, spec, None if spec.permission is None else group)
            want = authz_matrix.expected(spec, group)
            if want == 403:
                ok = r.status_code == 403 and r.json["error"] == "forbidden"
            else:  # allowed: the route's own answer for placeholder input, never an auth refusal or a crash
                ok = r.status_code not in (401, 403) and r.status_code < 500
            if not ok:
                wrong.append(f"{spec.method} {spec.path} as {group}: {r.status_code} {r.json}")
    assert wrong == []


def test_every_protected_route_refuses_missing_forged_unsigned_and_expired_tokens(api):
    bad = {
        "none": None,
        "forged": f"Bearer {forged()}",
        "unsigned": f"Bearer {unsigned()}",
        "expired": f"Bearer {pool_signed(exp=int(time.time()) - 5)}",
        "wrong audience": f"Bearer {pool_signed(aud='another-client')}",
    }
    wrong = []
    for spec in authz_matrix.specs():
        if spec.permission is None:
            continue
        for name, header in bad.items():
            r = _call(api, spec, None, headers={"Authorization": header} if header else None)
            if r.status_code != 401 or r.json["error"] != "not_authenticated":
                wrong.append(f"{spec.method} {spec.path} with {name} token: {r.status_code}")
    assert wrong == []


def test_resource_dependent_cells(api):
    for pid in ("P-DEMO-1", "P-DEMO-2"):
        api(
            "POST",
            "/partners",
            {"partner_id": pid, "name": f"Partner {pid}", "kind": "reseller", "territory": ["DE"]},
            role="manager",
        )
    api("POST", "/products", {"sku": "X", "name": "x", "category": "c", "tax_rate": "0"}, role="manager")
    soon = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0).isoformat()
    created: dict[str, dict[str, str]] = {}
    for owner in {c.owner for c in authz_matrix.OWNERSHIP}:
        ids: dict[str, str] = {}
        if owner.startswith("partner"):
            r = api(
                "POST",
                "/partner/registrations",
                {
                    "company": f"Matrix {owner} AG",
                    "expected_value": "1000",
                    "currency": "EUR",
                    "products": ["X"],
                    "close_date": soon[:10],
                },
                role=owner,
            )
            assert r.status_code == 201, r.json
            ids["reg"] = r.json["registration_id"]
        else:
            ids["task"] = api("POST", "/tasks", {"subject": "Call back", "due_at": soon}, role=owner).json["task_id"]
            ids["customer"] = api("POST", "/customers", company(f"Matrix {owner} GmbH"), role=owner).json["customer_id"]
        created[owner] = ids
    wrong = []
    for case in authz_matrix.OWNERSHIP:
        path = case.path.format(**created[case.owner]) if "{" in case.path else case.path
        body = {"subject": "Renamed"} if case.method == "PATCH" else None
        r = api(case.method, path, body, role=case.role)
        if r.status_code != case.status:
            wrong.append(f"{case.what}: {r.status_code} {r.json}")
        if case.what == "partner lists registrations: only its own":
            assert created["partner2"]["reg"] not in str(r.json)
    assert wrong == []
