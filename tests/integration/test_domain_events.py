"""Table stream -> EventBridge: the real stream records moto produced for API writes, delivered to the template's
DomainEventsFunction the way an event source mapping does, routed by a rule on the CRM bus to a queue."""

from __future__ import annotations

import json

import boto3
import pytest

from infra.functions import StreamPump, handler
from tests.support import company


@pytest.fixture
def bus_queue(aws):
    events, sqs = boto3.client("events"), boto3.client("sqs")
    bus = aws["stack"].physical("CrmEventBus")
    url = sqs.create_queue(QueueName="erp-subscriber")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="erp", EventBusName=bus, EventPattern=json.dumps({"source": ["crm"]}))
    events.put_targets(Rule="erp", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])

    def read() -> list[dict]:
        out = []
        while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            for m in batch:
                out.append(json.loads(m["Body"]))
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        return out

    yield read
    events.remove_targets(Rule="erp", EventBusName=bus, Ids=["q"])
    events.delete_rule(Name="erp", EventBusName=bus)
    sqs.delete_queue(QueueUrl=url)


def _drain(pump: StreamPump) -> list[dict]:
    responses = []
    while (r := pump.poll()) is not None:
        responses.append(r)
    return responses


def test_customer_order_case_and_opportunity_changes_reach_the_bus(api, aws, bus_queue):
    pump = StreamPump(aws["stack"], "DomainEventsFunction", "CrmTable", "TRIM_HORIZON")
    cust = api("POST", "/customers", company("Event GmbH")).json
    cid = cust["customer_id"]
    api("PATCH", f"/customers/{cid}", {"industry": "chemicals"}, headers={"If-Match": "1"})
    api("POST", "/products", {"sku": "EV-1", "name": "Evt", "category": "c", "tax_rate": "0.19"}, role="manager")
    api(
        "POST",
        "/price-lists",
        {"name": "p", "currency": "EUR", "valid_from": "2026-01-01", "prices": [{"sku": "EV-1", "unit_price": "5"}]},
        role="manager",
    )
    order = api(
        "POST",
        "/orders",
        {"customer_id": cid, "currency": "EUR", "campaign_id": "spring", "lines": [{"sku": "EV-1", "quantity": 2}]},
    ).json
    api("POST", f"/orders/{order['order_id']}/payments", {"amount": "11.90", "currency": "EUR", "method": "card"})
    case = api(
        "POST",
        "/cases",
        {"customer_id": cid, "subject": "Where is it", "channel": "email", "category": "question"},
        role="agent",
    ).json
    opp = api(
        "POST",
        "/opportunities",
        {"name": "Big", "customer_id": cid, "amount": "900", "currency": "EUR", "expected_close": "2099-01-01"},
    ).json
    api("PATCH", f"/opportunities/{opp['opportunity_id']}", {"stage": "closed_won", "close_reason": "fit"})

    responses = _drain(pump)
    assert all(r == {"batchItemFailures": []} for r in responses)
    got = bus_queue()
    kinds = [e["detail-type"] for e in got]
    assert kinds == [
        "CustomerCreated",
        "CustomerUpdated",
        "OrderPlaced",
        "PaymentRecorded",
        "OrderStatusChanged",
        "CaseOpened",
        "OpportunityCreated",
        "OpportunityWon",
    ], kinds
    by = {e["detail-type"]: e for e in got}
    assert by["CustomerUpdated"]["detail"]["changed_fields"] == ["industry"]
    assert "name" not in by["CustomerCreated"]["detail"]  # ids only: no personal data on the bus
    placed = by["OrderPlaced"]["detail"]
    assert (placed["customer_id"], placed["campaign_id"], placed["grand_total"], placed["invoice_number"]) == (
        cid,
        "spring",
        "11.90",
        order["invoice_number"],
    )
    assert placed["lines"][0] == {
        "line_no": 1,
        "sku": "EV-1",
        "category": "c",
        "quantity": "2",
        "unit_price": "5.0000",
        "list_price": "5",
        "discount": "0.00",
        "net": "10.00",
        "tax": "1.90",
        "gross": "11.90",
    }
    assert by["OrderStatusChanged"]["detail"]["status"] == "paid"
    assert by["OrderStatusChanged"]["detail"]["previous_status"] == "placed"
    assert by["CaseOpened"]["detail"]["case_id"] == case["case_id"]
    assert by["OpportunityWon"]["detail"]["close_reason"] == "fit"
    assert all(e["source"] == "crm" and e["detail"]["event_id"] for e in got)
    assert len({e["detail"]["event_id"] for e in got}) == len(got)


def test_emulator_stream_pump_reports_a_poison_record_alone_retries_then_sends_it_to_the_dlq(
    api, aws, bus_queue, monkeypatch
):
    pump = StreamPump(aws["stack"], "DomainEventsFunction", "CrmTable", "TRIM_HORIZON")
    assert pump.max_retries == 5 and pump.dlq == "DomainEventsDLQ"  # from the template's event source
    api("POST", "/customers", company("First"))
    monkeypatch.setenv("EVENT_BUS_NAME", "no-such-bus")
    calls = []
    real = handler(aws["stack"], "DomainEventsFunction")
    monkeypatch.setattr(
        "infra.functions.handler", lambda *_: lambda e, c: calls.append(len(e["Records"])) or real(e, c)
    )
    failed = _drain(pump)
    assert len(failed) == 1 and len(failed[0]["batchItemFailures"]) == 1  # the customer record, not the others
    assert len(calls) == 6 and max(calls) == calls[0]  # 1 + 5 retries, each from the first failed record on
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=aws["stack"].resolver.attributes["DomainEventsDLQ"]["QueueName"])["QueueUrl"]
    dead = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]]
    assert [d["requestContext"]["condition"] for d in dead] == ["RetryAttemptsExhausted"]
    assert dead[0]["DDBStreamBatchInfo"]["batchSize"] == calls[-1]
    monkeypatch.undo()
    api("POST", "/customers", company("Second", emails=["s@second.example"], phones=[]))
    assert _drain(pump) == [{"batchItemFailures": []}]
    assert [e["detail-type"] for e in bus_queue()] == ["CustomerCreated"]
