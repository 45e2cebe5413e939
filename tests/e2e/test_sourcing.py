"""Issue 4's "tried as a new user would", over HTTP against the local stack with its seeded suppliers: an RFQ
whose cheapest offer comes from the least reliable supplier, the comparison explaining why it does not win,
then late and defective deliveries moving the scorecard and the portfolio."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests

pytestmark = pytest.mark.e2e
TODAY = datetime.now(UTC).date()


def test_rfq_comparison_award_and_deliveries_move_the_scorecard_and_portfolio(stack, login):
    token = login("purchasing")

    def call(method: str, path: str, body: object = None) -> requests.Response:
        h = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return requests.request(
            method, stack["api_url"] + path, headers=h, data=json.dumps(body) if body is not None else None, timeout=60
        )

    suppliers = {s["name"]: s["supplier_id"] for s in call("GET", "/suppliers?limit=50").json()["items"]}
    hansa, shenzhen = suppliers["Hansa Dichtungstechnik GmbH"], suppliers["Shenzhen Rapid Parts Ltd"]
    polska = suppliers["Polska Filtry Sp. z o.o."]
    rfq = call(
        "POST",
        "/rfqs",
        {
            "title": "E2E valves",
            "deadline": str(TODAY + timedelta(5)),
            "invited": [hansa, shenzhen, polska],
            "lines": [{"sku": "SP-020", "quantity": 300}],
        },
    )
    assert rfq.status_code == 201, rfq.text
    rid = rfq.json()["rfq_id"]
    valid = str(TODAY + timedelta(20))
    for sid, cur, price, lead in (
        (hansa, "EUR", "61.00", 12),
        (shenzhen, "USD", "59.00", 28),
        (polska, "PLN", "268.00", 14),
    ):
        r = call(
            "POST",
            f"/rfqs/{rid}/offers",
            {
                "supplier_id": sid,
                "currency": cur,
                "valid_until": valid,
                "lines": [{"sku": "SP-020", "unit_price": price, "lead_time_days": lead}],
            },
        )
        assert r.status_code == 201, r.text

    cmp = call("GET", f"/rfqs/{rid}/comparison").json()
    ranking = {r["supplier_id"]: r for r in cmp["ranking"]}
    assert cmp["cheapest_unit_prices"]["SP-020"] == shenzhen  # 59 USD x 0.92 = 54.28 EUR
    assert ranking[shenzhen]["rank"] > 1  # cheapest unit price, not the winner
    why = " | ".join(ranking[shenzhen]["explanation"])
    assert "% late" in why and "% rejected" in why and "lead time score" in why
    assert ranking[shenzhen]["history"]["otif_pct"] < ranking[hansa]["history"]["otif_pct"]
    winner = cmp["ranking"][0]["supplier_id"]
    assert winner != shenzhen

    before_card = call("GET", f"/suppliers/{winner}/scorecard").json()["window"]
    before_pf = {r["supplier_id"]: r for r in call("GET", "/suppliers/portfolio").json()["suppliers"]}
    po = call("POST", f"/rfqs/{rid}/award", {"supplier_id": winner, "expected_date": str(TODAY)}).json()
    assert po["status"] == "open" and po["lines"][0]["quantity"] == "300"
    # the supplier delivers: half today with 30 rejected (defective), the rest later in full
    d1 = call(
        "POST",
        f"/purchase-orders/{po['po_id']}/deliveries",
        {"delivered_on": str(TODAY), "lines": [{"line_no": 1, "received": 150, "rejected": 30}]},
    )
    assert d1.status_code == 201 and d1.json()["purchase_order"]["status"] == "partially_received"
    over = call(
        "POST",
        f"/purchase-orders/{po['po_id']}/deliveries",
        {"delivered_on": str(TODAY), "lines": [{"line_no": 1, "received": 181}]},
    )
    assert over.status_code == 400 and "exceeds the open quantity 180" in json.dumps(over.json())
    after_card = call("GET", f"/suppliers/{winner}/scorecard").json()["window"]
    assert after_card["deliveries"] == before_card["deliveries"] + 1
    assert after_card["defect_ppm"] > before_card["defect_ppm"]
    assert after_card["otif_pct"] < before_card["otif_pct"]
    after_pf = {r["supplier_id"]: r for r in call("GET", "/suppliers/portfolio").json()["suppliers"]}
    assert after_pf[winner]["spend_share_pct"] > before_pf[winner]["spend_share_pct"]
    assert after_pf[winner]["defect_ppm"] > before_pf[winner]["defect_ppm"]

    # an overdue PO (seeded: due five days ago) arrives today: late, and with rejects
    overdue = [
        p for p in call("GET", f"/purchase-orders?supplier_id={shenzhen}").json()["items"] if p["status"] == "open"
    ]
    assert overdue and overdue[0]["lines"][0]["expected_date"] < str(TODAY)
    card_before = call("GET", f"/suppliers/{shenzhen}/scorecard").json()["window"]
    late = call(
        "POST",
        f"/purchase-orders/{overdue[0]['po_id']}/deliveries",
        {
            "delivered_on": str(TODAY),
            "lines": [{"line_no": 1, "received": overdue[0]["lines"][0]["quantity"], "rejected": 50}],
        },
    )
    assert late.status_code == 201, late.text
    card_after = call("GET", f"/suppliers/{shenzhen}/scorecard").json()["window"]
    assert card_after["deliveries"] == card_before["deliveries"] + 1
    assert card_after["on_time_pct"] < card_before["on_time_pct"]
    sales = requests.get(
        stack["api_url"] + "/suppliers", headers={"Authorization": f"Bearer {login('sales')}"}, timeout=10
    )
    assert sales.status_code == 403
