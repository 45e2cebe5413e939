"""Leads, conversion, opportunities, forecast and pipeline; tasks, calendars, reminders and team activity."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3

from crm.tasks.service import send_due_reminders
from infra.functions import run_scheduled
from tests.support import company

TODAY = datetime.now(UTC).date()
NEXT_MONTH = (TODAY.replace(day=1) + timedelta(days=32)).replace(day=15)


def _lead(api, **extra):
    body = {
        "company": "Nordwind Logistik GmbH",
        "first_name": "Lena",
        "last_name": "Hart",
        "email": "l.hart@nordwind.example",
        "phone": "040 123456",
        "country": "DE",
        "industry": "logistics",
        "employees": 120,
        "source": "event",
        "budget": "20000",
        "currency": "EUR",
        "timeframe": "3-6m",
        **extra,
    }
    r = api("POST", "/leads", body)
    assert r.status_code == 201, r.json
    return r.json


def test_lead_is_scored_with_reasons_and_rescored_on_change(api):
    lead = _lead(api)
    # event 20 + business email 10 + phone 5 + 50+ employees 10 + budget>=10000 10 + 3-6m 8 + logistics 10 = 73
    assert (lead["score"], lead["grade"]) == (73, "A") and "+20 source event" in lead["score_reasons"]
    assert lead["phone"] == "+4940123456" and lead["owner"] == "sales@crm.local"
    changed = api("PATCH", f"/leads/{lead['lead_id']}", {"timeframe": "unknown", "budget": None}).json
    assert changed["score"] == 55 and changed["grade"] == "B"
    r = api("PATCH", f"/leads/{lead['lead_id']}", {"status": "disqualified"})
    assert r.status_code == 400 and r.json["fields"] == {"disqualify_reason": "required"}
    top = api("GET", "/leads?status=new").json["items"]
    assert [x["lead_id"] for x in top] == [lead["lead_id"]]
    r = api("POST", "/leads", {"last_name": "X", "source": "web"})
    assert r.status_code == 400 and "email" in r.json["fields"]
    assert (
        api("POST", "/leads", {"last_name": "X", "source": "web", "email": "x@y.example"}, role="agent").status_code
        == 403
    )


def test_convert_lead_creates_customer_and_opportunity_once(api):
    lead = _lead(api)
    body = {"amount": "18000", "currency": "EUR", "expected_close": str(NEXT_MONTH)}
    conv = api("POST", f"/leads/{lead['lead_id']}/convert", body)
    assert conv.status_code == 201, conv.json
    c = conv.json
    assert c["customer_created"] and c["lead"]["status"] == "converted"
    assert c["opportunity"]["stage"] == "qualification" and c["opportunity"]["probability"] == 20
    assert c["opportunity"]["weighted_amount"] == "3600.00"
    customer = api("GET", f"/customers/{c['customer_id']}").json
    assert customer["name"] == "Nordwind Logistik GmbH" and customer["emails"] == ["l.hart@nordwind.example"]
    view = api("GET", f"/customers/{c['customer_id']}/360").json
    assert view["contacts"][0]["last_name"] == "Hart"
    assert any(e["kind"] == "opportunity" for e in view["timeline"])
    again = api("POST", f"/leads/{lead['lead_id']}/convert", body)
    assert again.status_code == 409 and again.json["opportunity_id"] == c["opportunity"]["opportunity_id"]

    twin = _lead(api, company="Nordwind again")
    dup = api("POST", f"/leads/{twin['lead_id']}/convert", body)
    assert dup.status_code == 409 and dup.json["duplicates"][0]["customer_id"] == c["customer_id"]
    attached = api("POST", f"/leads/{twin['lead_id']}/convert", {**body, "customer_id": c["customer_id"]}).json
    assert attached["customer_id"] == c["customer_id"] and not attached["customer_created"]


def test_opportunity_stages_closing_forecast_and_pipeline(api):
    cid = api("POST", "/customers", company("Pipe AG")).json["customer_id"]

    def mk(name, amount, **kw):
        body = {"name": name, "customer_id": cid, "amount": amount, "currency": "EUR", **kw}
        return api("POST", "/opportunities", {**body, "expected_close": str(NEXT_MONTH)}).json

    a = mk("A", "10000")
    b = mk("B", "4000", stage="proposal")
    c = mk("C", "1000", stage="negotiation", probability=90)
    usd = mk("D", "500", currency="USD")
    assert (a["probability"], b["probability"], c["probability"]) == (10, 50, 90)
    r = api("PATCH", f"/opportunities/{b['opportunity_id']}", {"stage": "closed_lost"})
    assert r.status_code == 400 and r.json["fields"] == {"close_reason": "required when closing"}
    won = api("PATCH", f"/opportunities/{c['opportunity_id']}", {"stage": "closed_won", "close_reason": "price"}).json
    assert won["status"] == "won" and won["probability"] == 100 and won["expected_close"] == str(TODAY)
    assert api("PATCH", f"/opportunities/{c['opportunity_id']}", {"amount": "1"}).status_code == 409
    moved = api("PATCH", f"/opportunities/{a['opportunity_id']}", {"stage": "negotiation"}).json
    assert moved["probability"] == 75 and [h["stage"] for h in moved["history"]] == ["prospecting", "negotiation"]

    month = str(NEXT_MONTH)[:7]
    f = api("GET", f"/forecast?from={str(TODAY)[:7]}&to={month}").json
    rows = {(r["month"], r["currency"]): r for r in f["rows"]}
    nxt = rows[(month, "EUR")]
    # open: A 10000 x 75 % + B 4000 x 50 % = 9500 weighted of 14000
    assert (nxt["open_count"], nxt["pipeline"], nxt["weighted"], nxt["forecast"]) == (2, "14000", "9500.00", "9500.00")
    assert rows[(str(TODAY)[:7], "EUR")]["won"] == "1000"  # C counts in the month it was won
    assert rows[(month, "USD")]["weighted"] == "50.00"  # currencies are never summed together
    assert api("GET", "/forecast?from=2026-05&to=2026-01").status_code == 400
    assert api("GET", "/forecast?from=2026-01&to=2026-02", role="agent").status_code == 403

    p = api("GET", "/pipeline").json["stages"]
    assert [(s["stage"], s["currency"], s["count"], s["amount"]) for s in p] == [
        ("prospecting", "USD", 1, "500"),
        ("proposal", "EUR", 1, "4000"),
        ("negotiation", "EUR", 1, "10000"),
    ]
    assert usd["status"] == "open"


def test_tasks_calendar_reminders_and_team_activity(api, aws):
    soon = datetime.now(UTC) + timedelta(minutes=20)  # reminder 15 minutes before: due in 5 minutes
    meeting = api(
        "POST",
        "/tasks",
        {
            "kind": "meeting",
            "subject": "Kick-off",
            "start_at": soon.isoformat(),
            "end_at": (soon + timedelta(hours=1)).isoformat(),
            "remind_minutes_before": 15,
        },
    ).json
    call = api(
        "POST",
        "/tasks",
        {
            "kind": "call",
            "subject": "Follow up",
            "due_at": (soon + timedelta(days=1)).isoformat(),
            "assignee": "agent@crm.local",
        },
    ).json
    assert meeting["remind_at"] < meeting["start_at"]
    r = api("POST", "/tasks", {"kind": "meeting", "subject": "x", "start_at": soon.isoformat()})
    assert r.status_code == 400 and "needs start_at and end_at" in str(r.json["fields"])

    cal = api("GET", f"/calendar?from={TODAY}&to={TODAY + timedelta(days=2)}").json
    assert [t["task_id"] for t in cal["items"]] == [meeting["task_id"]]  # the call belongs to the agent
    assert api("GET", f"/calendar?user=agent@crm.local&from={TODAY}&to={TODAY + timedelta(days=2)}").status_code == 403
    agent_cal = api(
        "GET", f"/calendar?user=agent@crm.local&from={TODAY}&to={TODAY + timedelta(days=2)}", role="manager"
    ).json
    assert [t["task_id"] for t in agent_cal["items"]] == [call["task_id"]]
    assert api("GET", f"/tasks/{meeting['task_id']}", role="agent").status_code == 404  # not the agent's

    sqs, sns = boto3.client("sqs"), boto3.client("sns")
    url = sqs.create_queue(QueueName="reminders-inbox")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(
        TopicArn=aws["stack"].physical("NotificationTopic"),
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true", "FilterPolicy": json.dumps({"kind": ["task_reminder"]})},
    )
    assert run_scheduled(aws["stack"], "TaskReminderFunction")["sent"] == 0  # the real handler: not due yet
    report = send_due_reminders(datetime.now(UTC) + timedelta(minutes=6))
    assert report["task_ids"] == [meeting["task_id"]]
    assert send_due_reminders(datetime.now(UTC) + timedelta(minutes=7))["sent"] == 0  # at most once
    msgs = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]]
    assert [(m["recipient"], m["ref"]["task_id"]) for m in msgs] == [("sales@crm.local", meeting["task_id"])]

    cid = api("POST", "/customers", company("Task Co")).json["customer_id"]
    done_call = api(
        "POST", "/tasks", {"kind": "call", "subject": "Intro call", "due_at": soon.isoformat(), "customer_id": cid}
    ).json
    api("POST", f"/tasks/{done_call['task_id']}/complete", {"outcome": "interested"})
    api("POST", f"/tasks/{meeting['task_id']}/complete", {})
    api("POST", f"/tasks/{call['task_id']}/complete", {}, role="agent")
    y, w, _ = datetime.now(UTC).isocalendar()
    week = api("GET", f"/activities?week={y}-W{w:02d}", role="manager").json
    assert {r["rep"]: r["by_kind"] for r in week["reps"]} == {
        "agent@crm.local": {"call": 1},
        "sales@crm.local": {"call": 1, "meeting": 1},
    }
    assert api("GET", f"/activities?week={y}-W{w:02d}").status_code == 403
    tl = api("GET", f"/customers/{cid}/timeline").json["items"]
    assert tl[0]["kind"] == "call" and tl[0]["body"] == "interested"
