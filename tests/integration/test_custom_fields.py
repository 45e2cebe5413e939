"""Custom fields end to end: an admin defines fields (versioned, with revisions), every write of a record checks its
values with JSON Schema (400 naming custom.<key>), the values come back typed on customers, contacts, leads,
opportunities, cases, orders and suppliers; a used field's type is frozen, an archived one keeps its values;
filterable values are listed through the generic index (the template's stream consumer); the audit trail names
custom.<key>; the raw zone holds the values not marked personal; CSV export and import round-trip them; the GDPR
export shows them and erasure removes them."""

from __future__ import annotations

import csv
import io
import json
import re

import boto3

from infra.functions import StreamPump
from tests.support import company


def _drain(pump: StreamPump) -> None:
    while pump.poll() is not None:
        pass


def _company(name: str, **extra) -> dict:
    """A company with an email and phone of its own (no duplicate warnings between a test's customers)."""
    n, slug = sum(map(ord, name)) % 1000, re.sub(r"[^a-z0-9]", "", name.lower())[:20] or "x"
    return {**company(name, emails=[f"info@{slug}.example"], phones=[f"030 1234{n:03d}"]), **extra}


def _define(api, entity: str, body: dict) -> dict:
    r = api("POST", f"/settings/fields/{entity}", body, role="admin")
    assert r.status_code == 201, r.json
    return r.json


REGION = {
    "key": "region",
    "type": "select",
    "labels": {"en": "Region", "de": "Region"},
    "options": [{"value": "north", "labels": {"en": "North"}}, {"value": "south", "labels": {"en": "South"}}],
    "filterable": True,
}
CONTRACT_END = {"key": "contract_end", "type": "date", "labels": {"en": "Contract end"}, "position": 1}
SEATS = {"key": "seats", "type": "number", "labels": {"en": "Seats"}, "required": True}
HOBBY = {"key": "hobby", "type": "text", "labels": {"en": "Hobby"}, "personal": True}


def test_admins_define_fields_and_every_customer_write_is_checked_against_them(api):
    assert api("POST", "/settings/fields/customer", REGION, role="sales").status_code == 403
    assert api("GET", "/settings/fields/planet", role="sales").status_code == 404
    for body in ({**REGION, "default": "south"}, CONTRACT_END, SEATS):
        _define(api, "customer", body)
    again = api("POST", "/settings/fields/customer", REGION, role="admin")
    assert again.status_code == 409 and again.json["fields"] == {"key": "taken"}
    bad = api(
        "POST", "/settings/fields/customer", {**CONTRACT_END, "key": "x", "options": REGION["options"]}, role="admin"
    )
    assert bad.status_code == 400 and "options" in json.dumps(bad.json)
    listed = api("GET", "/settings/fields/customer", role="agent").json["items"]
    assert [(f["key"], f["type"], f["required"]) for f in listed] == [
        ("region", "select", False),
        ("seats", "number", True),
        ("contract_end", "date", False),
    ]

    made = api("POST", "/customers", _company("Custom GmbH", custom={"seats": 10, "contract_end": "2027-03-31"}))
    assert made.status_code == 201, made.json
    assert made.json["custom"] == {"region": "south", "contract_end": "2027-03-31", "seats": 10}  # a default
    cid, version = made.json["customer_id"], made.json["version"]

    for custom, field, words in (
        ({"region": "west"}, "custom.region", "is not one of"),
        ({"contract_end": "31.03.2027"}, "custom.contract_end", "is not a 'date'"),
        ({"seats": "many"}, "custom.seats", "is not of type 'number'"),
        ({"shoe_size": 42}, "custom.shoe_size", "unknown field"),
    ):
        r = api("PATCH", f"/customers/{cid}", {"custom": custom}, headers={"If-Match": f'"{version}"'})
        assert r.status_code == 400 and words in r.json["fields"][field], (custom, r.json)
    missing = api("POST", "/customers", _company("No Seats AG", custom={"region": "north"}))
    assert missing.status_code == 400 and missing.json["fields"] == {"custom.seats": "required"}

    r = api(
        "PATCH",
        f"/customers/{cid}",
        {"custom": {"seats": 12, "contract_end": None}},
        headers={"If-Match": f'"{version}"'},
    )
    assert r.status_code == 200, r.json
    assert r.json["custom"] == {"region": "south", "seats": 12}  # merged; null removed one
    assert api("GET", f"/customers/{cid}").json["custom"] == {"region": "south", "seats": 12}

    # the first value froze the type; archiving hides the field and keeps the values
    seats = next(f for f in api("GET", "/settings/fields/customer", role="admin").json["items"] if f["key"] == "seats")
    assert seats["used"]
    frozen = api("PATCH", "/settings/fields/customer/seats", {"type": "text"}, role="admin")
    assert frozen.status_code == 409 and frozen.json["fields"] == {"type": "in use"}
    archived = api(
        "PATCH", "/settings/fields/customer/seats", {"archived": True, "version": seats["version"]}, role="admin"
    )
    assert (
        archived.status_code == 200 and archived.json["archived"] and archived.json["version"] == seats["version"] + 1
    )
    stale = api("PATCH", "/settings/fields/customer/seats", {"position": 3, "version": seats["version"]}, role="admin")
    assert stale.status_code == 409
    now = api("GET", f"/customers/{cid}").json
    assert now["custom"]["seats"] == 12
    refused = api("PATCH", f"/customers/{cid}", {"custom": {"seats": 3}}, headers={"If-Match": f'"{now["version"]}"'})
    assert refused.status_code == 400 and refused.json["fields"] == {"custom.seats": "unknown field"}
    assert api("POST", "/customers", _company("After Archive SE")).status_code == 201  # no longer required
    revisions = api("GET", "/settings/fields/customer/seats/revisions", role="sales").json["items"]
    assert [(r["revision"], r["definition"]["archived"], r["saved_by"]) for r in revisions] == [
        (1, False, "admin@crm.local"),
        (2, True, "admin@crm.local"),
    ]


def test_each_entity_keeps_and_checks_its_own_values(api):
    for entity in ("contact", "lead", "opportunity", "case", "order", "supplier"):
        _define(api, entity, {"key": "ref", "type": "text", "labels": {"en": "Reference"}})
    _define(api, "order", {"key": "gift", "type": "boolean", "labels": {"en": "Gift"}})
    _define(api, "opportunity", {"key": "budget", "type": "money", "labels": {"en": "Budget"}})
    _define(
        api,
        "supplier",
        {
            "key": "certs",
            "type": "multiselect",
            "labels": {"en": "Certificates"},
            "options": [
                {"value": "iso9001", "labels": {"en": "ISO 9001"}},
                {"value": "iso14001", "labels": {"en": "ISO 14001"}},
            ],
        },
    )
    cid = api("POST", "/customers", _company("Every Entity KG")).json["customer_id"]

    contact = api("POST", f"/customers/{cid}/contacts", {"last_name": "Nowak", "custom": {"ref": "C-1"}})
    assert contact.status_code == 201 and contact.json["custom"] == {"ref": "C-1"}, contact.json
    lead = api(
        "POST", "/leads", {"last_name": "Lead", "email": "lead@every.example", "source": "web", "custom": {"ref": 7}}
    )
    assert lead.status_code == 400 and "custom.ref" in lead.json["fields"]
    lead = api(
        "POST",
        "/leads",
        {"last_name": "Lead", "email": "lead@every.example", "source": "web", "custom": {"ref": "L-1"}},
    )
    assert lead.status_code == 201 and lead.json["custom"] == {"ref": "L-1"}
    opp = api(
        "POST",
        "/opportunities",
        {
            "name": "Deal",
            "customer_id": cid,
            "amount": "1000",
            "currency": "EUR",
            "expected_close": "2030-01-31",
            "custom": {"budget": {"amount": "2500.00", "currency": "EUR"}},
        },
    )
    assert opp.status_code == 201 and opp.json["custom"] == {"budget": {"amount": "2500.00", "currency": "EUR"}}
    moved = api(
        "PATCH",
        f"/opportunities/{opp.json['opportunity_id']}",
        {"custom": {"budget": {"amount": "x", "currency": "EUR"}}},
    )
    assert moved.status_code == 400 and "custom.budget" in moved.json["fields"]
    case = api(
        "POST",
        "/cases",
        {"customer_id": cid, "subject": "Hi", "channel": "email", "category": "question", "custom": {"ref": "K-9"}},
        role="agent",
    )
    assert case.status_code == 201 and case.json["custom"] == {"ref": "K-9"}
    patched = api("PATCH", f"/cases/{case.json['case_id']}", {"custom": {"ref": "K-10"}}, role="agent")
    assert patched.status_code == 200 and patched.json["custom"] == {"ref": "K-10"}
    supplier = api(
        "POST",
        "/suppliers",
        {"name": "Steel Ltd", "country": "GB", "currency": "GBP", "custom": {"certs": ["iso9001", "iso9001"]}},
        role="purchasing",
    )
    assert supplier.status_code == 400 and "custom.certs" in supplier.json["fields"]  # unique items
    supplier = api(
        "POST",
        "/suppliers",
        {"name": "Steel Ltd", "country": "GB", "currency": "GBP", "custom": {"certs": ["iso9001"]}},
        role="purchasing",
    )
    assert supplier.status_code == 201 and supplier.json["custom"] == {"certs": ["iso9001"]}

    api("POST", "/products", {"sku": "CF-1", "name": "x", "category": "tools", "tax_rate": "0.19"}, role="manager")
    api(
        "POST",
        "/price-lists",
        {"name": "p", "currency": "EUR", "valid_from": "2026-01-01", "prices": [{"sku": "CF-1", "unit_price": "10"}]},
        role="manager",
    )
    order = api(
        "POST",
        "/orders",
        {"customer_id": cid, "currency": "EUR", "lines": [{"sku": "CF-1", "quantity": 1}], "custom": {"gift": True}},
    )
    assert order.status_code == 201 and order.json["custom"] == {"gift": True}, order.json
    oid = order.json["order_id"]
    changed = api(
        "PATCH", f"/orders/{oid}", {"custom": {"ref": "PO-4711"}}, headers={"If-Match": f'"{order.json["version"]}"'}
    )
    assert changed.status_code == 200 and changed.json["custom"] == {"gift": True, "ref": "PO-4711"}
    stale = api("PATCH", f"/orders/{oid}", {"custom": {"ref": "x"}}, headers={"If-Match": f'"{order.json["version"]}"'})
    assert stale.status_code == 409


def test_filterable_values_are_listed_through_the_index_and_the_trail_names_them(api, aws):
    index = StreamPump(aws["stack"], "CustomIndexFunction", "CrmTable", "LATEST")
    audit = StreamPump(aws["stack"], "AuditTrailFunction", "CrmTable", "LATEST")
    _define(api, "customer", REGION)
    north = [api("POST", "/customers", _company(f"North {n} GmbH", custom={"region": "north"})).json for n in range(3)]
    south = api("POST", "/customers", _company("South GmbH", custom={"region": "south"})).json
    _drain(index)
    page = api("GET", "/settings/fields/customer/region/records?value=NORTH&limit=2").json
    rest = api("GET", f"/settings/fields/customer/region/records?value=north&cursor={page['next']}").json
    assert "items" in page and "items" in rest, (page, rest)
    found = [m["record_id"] for m in page["items"] + rest["items"]]
    assert sorted(found) == sorted(c["customer_id"] for c in north) and rest["next"] is None

    moved = api(
        "PATCH",
        f"/customers/{north[0]['customer_id']}",
        {"custom": {"region": "south"}},
        headers={"If-Match": f'"{north[0]["version"]}"'},
    )
    assert moved.status_code == 200
    _drain(index)
    south_now = api("GET", "/settings/fields/customer/region/records?value=south").json["items"]
    assert {m["record_id"] for m in south_now} == {south["customer_id"], north[0]["customer_id"]}
    assert len(api("GET", "/settings/fields/customer/region/records?value=north").json["items"]) == 2
    _define(api, "customer", CONTRACT_END)
    assert api("GET", "/settings/fields/customer/region/records?value=north", role="purchasing").status_code == 403
    refused = api("GET", "/settings/fields/customer/contract_end/records?value=2027-01-01")
    assert refused.status_code == 400 and refused.json["fields"] == {"key": "not filterable"}

    _drain(audit)
    trail = api("GET", f"/customers/{north[0]['customer_id']}/audit", role="admin").json["items"]
    assert "custom.region" in trail[0]["fields"] and "south" not in json.dumps(trail)
    settings = api("GET", "/admin/audit", role="admin").json["items"]
    assert any(e["item_type"] == "field_def" and e["action"] == "created" for e in settings)


def test_the_raw_zone_gets_values_not_marked_personal(api, aws):
    s3 = boto3.client("s3")
    bucket = aws["stack"].physical("AnalyticsBucket")
    pump = StreamPump(aws["stack"], "AnalyticsEventsFunction", "CrmTable", "LATEST")
    _define(api, "customer", REGION)
    _define(api, "customer", HOBBY)
    cid = api("POST", "/customers", _company("Raw Custom AG", custom={"region": "south", "hobby": "falconry"})).json[
        "customer_id"
    ]
    _drain(pump)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="raw/custom_value/").get("Contents", [])]
    events = [
        json.loads(line) for k in keys for line in s3.get_object(Bucket=bucket, Key=k)["Body"].read().splitlines()
    ]
    mine = [e for e in events if e["record_id"] == cid]
    assert [(e["entity"], e["field"], e["value"]) for e in mine] == [("customer", "region", '"south"')]
    assert "falconry" not in json.dumps(events)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_and_import_round_trip_custom_values_and_formulas_stay_data(api):
    _define(api, "customer", REGION)
    _define(
        api,
        "customer",
        {
            "key": "tiers",
            "type": "multiselect",
            "labels": {"en": "Tiers"},
            "options": [{"value": "gold", "labels": {"en": "Gold"}}, {"value": "eu", "labels": {"en": "EU"}}],
        },
    )
    _define(api, "customer", {"key": "credit", "type": "money", "labels": {"en": "Credit"}})
    made = api(
        "POST",
        "/customers",
        _company(
            '=HYPERLINK("http://evil.example")',
            phones=["+44 20 7946 0018"],
            custom={"region": "north", "tiers": ["gold", "eu"], "credit": {"amount": "5000", "currency": "GBP"}},
        ),
    ).json
    r = api("GET", "/customers/export", role="manager")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv"), r.body
    rows = _rows(r.body.decode())
    (row,) = [x for x in rows if x["custom.region"] == "north"]
    assert row["name"].startswith("'=HYPERLINK") and row["phones"] == "+442079460018"
    assert (row["custom.tiers"], row["custom.credit"]) == ("gold;eu", "5000 GBP")
    assert api("GET", "/customers/export", role="sales").status_code == 403

    edited = r.body.decode().replace("north", "south").replace("gold;eu", "eu")
    report = api("POST", "/customers/import", raw=edited, content_type="text/csv", role="manager").json
    assert report["updated"] == 1 and report["rejected"] == 0, report
    after = api("GET", f"/customers/{made['customer_id']}").json
    assert after["name"] == made["name"]  # the apostrophe came off again
    assert after["custom"] == {"region": "south", "tiers": ["eu"], "credit": {"amount": "5000", "currency": "GBP"}}
    bad = "kind,name,custom.region,custom.planet\ncompany,X,north,mars\n"
    refused = api("POST", "/customers/import", raw=bad, content_type="text/csv", role="manager")
    assert refused.status_code == 400 and "custom.planet" in refused.json["message"]
    wrong = api(
        "POST",
        "/customers/import",
        raw="kind,name,custom.region\ncompany,Wrong Region Ltd,west\n",
        content_type="text/csv",
        role="manager",
    ).json
    assert wrong["rejected"] == 1 and "custom.region" in wrong["errors"][0]["fields"]


def test_the_gdpr_export_shows_custom_values_and_erasure_removes_them(api):
    _define(api, "customer", HOBBY)
    cid = api("POST", "/customers", _company("Privacy Custom Ltd", custom={"hobby": "falconry"})).json["customer_id"]
    export = api("GET", f"/customers/{cid}/export", role="admin").json
    assert export["profile"]["custom"] == {"hobby": "falconry"}
    erased = api("POST", f"/customers/{cid}/erase", {"confirm": cid, "reason": "Art. 17 request"}, role="admin")
    assert erased.status_code == 200, erased.json
    assert api("GET", f"/customers/{cid}/export", role="admin").json["profile"].get("custom") is None
