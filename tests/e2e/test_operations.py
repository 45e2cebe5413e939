"""Issue 3's "tried as a new user would", over HTTP against the local stack: price list and discount, a price
quote, quote -> order (twice with one Idempotency-Key) -> payment -> shipping -> delivery -> return -> refund,
and a case that escalates because the stack runs the template's schedules."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import boto3
import pytest
import requests

pytestmark = pytest.mark.e2e
TODAY = datetime.now(UTC).date()


class Client:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def __call__(self, method: str, path: str, body: object = None, **headers: str) -> requests.Response:
        h = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json", **headers}
        return requests.request(
            method, self.base + path, headers=h, data=json.dumps(body) if body is not None else None, timeout=30
        )


def test_price_list_discount_quote_order_pay_ship_return(stack, login):
    manager, sales = Client(stack["api_url"], login("manager")), Client(stack["api_url"], login("sales"))
    customer = sales(
        "POST",
        "/customers",
        {
            "kind": "company",
            "name": "E2E Werkzeuge GmbH",
            "tags": ["wholesale"],
            "emails": ["buy@e2e-werkzeuge.example"],
        },
    ).json()
    cid = customer["customer_id"]
    assert (
        manager(
            "POST", "/products", {"sku": "E2E-1", "name": "Torque wrench", "category": "tools", "tax_rate": "0.19"}
        ).status_code
        == 201
    )
    pl = manager(
        "POST",
        "/price-lists",
        {
            "name": "E2E tools",
            "currency": "EUR",
            "valid_from": str(TODAY),
            "prices": [{"sku": "E2E-1", "unit_price": "80.00"}],
        },
    )
    assert pl.status_code == 201, pl.text
    rule = manager(
        "POST",
        "/price-rules",
        {
            "sku": "E2E-1",
            "customer_id": cid,
            "kind": "percent",
            "valid_from": str(TODAY),
            "breaks": [{"min_quantity": 5, "value": 10}],
        },
    )
    assert rule.status_code == 201, rule.text

    small = sales("GET", f"/price-quote?sku=E2E-1&currency=EUR&quantity=2&customer_id={cid}").json()
    big = sales("GET", f"/price-quote?sku=E2E-1&currency=EUR&quantity=5&customer_id={cid}").json()
    assert (small["unit_price"], small["rule"]) == ("80.0000", None)
    assert big["unit_price"] == "72.0000" and big["rule"]["rule_id"] == rule.json()["rule_id"]

    quote = sales(
        "POST",
        "/quotes",
        {
            "customer_id": cid,
            "currency": "EUR",
            "valid_until": str(TODAY + timedelta(7)),
            "lines": [{"sku": "E2E-1", "quantity": 5}],
        },
    ).json()
    assert quote["grand_total"] == "428.40"  # 5 x 72.00 = 360.00 + 19 % = 68.40
    first = sales("POST", f"/quotes/{quote['quote_id']}/accept", **{"Idempotency-Key": "e2e-accept"})
    second = sales("POST", f"/quotes/{quote['quote_id']}/accept", **{"Idempotency-Key": "e2e-accept"})
    assert first.status_code == second.status_code == 201 and first.json()["order_id"] == second.json()["order_id"]
    order = first.json()
    oid = order["order_id"]

    direct = {"customer_id": cid, "currency": "EUR", "lines": [{"sku": "E2E-1", "quantity": 1}]}
    a = sales("POST", "/orders", direct, **{"Idempotency-Key": "e2e-order-1"}).json()
    b = sales("POST", "/orders", direct, **{"Idempotency-Key": "e2e-order-1"}).json()
    assert a["order_id"] == b["order_id"]
    mine = sales("GET", f"/orders?customer_id={cid}").json()["items"]
    assert sorted(o["order_id"] for o in mine) == sorted([oid, a["order_id"]])  # two orders, not three

    paid = sales("POST", f"/orders/{oid}/payments", {"amount": "428.40", "currency": "EUR", "method": "transfer"})
    assert paid.status_code == 201 and paid.json()["status"] == "paid"
    assert sales("POST", f"/orders/{oid}/status", {"status": "shipped", "tracking_number": "E2E1"}).status_code == 200
    assert sales("POST", f"/orders/{oid}/status", {"status": "delivered"}).json()["status"] == "delivered"
    wrong = sales("POST", f"/orders/{oid}/status", {"status": "placed"})
    assert wrong.status_code == 409 and wrong.json()["error"] == "invalid_transition"
    returned = sales("POST", f"/orders/{oid}/status", {"status": "returned", "return_reason": "wrong size"}).json()
    assert returned["refund_due"] == "428.40"
    refunded = sales(
        "POST",
        f"/orders/{oid}/payments",
        {"kind": "refund", "amount": "428.40", "currency": "EUR", "method": "transfer"},
    ).json()
    assert refunded["refund_due"] == "0.00"
    view = sales("GET", f"/customers/{cid}/360").json()
    assert view["stats"][0]["orders_count"] == 2 and view["stats"][0]["returns_count"] == 1
    assert view["stats"][0]["revenue"] == "95.20"  # only the direct order (80.00 + 19 %) still counts
    kinds = [e["kind"] for e in view["timeline"]]
    assert kinds.count("order") >= 4 and "refund" in kinds and "payment" in kinds
    history = manager("GET", "/products/E2E-1/price-history").json()["items"]
    assert {h["source"] for h in history} == {"list", "rule"}


def test_a_case_escalates_on_the_stack_schedule_and_the_owner_is_notified(stack, login):
    manager, agent = Client(stack["api_url"], login("manager")), Client(stack["api_url"], login("agent"))
    aws = {
        "region_name": stack["region"],
        "endpoint_url": stack["moto_url"],
        "aws_access_key_id": "local",
        "aws_secret_access_key": "local",
    }
    sqs, sns = boto3.client("sqs", **aws), boto3.client("sns", **aws)
    url = sqs.create_queue(QueueName="e2e-agent-inbox")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(
        TopicArn=stack["resources"]["NotificationTopic"],
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true", "FilterPolicy": json.dumps({"recipient": ["agent@crm.local"]})},
    )

    policy = {"first_response_minutes": 5, "resolution_minutes": 30, "calendar_id": "24x7", "warn_minutes": 10}
    assert manager("PUT", "/sla/policies/urgent", policy).status_code == 200
    cid = agent("GET", "/customers?limit=1").json()["items"][0]["customer_id"]
    case = agent(
        "POST",
        "/cases",
        {
            "customer_id": cid,
            "subject": "Production line stopped",
            "channel": "phone",
            "category": "incident",
            "priority": "urgent",
        },
    ).json()
    assert case["owner"] == "agent@crm.local" and case["escalation_level"] == 0

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        current = agent("GET", f"/cases/{case['case_id']}").json()
        if current["escalation_level"] == 1:
            break
        time.sleep(0.5)
    assert current["escalation_level"] == 1, current
    assert current["history"][-1]["event"] == "escalated"
    messages = []
    while time.monotonic() < deadline and not messages:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
    body = json.loads(messages[0]["Body"])
    assert body["kind"] == "case_escalation" and body["ref"]["case_id"] == case["case_id"]
    assert body["subject"].startswith("[At risk] urgent case")
    breached = agent("GET", "/cases?breached=true").json()["items"]
    assert case["case_id"] not in [c["case_id"] for c in breached]  # at risk, not yet breached
