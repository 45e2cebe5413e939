"""20 clients at once against the local stack over HTTP: edits of one customer with If-Match and retry-on-409
lose nothing; orders placed twice each (a client retrying with its Idempotency-Key) exist once; the customer's
counters and invoice numbers come out exact."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.e2e
CLIENTS = 20


def _session(stack: dict, token: str):
    s = requests.Session()
    s.headers.update({"Authorization": f"Bearer {token}", "Content-Type": "application/json"})

    def call(method: str, path: str, body: object = None, **headers: str) -> requests.Response:
        return s.request(
            method,
            stack["api_url"] + path,
            data=json.dumps(body) if body is not None else None,
            headers=headers,
            timeout=60,
        )

    return call


def test_twenty_clients_edit_one_customer_and_place_orders_without_losing_or_doubling_anything(stack, login):
    sales, manager = login("sales"), login("manager")
    admin = _session(stack, manager)
    today = str(datetime.now(UTC).date())
    assert (
        admin(
            "POST", "/products", {"sku": "CC-1", "name": "Gasket", "category": "parts", "tax_rate": "0.19"}
        ).status_code
        == 201
    )
    assert (
        admin(
            "POST",
            "/price-lists",
            {"name": "cc", "currency": "EUR", "valid_from": today, "prices": [{"sku": "CC-1", "unit_price": "12.50"}]},
        ).status_code
        == 201
    )
    cid = admin("POST", "/customers", {"kind": "company", "name": "Concurrency Tools AG"}).json()["customer_id"]
    conflicts = []

    def add_my_tag(n: int) -> int:
        me = _session(stack, sales)
        for attempt in range(60):
            current = me("GET", f"/customers/{cid}").json()
            r = me(
                "PATCH",
                f"/customers/{cid}",
                {"tags": [*current["tags"], f"client-{n:02d}"]},
                **{"If-Match": f'"{current["version"]}"'},
            )
            if r.status_code == 200:
                return attempt
            assert r.status_code == 409 and r.json()["error"] == "version_conflict", r.text
            conflicts.append(n)
            time.sleep(0.05 * (attempt % 5))
        raise AssertionError(f"client {n} never got its edit in")

    def place_twice(n: int) -> list[str]:
        me = _session(stack, sales)
        ids = []
        for k in range(2):
            key = f"cc-{n}-{k}"
            body = {"customer_id": cid, "currency": "EUR", "lines": [{"sku": "CC-1", "quantity": 1 + n % 3}]}
            with ThreadPoolExecutor(2) as both:  # the original and its retry race each other
                answers = [f.result() for f in [both.submit(_place, me, body, key) for _ in range(2)]]
            assert answers[0]["order_id"] == answers[1]["order_id"]
            ids.append(answers[0]["order_id"])
        return ids

    with ThreadPoolExecutor(CLIENTS * 2) as pool:
        edits = [pool.submit(add_my_tag, n) for n in range(CLIENTS)]
        orders = [pool.submit(place_twice, n) for n in range(CLIENTS)]
        retries = [f.result() for f in edits]
        order_ids = [i for f in orders for i in f.result()]

    in_flight = _most_in_flight(stack)
    assert in_flight > 1  # the API workers really served these requests at the same time
    final = admin("GET", f"/customers/{cid}").json()
    assert sorted(final["tags"]) == sorted(f"client-{n:02d}" for n in range(CLIENTS))  # no lost update
    assert final["version"] == 1 + CLIENTS
    assert len(set(order_ids)) == CLIENTS * 2
    placed = [admin("GET", f"/orders/{i}").json() for i in order_ids]
    invoices = sorted(int(o["invoice_number"].split("-")[1]) for o in placed)
    assert len(set(invoices)) == len(invoices) and invoices[-1] - invoices[0] == len(invoices) - 1  # gap-free
    stats = admin("GET", f"/customers/{cid}/360").json()["stats"][0]
    assert stats["orders_count"] == CLIENTS * 2
    assert Decimal(stats["revenue"]) == sum(Decimal(o["grand_total"]) for o in placed)
    listed = admin("GET", f"/orders?customer_id={cid}&limit=100").json()["items"]
    assert sorted(o["order_id"] for o in listed) == sorted(order_ids)  # nothing placed twice
    print(
        f"\n{CLIENTS} editors: {len(conflicts)} version conflicts retried (max {max(retries)} retries); "
        f"{CLIENTS * 2} orders each sent twice -> {len(set(order_ids))} orders, invoices "
        f"{invoices[0]}..{invoices[-1]}; at most {in_flight} requests in flight at once"
    )


def _most_in_flight(stack: dict) -> int:
    """What the local stack recorded (it writes its state file within a second of a new peak)."""
    deadline = time.monotonic() + 5
    while True:
        peak = json.loads(Path(stack["state_file"]).read_text())["api"]["max_in_flight"]
        if peak > 1 or time.monotonic() > deadline:
            return peak
        time.sleep(0.2)


def _place(call, body: dict, key: str) -> dict:
    for _ in range(100):
        r = call("POST", "/orders", body, **{"Idempotency-Key": key})
        if r.status_code == 201:
            return r.json()
        assert r.status_code == 409 and r.json()["fields"] == {"Idempotency-Key": "in progress"}, r.text
        time.sleep(0.1)  # the first attempt is still running: retry, as a client would
    raise AssertionError("the idempotent request never finished")
