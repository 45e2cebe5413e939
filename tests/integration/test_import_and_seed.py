"""CSV import (upsert, per-row report) and the demo seed (reproducible, idempotent)."""

from __future__ import annotations

from crm.customers import service
from infra import seed as demo

CSV = """external_id,kind,name,first_name,last_name,emails,phones,tax_id,country,city,tags,owner,email_marketing
EXT-1,company,Nordwind Logistik GmbH,,,info@nordwind.example;orders@nordwind.example,030 5555555,DE811111111,DE,Berlin,vip;eco,sales@crm.local,yes
EXT-2,person,,Léa,Moreau,lea.moreau@mail.example,06 12 34 56 78,,FR,Lyon,,,no
EXT-3,company,,,,broken@,,,DE,,,,
EXT-4,robot,Robo AG,,,,,,,,,,
EXT-5,company,Nordwind Logistik (again),,,INFO@NORDWIND.EXAMPLE,,,DE,Hamburg,,,
EXT-6,company,Tax Twin GmbH,,,,,de 811 111 111,DE,,,,
EXT-7,company,Too many,,,a@x.example,,,DE,,,,,extra
"""


def test_import_reports_each_rejected_row_and_applies_the_rest(api):
    r = api("POST", "/customers/import", raw=CSV, content_type="text/csv", role="manager")
    assert r.status_code == 200, r.json
    report = r.json
    assert (report["total"], report["created"], report["updated"], report["rejected"]) == (7, 2, 2, 3)
    rejected = {e["row"]: e for e in report["errors"]}
    assert set(rejected) == {4, 5, 8}
    assert "emails.0" in rejected[4]["fields"]
    assert "kind" in rejected[5]["fields"]
    assert "more values" in rejected[8]["reason"]

    nordwind = api("GET", "/customers/lookup?external_id=EXT-1").json["items"][0]["customer"]
    # row 6 matched by email, row 7 by tax id: both updated the same customer, no duplicates were made
    assert nordwind["address"]["city"] == "Hamburg" and nordwind["name"] == "Tax Twin GmbH"
    assert nordwind["phones"] == ["+49305555555"] and nordwind["consent"]["email_marketing"] is True
    lea = api("GET", "/customers/lookup?phone=%2B33612345678").json["items"][0]["customer"]
    assert lea["name"] == "Léa Moreau" and lea["kind"] == "person"
    assert len(api("GET", "/customers").json["items"]) == 2

    again = api("POST", "/customers/import", raw=CSV, content_type="text/csv", role="manager").json
    assert (again["created"], again["updated"], again["rejected"]) == (0, 4, 3)
    assert len(api("GET", "/customers").json["items"]) == 2


def test_import_refuses_unknown_columns_and_needs_the_right_role(api):
    r = api("POST", "/customers/import", raw="name,shoe_size\nA,42\n", content_type="text/csv", role="manager")
    assert r.status_code == 400 and "shoe_size" in r.json["message"]
    assert api("POST", "/customers/import", raw=CSV, content_type="text/csv", role="sales").status_code == 403
    r = api("POST", "/customers/import", raw=CSV, content_type="application/json", role="manager")
    assert r.status_code == 400 and "Content-Type" in r.json["fields"]


def test_demo_seed_is_reproducible_and_seeding_twice_adds_nothing(api):
    first = demo.demo_customers(12)
    assert [d.model_dump() for d, _ in first] == [d.model_dump() for d, _ in demo.demo_customers(12)]
    assert len({d.address.country for d, _ in demo.demo_customers(60)}) >= 6
    assert demo.seed(12)["created"] == 12
    assert demo.seed(12) == {"created": 0, "skipped": 12, "example_email": first[0][0].emails[0]}
    listed = service.list_customers(owner=None, tag=None, name_prefix=None, limit=100, cursor=None)["items"]
    assert len(listed) == 12
    view = api("GET", f"/customers/{listed[0]['customer_id']}/360").json
    assert view["timeline"], "seeded customers have timeline entries"
