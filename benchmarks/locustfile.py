"""The load test's user: a salesperson working the CRM (read 360s, list and look up customers, log notes, create
customers, place orders). Started by `python3 -m benchmarks.load`, which passes the token, the catalog SKU and the
file where every write's id is appended (checked afterwards)."""

from __future__ import annotations

import json
import os
import random
import threading
import uuid

from locust import HttpUser, between, task

_lock = threading.Lock()
_known: list[str] = []  # customers created in this run (shared by the users of this process)


def _record(kind: str, **ids: str) -> None:
    with _lock, open(os.environ["LOAD_WRITES"], "a") as f:
        f.write(json.dumps({"kind": kind, **ids}) + "\n")


class SalesUser(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        self.client.headers.update(
            {"Authorization": f"Bearer {os.environ['LOAD_TOKEN']}", "Content-Type": "application/json"}
        )
        self.create_customer()

    @task(2)
    def create_customer(self) -> None:
        n = uuid.uuid4().hex[:10]
        r = self.client.post(
            "/customers",
            json.dumps({"kind": "company", "name": f"Load {n} GmbH", "emails": [f"buyer@{n}.load.example"]}),
            name="POST /customers",
        )
        if r.status_code == 201:
            cid = r.json()["customer_id"]
            with _lock:
                _known.append(cid)
            _record("customer", customer_id=cid, email=f"buyer@{n}.load.example")

    def _some_customer(self) -> str:
        with _lock:
            return random.choice(_known)

    @task(4)
    def read_360(self) -> None:
        self.client.get(f"/customers/{self._some_customer()}/360", name="GET /customers/{id}/360")

    @task(2)
    def list_customers(self) -> None:
        self.client.get("/customers?limit=25", name="GET /customers")

    @task(1)
    def lookup(self) -> None:
        self.client.get("/customers/lookup?email=info@acme.example", name="GET /customers/lookup")

    @task(2)
    def add_note(self) -> None:
        cid = self._some_customer()
        r = self.client.post(
            f"/customers/{cid}/timeline",
            json.dumps({"kind": "call", "summary": "Load call"}),
            name="POST /customers/{id}/timeline",
        )
        if r.status_code == 201:
            _record("note", customer_id=cid, entry_id=r.json()["entry_id"])

    @task(2)
    def place_order(self) -> None:
        cid = self._some_customer()
        body = {"customer_id": cid, "currency": "EUR", "lines": [{"sku": os.environ["LOAD_SKU"], "quantity": 2}]}
        r = self.client.post(
            "/orders", json.dumps(body), headers={"Idempotency-Key": uuid.uuid4().hex}, name="POST /orders"
        )
        if r.status_code == 201:
            _record("order", customer_id=cid, order_id=r.json()["order_id"], total=r.json()["grand_total"])
