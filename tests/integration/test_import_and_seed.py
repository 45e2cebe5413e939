"""CSV import (upsert, per-row report) and the demo seed (reproducible, idempotent)."""

from __future__ import annotations

from crm.customers import views
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
    assert demo.seed(12) == {"created": 0, "skipped": 12, "example_email": first[0][0].emails[0], "business": {}}
    listed = views.list_customers(owner=None, tag=None, name_prefix=None, limit=100, cursor=None).items
    assert len(listed) == 12
    view = api("GET", f"/customers/{listed[0].customer_id}/360").json
    assert view["timeline"], "seeded customers have timeline entries"


def test_seeded_history_is_consistent_and_seasonal(clean_tables):
    from collections import defaultdict
    from decimal import Decimal

    from crm.orders.amounts import totals
    from crm.orders.lifecycle import COUNTED
    from crm.orders.models import CustomerStats, InvoiceCounter, Order

    report = demo.seed(60)["business"]
    assert report["orders"] > 150 and report["cases"] > 5 and report["tasks"] >= 12
    orders = [
        o
        for status in ("placed", "paid", "shipped", "delivered", "cancelled", "returned")
        for o in Order.gsi2.query(f"ORDERS#{status}")
    ]
    assert len(orders) == report["orders"]
    revenue: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    invoices: dict[str, list[int]] = defaultdict(list)
    by_month: dict[int, int] = defaultdict(int)
    for o in orders:
        assert {k: getattr(o, k) for k in totals(o.lines)} == totals(o.lines)  # totals are the lines' sums
        if o.status in COUNTED:
            revenue[(o.customer_id, o.currency)] += o.grand_total
        invoices[o.invoice_number[:4]].append(int(o.invoice_number[5:]))
        by_month[int(o.order_date[5:7])] += 1
    for year, numbers in invoices.items():  # gap-free, and the counter is where the next placement continues
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert InvoiceCounter.get("INVOICESEQ", year).last == len(numbers)
    stats = {
        (s.customer_id, s.currency): s.revenue
        for cid, _ in revenue
        for s in CustomerStats.query(f"CUST#{cid}", CustomerStats.sk.startswith("STATS#"))
    }
    assert stats == dict(revenue)
    assert by_month[11] + by_month[12] > 1.5 * (by_month[7] + by_month[8])  # the year-end peak, the summer dip
    from crm.orders.models import RevenueMonth

    booked: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for o in orders:
        if o.status in COUNTED:
            booked[(o.order_date[:7], o.currency)] += o.grand_total
    months = {(m, c) for m, c in booked}
    stored = {
        (m, c): r.revenue
        for m, _ in months
        for r in RevenueMonth.query(f"REVENUE#{m}")
        for c in [r.currency]
        if r.revenue
    }
    assert stored == {k: v for k, v in booked.items() if v}  # the partner-share denominator matches the orders
    attributed = [o for o in orders if o.partner_id]
    assert {o.partner_role for o in attributed} == {"sourced", "influenced"}
