"""Service cases through the API, and the scheduled SLA escalation run as EventBridge would invoke it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from crm.cases.escalation import escalate_due
from infra.functions import run_scheduled
from tests.support import company


@pytest.fixture
def customer(api):
    return api("POST", "/customers", company("Care Corp", owner="sales@crm.local")).json["customer_id"]


@pytest.fixture
def owner_inbox(aws):
    """An SQS queue subscribed to the notification topic, filtered to agent@crm.local (as an email would be)."""
    sqs, sns = boto3.client("sqs"), boto3.client("sns")
    url = sqs.create_queue(QueueName=f"inbox-{datetime.now(UTC).timestamp():.0f}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    topic = aws["stack"].physical("NotificationTopic")
    sub = sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"FilterPolicy": json.dumps({"recipient": ["agent@crm.local"]}), "RawMessageDelivery": "true"},
    )
    yield lambda: [
        json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    ]
    sns.unsubscribe(SubscriptionArn=sub["SubscriptionArn"])
    sqs.delete_queue(QueueUrl=url)


def _case(api, customer, **extra):
    body = {
        "customer_id": customer,
        "subject": "Printer on fire",
        "channel": "phone",
        "category": "incident",
        "priority": "high",
        "owner": "agent@crm.local",
        **extra,
    }
    r = api("POST", "/cases", body, role="agent")
    assert r.status_code == 201, r.json
    return r.json


def test_open_case_sets_deadlines_from_policy_and_lands_on_the_timeline(api, customer):
    c = _case(api, customer, priority="urgent")
    opened = datetime.fromisoformat(c["created_at"].replace("Z", "+00:00"))
    fr = datetime.fromisoformat(c["first_response_due"].replace("Z", "+00:00"))
    res = datetime.fromisoformat(c["resolution_due"].replace("Z", "+00:00"))
    assert (fr - opened, res - opened) == (timedelta(minutes=30), timedelta(minutes=240))  # urgent is 24x7
    assert c["status"] == "new" and c["sla"]["calendar_id"] == "24x7"
    tl = api("GET", f"/customers/{customer}/timeline").json["items"]
    assert tl[0]["kind"] == "case" and tl[0]["ref"] == {"case_id": c["case_id"]}
    assert (
        api("GET", "/cases?owner=agent@crm.local&status=new", role="agent").json["items"][0]["case_id"] == c["case_id"]
    )


def test_bad_case_input_is_400_naming_the_field(api, customer):
    for change, field in (
        ({"channel": "fax"}, "channel"),
        ({"priority": "asap"}, "priority"),
        ({"customer_id": "nobody"}, "customer_id"),
        ({"subject": ""}, "subject"),
    ):
        body = {"customer_id": customer, "subject": "x", "channel": "web", "category": "question", **change}
        r = api("POST", "/cases", body, role="agent")
        assert r.status_code == 400 and field in r.json["fields"], r.json
    assert (
        api(
            "POST",
            "/cases",
            {"customer_id": customer, "subject": "x", "channel": "web", "category": "question"},
            role="purchasing",
        ).status_code
        == 403
    )


def test_first_public_reply_is_the_response_and_status_flow_is_enforced(api, customer):
    c = _case(api, customer)
    assert c["allowed_transitions"] == ["open", "pending", "resolved"]  # what a client offers, from the API
    internal = api("POST", f"/cases/{c['case_id']}/comments", {"body": "looking", "public": False}, role="agent").json
    assert internal["first_responded_at"] is None and internal["status"] == "new"
    replied = api("POST", f"/cases/{c['case_id']}/comments", {"body": "We are on it"}, role="agent").json
    assert replied["first_responded_at"] and replied["status"] == "open" and not replied["first_response_breached"]
    assert [m["body"] for m in replied["comments"]] == ["looking", "We are on it"]
    r = api("POST", f"/cases/{c['case_id']}/status", {"status": "closed"}, role="agent")
    assert (
        r.status_code == 409
        and r.json["error"] == "invalid_transition"
        and r.json["allowed"] == ["pending", "resolved"]
    )
    pending = api("POST", f"/cases/{c['case_id']}/status", {"status": "pending"}, role="agent").json
    assert pending["paused_at"] is not None
    assert api("GET", "/cases?status=pending", role="agent").json["items"][0]["case_id"] == c["case_id"]
    resolved = api(
        "POST", f"/cases/{c['case_id']}/status", {"status": "resolved", "note": "replaced"}, role="agent"
    ).json
    assert (
        resolved["resolved_at"]
        and resolved["paused_at"] is None
        and resolved["allowed_transitions"] == ["closed", "open"]
    )
    assert resolved["resolution_due"] >= c["resolution_due"]  # paused time is given back
    assert [h["to_value"] for h in resolved["history"] if h["event"] == "status"] == ["open", "pending", "resolved"]
    stale = api("POST", f"/cases/{c['case_id']}/status", {"status": "closed"}, role="agent", headers={"If-Match": "1"})
    assert stale.status_code == 409 and stale.json["error"] == "version_conflict"


def test_raising_priority_moves_the_deadlines(api, customer):
    c = _case(api, customer, priority="low")
    up = api("PATCH", f"/cases/{c['case_id']}", {"priority": "urgent"}, role="agent").json
    assert up["first_response_due"] < c["first_response_due"] and up["sla"]["first_response_minutes"] == 30
    assert up["history"][-1]["event"] == "priority" and up["history"][-1]["to_value"] == "urgent"


def test_sla_settings_are_admin_only_and_validated(api):
    assert (
        api(
            "PUT", "/sla/policies/high", {"first_response_minutes": 5, "resolution_minutes": 60}, role="agent"
        ).status_code
        == 403
    )
    r = api("PUT", "/sla/policies/high", {"first_response_minutes": 50, "resolution_minutes": 10}, role="manager")
    assert r.status_code == 400 and "resolution_minutes" in r.json["fields"]
    r = api(
        "PUT",
        "/sla/policies/high",
        {"first_response_minutes": 5, "resolution_minutes": 60, "calendar_id": "mars"},
        role="manager",
    )
    assert r.status_code == 400 and r.json["fields"] == {"calendar_id": "unknown calendar"}
    r = api("PUT", "/sla/calendars/support-uk", {"timezone": "Europe/Atlantis", "hours": {}}, role="manager")
    assert r.status_code == 400 and "timezone" in r.json["fields"]
    ok = api(
        "PUT",
        "/sla/calendars/support-uk",
        {
            "timezone": "Europe/London",
            "holidays": ["2026-12-25"],
            "hours": {"mon": {"open": "09:00", "close": "17:30"}},
        },
        role="manager",
    )
    assert ok.status_code == 200 and ok.json["calendars"]["support-uk"]["hours"]["mon"]["close"] == "17:30"
    assert (
        api(
            "PUT",
            "/sla/policies/high",
            {"first_response_minutes": 5, "resolution_minutes": 60, "calendar_id": "support-uk"},
            role="manager",
        ).status_code
        == 200
    )
    assert api("GET", "/sla", role="agent").json["policies"]["high"]["calendar_id"] == "support-uk"


def test_scheduled_escalation_warns_then_flags_the_breach_and_notifies_the_owner(api, customer, aws, owner_inbox):
    api(
        "PUT",
        "/sla/policies/urgent",
        {"first_response_minutes": 10, "resolution_minutes": 60, "calendar_id": "24x7", "warn_minutes": 15},
        role="manager",
    )
    due_soon = _case(api, customer, priority="urgent", subject="Line down")
    relaxed = _case(api, customer, priority="low", subject="Question")

    report = run_scheduled(aws["stack"], "SlaEscalationFunction")  # the real handler, a real schedule event
    assert report["case_ids"] == [due_soon["case_id"]] and report["breached"] == 0
    warned = api("GET", f"/cases/{due_soon['case_id']}", role="agent").json
    assert warned["escalation_level"] == 1 and not warned["first_response_breached"]
    assert run_scheduled(aws["stack"], "SlaEscalationFunction")["escalated"] == 0  # once per level

    later = datetime.now(UTC) + timedelta(minutes=11)
    breach = escalate_due(later)
    assert breach["case_ids"] == [due_soon["case_id"]] and breach["breached"] == 1
    flagged = api("GET", f"/cases/{due_soon['case_id']}", role="agent").json
    assert flagged["escalation_level"] == 2 and flagged["first_response_breached"] and flagged["breached_at"]
    assert [c["case_id"] for c in api("GET", "/cases?breached=true", role="agent").json["items"]] == [
        due_soon["case_id"]
    ]
    assert api("GET", f"/cases/{relaxed['case_id']}", role="agent").json["escalation_level"] == 0

    messages = owner_inbox()
    assert [(m["kind"], m["ref"]["case_id"], m["ref"]["level"]) for m in messages] == [
        ("case_escalation", due_soon["case_id"], 1),
        ("case_escalation", due_soon["case_id"], 2),
    ]
    assert "BREACHED" in messages[1]["subject"]
    tl = api("GET", f"/customers/{customer}/timeline").json["items"]
    assert tl[0]["summary"].startswith("Case escalated (level 2)")
