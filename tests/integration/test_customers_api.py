"""Customers through the API as a web or mobile client uses it (Chalice app in-process, AWS = moto)."""

from __future__ import annotations

from infra.request_count import dynamodb_requests
from tests.support import company


def test_create_normalizes_and_get_returns_it_in_one_request(api):
    created = api("POST", "/customers", company(contacts=[{"last_name": "Weber", "emails": ["A.Weber@Acme.example"]}]))
    assert created.status_code == 201
    c = created.json
    assert c["emails"] == ["info@acme.example"]
    assert c["phones"] == ["+49301234567"]  # national number read in the customer's country
    assert c["version"] == 1 and created.headers["ETag"] == '"1"'
    assert c["created_by"] == "sales@crm.local"

    with dynamodb_requests() as counts:
        got = api("GET", f"/customers/{c['customer_id']}")
    assert got.status_code == 200
    assert got.json == c
    assert sum(counts.values()) == 1, counts


def test_duplicate_by_email_phone_or_tax_id_is_a_409_naming_the_existing_customer(api):
    first = api("POST", "/customers", company(tax_id="DE 123.456.789")).json
    for dup in (
        company("Other", emails=["INFO@acme.example"], phones=[], tax_id=None),
        company("Other", emails=[], phones=["+49 30 1234567"]),
        company("Other", emails=[], phones=[], tax_id="de123456789"),
    ):
        r = api("POST", "/customers", dup)
        assert r.status_code == 409, r.json
        assert r.json["error"] == "duplicate_customer"
        assert r.json["duplicates"][0]["customer_id"] == first["customer_id"]
        assert first["customer_id"] in next(iter(r.json["fields"].values()))
    forced = api("POST", "/customers?force=true", company("Acme twin"))
    assert forced.status_code == 201


def test_contact_identifiers_count_for_duplicates(api):
    api("POST", "/customers", company(contacts=[{"last_name": "Weber", "phones": ["+33 6 12 34 56 78"]}]))
    r = api("POST", "/customers", {"kind": "person", "last_name": "Weber", "phones": ["+33612345678"]})
    assert r.status_code == 409
    assert r.json["fields"] == {"phones": r.json["fields"]["phones"]}


def test_update_with_if_match_and_a_stale_write_gets_409(api):
    c = api("POST", "/customers", company()).json
    path = f"/customers/{c['customer_id']}"
    missing = api("PATCH", path, {"industry": "machinery"})
    assert missing.status_code == 428 and "If-Match" in missing.json["fields"]

    first = api("PATCH", path, {"industry": "machinery", "needs": "spare parts in 24h"}, headers={"If-Match": '"1"'})
    assert first.status_code == 200
    assert first.json["version"] == 2 and first.json["industry"] == "machinery"
    stale = api("PATCH", path, {"industry": "food"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale.json["error"] == "version_conflict" and stale.json["current_version"] == 2
    assert api("GET", path).json["industry"] == "machinery"


def test_update_moves_identifiers_so_lookup_follows(api):
    c = api("POST", "/customers", company()).json
    path = f"/customers/{c['customer_id']}"
    r = api("PATCH", path, {"emails": ["sales@acme.example"], "tags": ["key-account"]}, headers={"If-Match": "1"})
    assert r.status_code == 200
    assert api("GET", "/customers/lookup?email=info@acme.example").json["items"] == []
    found = api("GET", "/customers/lookup?email=SALES@acme.example").json["items"]
    assert [m["customer"]["customer_id"] for m in found] == [c["customer_id"]]
    assert api("GET", "/customers?tag=vip").json["items"] == []
    assert [x["customer_id"] for x in api("GET", "/customers?tag=key-account").json["items"]] == [c["customer_id"]]


def test_lookup_by_phone_in_any_format_and_by_contact_email(api):
    c = api("POST", "/customers", company(contacts=[{"last_name": "Weber", "emails": ["weber@acme.example"]}])).json
    for q in ("phone=%2B49301234567", "phone=%2B49%2030%20123%204567", "phone=0301234567"):
        items = api("GET", f"/customers/lookup?{q}").json["items"]
        assert [m["customer"]["customer_id"] for m in items] == [c["customer_id"]], q
    by_contact = api("GET", "/customers/lookup?email=weber@acme.example").json["items"]
    assert by_contact[0]["contact_id"] is not None
    bad = api("GET", "/customers/lookup?phone=12")
    assert bad.status_code == 400 and "phone" in bad.json["fields"]
    two = api("GET", "/customers/lookup?phone=0301234567&email=a@b.example")
    assert two.status_code == 400


def test_360_is_one_query_with_profile_contacts_and_newest_timeline_first(api):
    c = api(
        "POST", "/customers", company(contacts=[{"last_name": "Weber"}, {"last_name": "Abel", "is_primary": True}])
    ).json
    path = f"/customers/{c['customer_id']}"
    for i, day in enumerate(["2026-01-05", "2026-03-01", "2026-02-10"]):
        r = api("POST", f"{path}/timeline", {"summary": f"call {i}", "kind": "call", "occurred_at": f"{day}T10:00:00Z"})
        assert r.status_code == 201
    with dynamodb_requests() as counts:
        view = api("GET", f"{path}/360?limit=3")
    assert view.status_code == 200
    assert sum(counts.values()) == 1, counts
    body = view.json
    assert body["customer"]["name"] == "Acme Maschinenbau GmbH"
    assert [x["last_name"] for x in body["contacts"]] == ["Abel", "Weber"]  # primary first
    times = [t["occurred_at"] for t in body["timeline"]]
    assert times == sorted(times, reverse=True) and len(times) == 3
    assert body["timeline"][0]["kind"] == "system"  # "created" is the newest entry
    assert body["timeline_next"] is not None
    rest = api("GET", f"{path}/timeline?limit=10&cursor={body['timeline_next']}").json
    assert [t["summary"] for t in rest["items"]] == ["call 0"]
    assert rest["next"] is None


def test_list_pages_with_an_opaque_cursor_and_filters(api):
    ids = set()
    for i in range(7):
        r = api(
            "POST",
            "/customers",
            company(
                f"Firm {i:02d}",
                emails=[],
                phones=[],
                owner="li@crm.local" if i % 2 else "sales@crm.local",
                tags=["eco"] if i < 3 else [],
            ),
        )
        ids.add(r.json["customer_id"])
    seen, cursor, pages = [], None, 0
    while True:
        q = "/customers?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = api("GET", q).json
        seen += [c["customer_id"] for c in page["items"]]
        pages += 1
        cursor = page["next"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == 7 and pages >= 3
    names = [c["name"] for c in api("GET", "/customers?limit=100").json["items"]]
    assert names == sorted(names)
    assert len(api("GET", "/customers?owner=li@crm.local").json["items"]) == 3
    assert len(api("GET", "/customers?tag=eco").json["items"]) == 3
    assert [c["name"] for c in api("GET", "/customers?name_prefix=firm%2000").json["items"]] == ["Firm 00"]
    other = api("GET", "/customers?limit=1&owner=li@crm.local").json["next"]
    wrong = api("GET", f"/customers?cursor={other}")
    assert wrong.status_code == 400 and "cursor" in wrong.json["fields"]
    assert api("GET", "/customers?cursor=not-a-cursor!").status_code == 400


def test_soft_delete_hides_the_customer_and_frees_its_identifiers(api):
    c = api("POST", "/customers", company()).json
    path = f"/customers/{c['customer_id']}"
    assert api("DELETE", path, role="sales", headers={"If-Match": "1"}).status_code == 403
    assert api("DELETE", path, role="manager", headers={"If-Match": "1"}).status_code == 204
    assert api("GET", path).status_code == 410
    assert api("GET", "/customers").json["items"] == []
    assert api("GET", "/customers/lookup?email=info@acme.example").json["items"] == []
    assert api("POST", "/customers", company()).status_code == 201


def test_merge_moves_contacts_timeline_and_identifiers_and_leaves_a_tombstone(api):
    target = api("POST", "/customers", company("Acme GmbH", emails=["info@acme.example"], phones=[])).json
    source = api(
        "POST",
        "/customers?force=true",
        company(
            "ACME Gmbh (dup)",
            emails=["orders@acme.example"],
            phones=["+49 30 7654321"],
            tags=["eco"],
            industry="machinery",
            contacts=[{"last_name": "Weber", "emails": ["weber@acme.example"]}],
        ),
    ).json
    api("POST", f"/customers/{source['customer_id']}/timeline", {"summary": "asked for a quote"})
    r = api("POST", f"/customers/{target['customer_id']}/merge", {"source_id": source["customer_id"]}, role="sales")
    assert r.status_code == 403
    r = api(
        "POST",
        f"/customers/{target['customer_id']}/merge",
        {"source_id": source["customer_id"], "version": 1},
        role="manager",
    )
    assert r.status_code == 200, r.json
    merged = r.json
    assert merged["industry"] == "machinery" and set(merged["tags"]) == {"vip", "eco"}
    assert set(merged["emails"]) == {"info@acme.example", "orders@acme.example"}
    view = api("GET", f"/customers/{target['customer_id']}/360?limit=50").json
    assert [c["last_name"] for c in view["contacts"]] == ["Weber"]
    summaries = [t["summary"] for t in view["timeline"]]
    assert "asked for a quote" in summaries and any(s.startswith("Merged customer") for s in summaries)
    gone = api("GET", f"/customers/{source['customer_id']}")
    assert gone.status_code == 410 and gone.json["merged_into"] == target["customer_id"]
    for q in ("email=weber@acme.example", "email=orders@acme.example", "phone=%2B49307654321"):
        assert [m["customer"]["customer_id"] for m in api("GET", f"/customers/lookup?{q}").json["items"]] == [
            target["customer_id"]
        ]


def test_contacts_can_be_added_changed_and_removed_with_versions(api):
    c = api("POST", "/customers", company()).json
    base = f"/customers/{c['customer_id']}/contacts"
    added = api("POST", base, {"first_name": "Eva", "last_name": "Klein", "phones": ["0170 1234567"]})
    assert added.status_code == 201 and added.json["phones"] == ["+491701234567"]
    cid = added.json["contact_id"]
    changed = api(
        "PATCH", f"{base}/{cid}", {"title": "Head of purchasing", "first_name": None}, headers={"If-Match": "1"}
    )
    assert changed.status_code == 200 and changed.json["version"] == 2
    assert changed.json["first_name"] is None and changed.json["phones"] == ["+491701234567"]
    assert api("PATCH", f"{base}/{cid}", {"title": "x"}, headers={"If-Match": "1"}).status_code == 409
    assert api("GET", "/customers/lookup?phone=%2B491701234567").json["items"][0]["contact_id"] == cid
    assert api("DELETE", f"{base}/{cid}", headers={"If-Match": "2"}).status_code == 204
    assert api("GET", "/customers/lookup?phone=%2B491701234567").json["items"] == []
    assert api("PATCH", f"{base}/{cid}", {"title": "x"}, headers={"If-Match": "2"}).status_code == 404


def test_idempotency_key_returns_the_first_response_and_creates_once(api):
    h = {"Idempotency-Key": "create-acme-1"}
    first = api("POST", "/customers", company(), headers=h)
    again = api("POST", "/customers", company(), headers=h)
    assert first.status_code == again.status_code == 201
    assert again.json["customer_id"] == first.json["customer_id"]
    assert len(api("GET", "/customers").json["items"]) == 1
    other = api("POST", "/customers", company("Different"), headers=h)
    assert other.status_code == 422 and other.json["error"] == "idempotency_key_reused"
    # another user with the same key is a different request
    mine = api("POST", "/customers?force=true", company(), headers=h, role="manager")
    assert mine.status_code == 201 and mine.json["customer_id"] != first.json["customer_id"]


def test_bad_input_is_a_400_naming_the_field_never_a_500(api):
    cases = [
        ({"kind": "company"}, "name"),
        ({"kind": "robot", "name": "x"}, "kind"),
        ({"kind": "company", "name": "x", "phones": ["12"]}, "phones"),
        ({"kind": "company", "name": "x", "emails": ["nope"]}, "emails.0"),
        ({"kind": "company", "name": "x", "address": {"country": "Germany"}}, "address.country"),
        ({"kind": "company", "name": "x", "address": {"latitude": 123}}, "address.latitude"),
        ({"kind": "company", "name": "x", "colour": "red"}, "colour"),
        ({"kind": "person"}, "last_name"),
        ({"kind": "company", "name": "x", "language": "German"}, "language"),
        ({"kind": "company", "name": "x", "tax_id": "??"}, "tax_id"),
    ]
    for body, field in cases:
        r = api("POST", "/customers", body)
        assert r.status_code == 400, (body, r.json)
        assert r.json["error"] == "validation_error"
        assert any(k == field or k.startswith(field + ".") for k in r.json["fields"]), (field, r.json["fields"])
    assert api("POST", "/customers", raw="{not json").status_code == 400
    assert api("POST", "/customers", raw="[1,2]").status_code == 400
    r = api("POST", "/customers", raw='{"kind":"company","name":"x"}', content_type="text/plain")
    assert r.status_code == 400 and "Content-Type" in r.json["fields"]
    assert api("GET", "/customers?limit=1000").json["fields"].keys() == {"limit"}
    assert api("GET", "/customers/nope").status_code == 404
    assert api("PATCH", "/customers/nope", {"needs": "x"}, headers={"If-Match": "abc"}).status_code == 400


def test_merge_of_a_long_history_moves_everything_across_several_transactions(api):
    from crm.customers import schemas, service

    target = api("POST", "/customers", company("Target AG", emails=[], phones=[])).json
    source = api("POST", "/customers", company("Source AG", emails=["s@source.example"], phones=[])).json
    for i in range(120):  # 120 entries = 240 moves: more than two transactions' worth
        service.add_note(source["customer_id"], schemas.NoteIn(summary=f"n{i}"), "test")
    r = api(
        "POST",
        f"/customers/{target['customer_id']}/merge",
        {"source_id": source["customer_id"]},
        role="admin",
        headers={"If-Match": "1"},
    )
    assert r.status_code == 200, r.json
    moved, cursor = [], None
    while True:
        page = api(
            "GET", f"/customers/{target['customer_id']}/timeline?limit=100" + (f"&cursor={cursor}" if cursor else "")
        ).json
        moved += [t["summary"] for t in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert {f"n{i}" for i in range(120)} <= set(moved)
    # the tombstone keeps only the audit entry that says where everything went
    left = api("GET", f"/customers/{source['customer_id']}/timeline?limit=100").json["items"]
    assert [(t["kind"], t["ref"]) for t in left] == [("merge", {"target_id": target["customer_id"]})]


def test_odd_input_never_gets_a_server_error(api):
    c = api("POST", "/customers", company()).json
    cid = c["customer_id"]
    requests = [
        ("GET", "/customers?limit=abc", None, None),
        ("GET", "/customers?force=maybe&limit=-1", None, None),
        ("GET", "/customers?owner=" + "x" * 3000, None, None),
        ("GET", "/customers/" + "a" * 3000, None, None),
        ("GET", "/customers/%23PROFILE", None, None),
        ("GET", f"/customers/{cid}/360?limit=0", None, None),
        ("GET", f"/customers/{cid}/timeline?cursor=" + "A" * 1500, None, None),
        ("POST", "/customers", None, "[" * 50000),
        ("POST", "/customers", None, '{"kind": "company", "name": "\\ud800"}'),
        ("POST", "/customers", {"kind": "company", "name": "x" * 5000}, None),
        ("POST", "/customers", {"kind": "company", "name": "x", "tags": ["a"] * 100}, None),
        ("POST", "/customers", {"kind": "company", "name": "x", "address": "Berlin"}, None),
        ("POST", "/customers", {"kind": "company", "name": "x", "emails": "a@b.example"}, None),
        ("PATCH", f"/customers/{cid}", {"version": "one"}, None),
        ("PATCH", f"/customers/{cid}", {"address": None, "consent": None, "owner": None}, None),
        ("POST", f"/customers/{cid}/merge", {"source_id": cid}, None),
        ("POST", f"/customers/{cid}/merge", {"source_id": "../../etc"}, None),
        ("POST", f"/customers/{cid}/timeline", {"summary": "x", "occurred_at": "yesterday"}, None),
        ("POST", "/customers/import", None, "\x00\x01binary"),
    ]
    for method, path, body, raw in requests:
        headers = {"If-Match": str(api("GET", f"/customers/{cid}").json["version"])} if method == "PATCH" else {}
        r = api(
            method,
            path,
            body,
            raw=raw,
            role="admin",
            headers=headers,
            content_type="text/csv" if path.endswith("import") else "application/json",
        )
        assert r.status_code < 500, (method, path[:60], r.status_code, r.json)
        if r.status_code >= 400:
            assert set(r.json) >= {"error", "message", "fields"}, r.json


def test_360_sees_items_other_contexts_keep_whoever_imported_what(api):
    """A process that imports only the customers context still reads the order counters and the analytics
    figures in the customer's partition (the item registry, not import order, tells pynamodb the kinds)."""
    import json
    import os
    import subprocess
    import sys

    from crm.customers.models import CustomerFigures
    from crm.orders.models import CustomerStats

    cid = api("POST", "/customers", company("Registry GmbH")).json["customer_id"]
    pk = f"CUST#{cid}"
    CustomerStats(pk=pk, sk="STATS#EUR", customer_id=cid, currency="EUR", orders_count=2, revenue="120.00").save()
    CustomerFigures(pk=pk, sk="FIGURES", customer_id=cid, rfm_segment="Champions", computed_at="2026-12-01").save()
    code = (
        "import json, sys; from crm.customers.views import customer_360; "
        "v = customer_360(sys.argv[1]).model_dump(mode='json'); print(json.dumps({'stats': v['stats'], 'figures': v['figures']}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, cid], capture_output=True, text=True, env=os.environ, check=True, cwd="/"
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert [(s["currency"], s["orders_count"]) for s in seen["stats"]] == [("EUR", 2)]
    assert seen["figures"]["rfm_segment"] == "Champions"
