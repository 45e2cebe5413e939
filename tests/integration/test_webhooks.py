"""Outbound webhooks through the template's own chain: API write -> table stream -> DomainEventsFunction -> the CRM
bus -> WebhookEventsRule -> WebhookQueue -> WebhookFunction -> a receiver this test runs on 127.0.0.1, which checks
each delivery's signature as a customer's receiver would. Filters pick events; a failing endpoint is retried and
logged; events that fail every attempt five times in a row disable the subscription and tell the admins; a
private address is refused unless allowed."""

from __future__ import annotations

import json

import boto3

from crm.webhooks.delivery import MAX_ATTEMPTS, handle
from crm.webhooks.signing import verify
from infra.functions import StreamPump, pump_queue
from tests.support import company, drain_queue


def _run_chain(aws, events: StreamPump) -> None:
    while events.poll() is not None:
        pass
    while pump_queue(aws["stack"], "WebhookFunction", "WebhookQueue"):
        pass


def _purge(aws) -> None:
    """Events other tests put on the bus."""
    drain_queue(aws["stack"], "WebhookQueue")


def _subscribe(api, url: str, events: list[str], filter: dict | None = None) -> dict:
    r = api("POST", "/settings/webhooks", {"url": url, "events": events, "filter": filter}, role="admin")
    assert r.status_code == 201, r.json
    return r.json


def test_subscribed_events_arrive_signed_and_filtered_at_the_receivers_endpoint(api, aws, receivers):
    _purge(aws)
    events = StreamPump(aws["stack"], "DomainEventsFunction", "CrmTable", "LATEST")
    everything, complaints = receivers(), receivers()
    all_cases = _subscribe(api, everything.url(), ["CaseOpened", "OrderPlaced"])
    only_complaints = _subscribe(api, complaints.url(), ["CaseOpened"], {"category": ["complaint"]})
    assert (
        api("POST", "/settings/webhooks", {"url": everything.url(), "events": ["Nope"]}, role="admin").status_code
        == 400
    )
    assert api("GET", "/settings/webhooks", role="manager").status_code == 403

    cid = api("POST", "/customers", company("Webhook GmbH")).json["customer_id"]
    for category in ("question", "complaint"):
        case = {"customer_id": cid, "subject": f"A {category}", "channel": "email", "category": category}
        assert api("POST", "/cases", case, role="agent").status_code == 201
    _run_chain(aws, events)

    got = [(json.loads(d["body"])["type"], json.loads(d["body"])["data"]["category"]) for d in everything.got]
    assert sorted(got) == [("CaseOpened", "complaint"), ("CaseOpened", "question")]
    assert [json.loads(d["body"])["data"]["category"] for d in complaints.got] == ["complaint"]
    for receiver, sub in ((everything, all_cases), (complaints, only_complaints)):
        for d in receiver.got:
            header = d["headers"]["X-CRM-Signature"]
            assert verify(sub["secret"], header, d["body"]), header
            assert not verify(all_cases["secret"] + "x", header, d["body"])
            t = int(header.split(",")[0][2:])
            assert not verify(sub["secret"], header, d["body"], now=t + 301)  # a replay after the window
            assert d["headers"]["X-CRM-Event"] == "CaseOpened" and d["headers"]["X-CRM-Delivery"]
    log = api("GET", f"/settings/webhooks/{only_complaints['webhook']['webhook_id']}/deliveries", role="admin").json
    assert [(x["event_type"], x["outcome"], x["http_status"], x["attempt"]) for x in log["items"]] == [
        ("CaseOpened", "delivered", 200, 1)
    ]


def test_a_failing_endpoint_is_retried_then_disabled_and_the_admins_are_told(api, aws, receivers):
    _purge(aws)
    events = StreamPump(aws["stack"], "DomainEventsFunction", "CrmTable", "LATEST")
    down = receivers(status=503)
    sub = _subscribe(api, down.url(), ["CaseOpened"])
    wid = sub["webhook"]["webhook_id"]
    cid = api("POST", "/customers", company("Down Endpoint AG")).json["customer_id"]
    api(
        "POST", "/cases", {"customer_id": cid, "subject": "x", "channel": "email", "category": "question"}, role="agent"
    )
    _run_chain(aws, events)
    (first,) = api("GET", f"/settings/webhooks/{wid}/deliveries", role="admin").json["items"]
    assert (first["outcome"], first["http_status"], first["attempt"]) == ("retrying", 503, 1)
    queue = aws["stack"].physical("WebhookQueue")
    attrs = boto3.client("sqs").get_queue_attributes(
        QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessagesDelayed"]
    )
    assert attrs["Attributes"]["ApproximateNumberOfMessagesDelayed"] == "1"  # the retry waits its backoff

    event = json.loads(down.got[0]["body"])
    bus_event = {"detail-type": event["type"], "source": "crm", "detail": event["data"]}
    for n in range(5):  # five events failing their last attempt in a row
        retry = {"webhook_delivery": {"webhook_id": wid, "attempt": MAX_ATTEMPTS, "delivery_id": f"last-{n}"}}
        assert handle({**retry, "event": bus_event}) == ["failed"]
    after = next(w for w in api("GET", "/settings/webhooks", role="admin").json["items"] if w["webhook_id"] == wid)
    assert (after["active"], after["failures"]) == (False, 5) and "5 events in a row" in after["disabled_reason"]
    assert handle({"webhook_delivery": {"webhook_id": wid, "attempt": 2, "delivery_id": "x"}, "event": bus_event}) == []

    down.status = 204
    again = api("PATCH", f"/settings/webhooks/{wid}", {"active": True}, role="admin")
    assert again.status_code == 200 and (again.json["active"], again.json["failures"]) == (True, 0)
    assert handle(bus_event | {"detail-type": "CaseOpened"}) == ["delivered"]


def test_a_private_address_is_refused_unless_allowed(api, aws, receivers, monkeypatch):
    inside = receivers()
    sub = _subscribe(api, inside.url(), ["CaseOpened"])
    monkeypatch.setenv("WEBHOOK_PRIVATE_HOSTS", "")
    outcome = handle({"detail-type": "CaseOpened", "source": "crm", "detail": {"event_id": "e1", "case_id": "c1"}})
    assert outcome == ["retrying"] and inside.got == []
    (log,) = api("GET", f"/settings/webhooks/{sub['webhook']['webhook_id']}/deliveries", role="admin").json["items"]
    assert log["error"] == "127.0.0.1 is a private address"
