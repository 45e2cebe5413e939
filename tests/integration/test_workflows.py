"""Workflows through the template's own chain: API write -> table stream -> DomainEventsFunction -> the CRM bus ->
WorkflowEventsRule -> WorkflowTriggerQueue -> WorkflowTriggerFunction -> WorkflowStateMachine (moto executes the
template's definition) -> WorkflowStepFunction -> tasks, emails, cases, tags and signed webhooks a receiver on
127.0.0.1 checks. Also the hourly clock (date fields, schedules), manual and signed inbound starts, the loop
guard, retries and the dead-letter queue, drafts and revisions, and the 400s that name the field."""

from __future__ import annotations

import json
import threading
import time
from datetime import date, timedelta

import boto3
import pytest

from crm.webhooks.signing import sign, verify
from infra.functions import StreamPump, pump_queue, run_scheduled
from tests.integration.test_webhooks import _purge, _subscribe
from tests.support import company, drain_queue, ses_outbox


def _wait_runs(aws, timeout: float = 60) -> None:
    """Until every execution of the workflow machine has ended or waits in its Wait state (its run `waiting`)."""
    from crm.workflows.repository import load_run

    sfn, arn = boto3.client("stepfunctions"), aws["stack"].physical("WorkflowStateMachine")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]
        if all(load_run(e["name"]).status == "waiting" for e in running):
            return
        threading.Event().wait(0.1)  # (not time.sleep: a test records the emulator's sleeps)
    raise AssertionError(f"executions still running: {[e['name'] for e in running]}")


def _chain(aws, events: StreamPump) -> None:
    """Every change so far through the stream, the bus, the trigger queue and the runs it started."""
    for _ in range(3):
        while events.poll() is not None:
            pass
        while pump_queue(aws["stack"], "WorkflowTriggerFunction", "WorkflowTriggerQueue"):
            pass
        _wait_runs(aws)


def _workflow(api, name: str, definition: dict, publish: bool = True) -> dict:
    made = api("POST", "/workflows", {"name": name, "definition": definition}, role="admin")
    assert made.status_code == 201, made.json
    if publish:
        wid = made.json["workflow"]["workflow_id"]
        published = api("POST", f"/workflows/{wid}/publish", role="admin")
        assert published.status_code == 200, published.json
        made.json["workflow"] = published.json
    return made.json


def _runs(api, workflow_id: str) -> list[dict]:
    page = api("GET", f"/workflows/{workflow_id}/runs", role="manager").json["items"]
    return [api("GET", f"/workflows/{workflow_id}/runs/{r['run_id']}", role="manager").json for r in page]


def _task(api, step: dict) -> dict:
    """The task a create_task step made (its detail: "task <id> for <assignee>")."""
    return api("GET", f"/tasks/{step['detail'].split()[1]}", role="manager").json


@pytest.fixture
def chain(aws):
    _purge(aws)
    drain_queue(aws["stack"], "WorkflowTriggerQueue")
    return StreamPump(aws["stack"], "DomainEventsFunction", "CrmTable", "LATEST")


def test_won_opportunity_gives_the_owner_a_task_the_customer_an_email_and_a_receiver_a_signed_call(
    api, aws, receivers, chain
):
    receiver = receivers()
    hook = _subscribe(api, receiver.url(), ["OpportunityWon"])
    api(
        "PUT",
        "/message-templates/deal_won/en",
        {"subject": "Thank you, {name}", "text": "Welcome aboard."},
        role="manager",
    )
    wf = _workflow(
        api,
        "Won deal follow-up",
        {
            "trigger": {"type": "event", "event": "OpportunityWon"},
            "conditions": [{"field": "record.amount", "op": "gte", "value": 1000}],
            "steps": [
                {"type": "create_task", "subject": "Hand over {record.name} to delivery", "due_in_days": 2},
                {"type": "send_email", "template": "deal_won"},
                {"type": "webhook", "webhook_id": hook["webhook"]["webhook_id"]},
            ],
        },
    )
    wid = wf["workflow"]["workflow_id"]
    cid = api("POST", "/customers", company("Won Deal GmbH", emails=["buyer@won.example"])).json["customer_id"]
    close = str(date.today() + timedelta(days=30))
    small = {"name": "Spare parts", "customer_id": cid, "amount": "200", "currency": "EUR", "expected_close": close}
    big = {**small, "name": "Line 4 retrofit", "amount": "48000"}
    opps = [api("POST", "/opportunities", body).json["opportunity_id"] for body in (small, big)]
    mails_before = len(ses_outbox())
    for oid in opps:
        assert (
            api("PATCH", f"/opportunities/{oid}", {"stage": "closed_won", "close_reason": "price"}).status_code == 200
        )
    _chain(aws, chain)

    (run,) = _runs(api, wid)  # the small deal did not meet the condition
    assert (run["status"], run["record_id"], run["revision"]) == ("succeeded", opps[1], 1)
    assert [(s["step"], s["type"], s["outcome"]) for s in run["steps"]] == [
        ("0", "create_task", "done"),
        ("1", "send_email", "done"),
        ("2", "webhook", "done"),
    ]
    task = _task(api, run["steps"][0])
    assert (task["subject"], task["assignee"]) == ("Hand over Line 4 retrofit to delivery", "sales@crm.local")
    assert task["related"]["opportunity_id"] == opps[1] and task["customer_id"] == cid
    (mail,) = [m for m in ses_outbox()[mails_before:] if m["Subject"] == "Thank you, Won Deal GmbH"]
    assert mail["To"] == "buyer@won.example"
    (step_call,) = receiver.got  # (the subscription's own OpportunityWon deliveries wait in WebhookQueue)
    assert json.loads(step_call["body"])["type"] == "WorkflowStep"
    assert verify(hook["secret"], step_call["headers"]["X-CRM-Signature"], step_call["body"])
    assert json.loads(step_call["body"])["data"]["record"]["opportunity_id"] == opps[1]

    assert (run["trigger"]["type"], run["trigger"]["event_type"]) == ("event", "OpportunityWon")
    again = {"event_id": run["trigger"]["event_id"], "opportunity_id": opps[1], "actor": "sales@crm.local"}
    from crm.workflows.starts import on_event

    assert on_event("OpportunityWon", again) == []  # the bus delivered the same event again
    assert len(_runs(api, wid)) == 1


def test_a_date_field_starts_a_renewal_task_60_days_before_the_contract_ends(api, aws, chain):
    field = {"key": "contract_end", "type": "date", "labels": {"en": "Contract end"}, "filterable": True}
    assert api("POST", "/settings/fields/customer", field, role="admin").status_code == 201
    wf = _workflow(
        api,
        "Renewal",
        {
            "trigger": {"type": "date", "entity": "customer", "field": "contract_end", "offset_days": -60, "hour": 0},
            "steps": [
                {"type": "create_task", "subject": "Renewal: {customer.name} ends {customer.custom.contract_end}"}
            ],
        },
    )
    ends = str(date.today() + timedelta(days=60))
    cid = api("POST", "/customers", company("Renewing AG", custom={"contract_end": ends})).json["customer_id"]
    api("POST", "/customers", company("Later AG", custom={"contract_end": str(date.today() + timedelta(days=61))}))
    index = StreamPump(aws["stack"], "CustomIndexFunction", "CrmTable", "TRIM_HORIZON")
    while index.poll() is not None:
        pass
    assert run_scheduled(aws["stack"], "WorkflowTriggerFunction", "Clock") == {"started": 1}
    _wait_runs(aws)
    assert run_scheduled(aws["stack"], "WorkflowTriggerFunction", "Clock") == {"started": 0}  # once a day

    (run,) = _runs(api, wf["workflow"]["workflow_id"])  # Later AG's date is a day later
    assert (run["status"], run["record_id"], run["trigger"]["date"]) == ("succeeded", cid, ends)
    task = _task(api, run["steps"][0])
    assert (task["subject"], task["assignee"]) == (f"Renewal: Renewing AG ends {ends}", "sales@crm.local")


def test_a_workflow_is_not_started_by_its_own_change_and_two_that_feed_each_other_stop(api, aws, chain):
    tagger = _workflow(
        api,
        "Tag on change",
        {
            "trigger": {"type": "event", "event": "CustomerUpdated"},
            "conditions": [{"field": "record.industry", "op": "changed"}],
            "steps": [
                {"type": "update_fields", "fields": {"industry": "{record.industry}"}},
                {"type": "add_tag", "tag": "touched"},
            ],
        },
    )
    cid = api("POST", "/customers", company("Loop KG")).json["customer_id"]
    version = api("GET", f"/customers/{cid}").json["version"]
    api("PATCH", f"/customers/{cid}", {"industry": "machinery", "version": version})
    _chain(aws, chain)
    runs = _runs(api, tagger["workflow"]["workflow_id"])
    assert len(runs) == 1 and runs[0]["status"] == "succeeded"  # its own update and tag started nothing
    assert "touched" in api("GET", f"/customers/{cid}").json["tags"]

    from crm.workflows import starts

    ping = {"event_id": "e-0", "customer_id": cid, "changed_fields": ["industry"], "actor": "workflow:other"}
    started = [starts.on_event("CustomerUpdated", {**ping, "event_id": f"e-{n}"}) for n in range(25)]
    assert sum(len(s) for s in started) == starts.RUNS_PER_RECORD_DAY - 1  # one more, then the guard holds
    _wait_runs(aws)


def test_a_step_that_keeps_failing_is_retried_then_the_run_fails_into_the_dead_letter_queue(
    api, aws, receivers, chain, monkeypatch
):
    from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl

    waits: list[float] = []
    monkeypatch.setattr(retrier_decl.time, "sleep", waits.append)  # the emulator's retry waits, recorded not slept
    drain_queue(aws["stack"], "WorkflowDLQ")
    down = receivers(status=503)
    hook = _subscribe(api, down.url(), ["CaseOpened"])
    wf = _workflow(
        api,
        "Tell the ERP",
        {
            "trigger": {"type": "manual", "entity": "customer"},
            "steps": [
                {"type": "add_tag", "tag": "erp"},
                {"type": "webhook", "webhook_id": hook["webhook"]["webhook_id"]},
            ],
        },
    )
    wid = wf["workflow"]["workflow_id"]
    cid = api("POST", "/customers", company("Failing Receiver SA")).json["customer_id"]
    assert api("GET", "/workflows/manual?entity=customer", role="agent").json["items"] == [
        {"workflow_id": wid, "name": "Tell the ERP"}
    ]
    started = api("POST", f"/workflows/{wid}/runs", {"record_id": cid}, role="agent")
    assert started.status_code == 202 and started.json["started"]
    _wait_runs(aws)

    (run,) = _runs(api, wid)
    assert run["status"] == "failed" and "HTTP 503" in run["error"]
    assert [(s["type"], s["outcome"]) for s in run["steps"]] == [("add_tag", "done"), ("error", "failed")]
    assert len(down.got) == 5 and waits == [30, 120, 480, 1920]  # 1 + the template's 4 retries, backing off x4
    assert api("GET", f"/customers/{cid}").json["tags"].count("erp") == 1  # the tag was not added again
    dlq = boto3.client("sqs").receive_message(QueueUrl=aws["stack"].physical("WorkflowDLQ"))["Messages"]
    assert json.loads(dlq[0]["Body"])["run_id"] == run["run_id"]


def test_an_inbound_call_signed_with_the_workflows_secret_starts_it_once_and_a_forged_one_is_refused(api, aws, chain):
    wf = _workflow(
        api,
        "Complaint from the web shop",
        {
            "trigger": {"type": "inbound", "entity": "customer", "record_field": "customer_id"},
            "steps": [{"type": "create_case", "subject": "Shop complaint: {event.reason}", "category": "complaint"}],
        },
    )
    wid, secret = wf["workflow"]["workflow_id"], wf["secret"]
    assert wf["workflow"]["inbound_url"] == f"https://crm.test/hooks/workflows/{wid}"
    cid = api("POST", "/customers", company("Inbound Shop Ltd")).json["customer_id"]
    body = json.dumps({"id": "shop-77", "customer_id": cid, "reason": "late delivery"})
    signed = {"X-CRM-Signature": sign(secret, body.encode())}
    first = api("POST", f"/hooks/workflows/{wid}", raw=body, headers=signed, role=None)
    assert first.status_code == 202 and first.json["started"]
    assert api("POST", f"/hooks/workflows/{wid}", raw=body, headers=signed, role=None).json["started"] is False
    forged = {"X-CRM-Signature": sign(secret + "x", body.encode())}
    assert api("POST", f"/hooks/workflows/{wid}", raw=body, headers=forged, role=None).status_code == 401
    old = {"X-CRM-Signature": sign(secret, body.encode(), int(time.time()) - 600)}
    assert api("POST", f"/hooks/workflows/{wid}", raw=body, headers=old, role=None).status_code == 401
    unknown = json.dumps({"id": "shop-78", "customer_id": "nobody"})
    bad = api(
        "POST",
        f"/hooks/workflows/{wid}",
        raw=unknown,
        headers={"X-CRM-Signature": sign(secret, unknown.encode())},
        role=None,
    )
    assert bad.status_code == 400 and "customer_id" in bad.json["fields"]
    _wait_runs(aws)
    (run,) = _runs(api, wid)
    assert run["status"] == "succeeded" and run["steps"][0]["detail"].startswith("case ")
    case = api("GET", f"/cases/{run['steps'][0]['detail'].split()[1]}", role="agent").json
    assert (case["customer_id"], case["subject"], case["category"]) == (
        cid,
        "Shop complaint: late delivery",
        "complaint",
    )


def test_branches_waits_drafts_and_revisions(api, aws, chain):
    wf = _workflow(
        api,
        "Sort new customers",
        {
            "trigger": {"type": "manual", "entity": "customer"},
            "steps": [
                {"type": "wait", "until": "record.created_at", "minutes": 0},
                {
                    "type": "branch",
                    "conditions": [{"field": "record.kind", "op": "eq", "value": "company"}],
                    "then": [{"type": "add_tag", "tag": "b2b"}],
                    "otherwise": [{"type": "add_tag", "tag": "b2c"}],
                },
                {"type": "add_tag", "tag": "sorted"},
            ],
        },
    )
    wid, version = wf["workflow"]["workflow_id"], wf["workflow"]["version"]
    draft = {"trigger": {"type": "manual", "entity": "customer"}, "steps": [{"type": "add_tag", "tag": "v2"}]}
    changed = api("PATCH", f"/workflows/{wid}", {"definition": draft, "version": version}, role="admin").json
    assert changed["published_revision"] == 1 and changed["published"]["steps"][0]["type"] == "wait"
    cid = api("POST", "/customers", company("Branch Co")).json["customer_id"]
    api("POST", f"/workflows/{wid}/runs", {"record_id": cid}, role="sales")
    _wait_runs(aws)
    tags = api("GET", f"/customers/{cid}").json["tags"]
    assert "b2b" in tags and "sorted" in tags and "b2c" not in tags and "v2" not in tags  # revision 1 ran
    (run,) = _runs(api, wid)
    assert [(s["step"], s["type"], s["detail"]) for s in run["steps"]][:3] == [
        ("0", "wait", "the time had passed"),
        ("1", "branch", "then"),
        ("1.then.0", "add_tag", "changed tags"),
    ]
    assert api("POST", f"/workflows/{wid}/publish", role="admin").json["published_revision"] == 2
    duty = {"type": "assign_owner", "team": ["duty1@crm.local", "duty2@crm.local"]}
    turns = _workflow(api, "Duty", {"trigger": {"type": "manual", "entity": "customer"}, "steps": [duty]})
    others = [
        api("POST", "/customers", company(f"Turn {n} Ltd", emails=[f"t{n}@turn.example"], phones=[])).json
        for n in range(3)
    ]
    for c in others:
        api(
            "POST", f"/workflows/{turns['workflow']['workflow_id']}/runs", {"record_id": c["customer_id"]}, role="sales"
        )
    _wait_runs(aws)
    owners = [api("GET", f"/customers/{c['customer_id']}").json["owner"] for c in others]
    assert sorted(owners) == ["duty1@crm.local", "duty1@crm.local", "duty2@crm.local"]  # turns 1, 2, 3 in turn
    deals = {"trigger": {"type": "manual", "entity": "opportunity"}, "steps": [{"type": "add_tag", "tag": "x"}]}
    on_deals = _workflow(api, "Deal desk", deals)["workflow"]["workflow_id"]
    refused = api("POST", f"/workflows/{on_deals}/runs", {"record_id": "any"}, role="agent")
    assert refused.status_code == 403  # agents may not read opportunities, so they may not run on one
    assert api("POST", f"/workflows/{wid}/disable", role="admin").json["status"] == "disabled"
    off = api("POST", f"/workflows/{wid}/runs", {"record_id": cid}, role="sales")
    assert off.status_code == 404


def test_new_leads_are_routed_to_the_team_in_turn_and_each_new_owner_gets_a_call_task(api, aws, chain):
    """The "Lead routing" template, with the team set: on LeadCreated the lead itself (not a customer) gets the next
    owner of the team, and the task step after it goes to that new owner; the leads' owner index follows."""
    team = ["duty1@crm.local", "duty2@crm.local"]
    templates = api("GET", "/workflows/templates", role="admin").json["items"]
    flow = next(t for t in templates if t["template_id"] == "lead-routing")["definition"]
    assert [s["type"] for s in flow["steps"]] == ["assign_owner", "create_task"] and flow["steps"][0]["of"] == "record"
    flow["steps"][0]["team"] = team
    wid = _workflow(api, "Lead routing", flow)["workflow"]["workflow_id"]
    leads = []
    for n in range(3):
        lead = {
            "last_name": f"Router{n}",
            "company": f"Route {n} GmbH",
            "email": f"r{n}@route.example",
            "source": "web",
        }
        leads.append(api("POST", "/leads", lead).json)
    assert {lead["owner"] for lead in leads} == {"sales@crm.local"}  # whoever entered them, until routed
    _chain(aws, chain)
    owners = {lead["lead_id"]: api("GET", f"/leads/{lead['lead_id']}", role="manager").json["owner"] for lead in leads}
    assert sorted(owners.values()) == [team[0], team[0], team[1]]
    runs = _runs(api, wid)
    assert len(runs) == 3 and {r["status"] for r in runs} == {"succeeded"}
    for run in runs:
        routed, task_step = run["steps"]
        task = _task(api, task_step)
        assert routed["detail"] == f"owner of the lead: {task['assignee']}"
        assert task["subject"].startswith("Call the new lead Router") and task["subject"].endswith(" GmbH")
    by_owner = api("GET", f"/leads?owner={team[1]}", role="manager").json["items"]
    assert [lead["lead_id"] for lead in by_owner] == [k for k, v in owners.items() if v == team[1]]  # the index moved


def test_definitions_are_checked_and_a_400_names_the_field(api):
    def create(definition: dict) -> dict:
        r = api("POST", "/workflows", {"name": "x", "definition": definition}, role="admin")
        assert r.status_code == 400, r.json
        return r.json["fields"]

    assert any(
        "trigger" in k for k in create({"trigger": {"type": "sometimes"}, "steps": [{"type": "add_tag", "tag": "x"}]})
    )
    assert any(
        k.startswith("definition.steps")
        for k in create({"trigger": {"type": "manual", "entity": "customer"}, "steps": []})
    )
    fields = create({"trigger": {"type": "manual", "entity": "customer"}, "steps": [{"type": "wait"}]})
    assert any(k.startswith("definition.steps.0") for k in fields)
    weekly = {"type": "schedule", "every": "week", "hour": 6}
    assert any(
        "trigger" in k
        for k in create({"trigger": weekly, "steps": [{"type": "create_task", "subject": "x", "assignee": "a@b.c"}]})
    )

    ghost = {
        "trigger": {"type": "manual", "entity": "customer"},
        "steps": [{"type": "branch", "conditions": [], "then": [{"type": "webhook", "webhook_id": "nope"}]}],
    }
    wid = api("POST", "/workflows", {"name": "ghost", "definition": ghost}, role="admin").json["workflow"][
        "workflow_id"
    ]
    r = api("POST", f"/workflows/{wid}/publish", role="admin")
    assert r.status_code == 400 and r.json["fields"] == {"definition.steps.0.then.0.webhook_id": "unknown webhook"}
    dated = {
        "trigger": {"type": "date", "entity": "customer", "field": "no_such"},
        "steps": [{"type": "add_tag", "tag": "x"}],
    }
    wid = api("POST", "/workflows", {"name": "dated", "definition": dated}, role="admin").json["workflow"][
        "workflow_id"
    ]
    r = api("POST", f"/workflows/{wid}/publish", role="admin")
    assert r.status_code == 400 and r.json["fields"] == {"definition.trigger.field": "no such field"}
    ownerless = {
        "trigger": {"type": "manual", "entity": "customer"},
        "steps": [{"type": "assign_owner", "team": ["a@crm.local"], "of": "record"}],
    }
    wid = api("POST", "/workflows", {"name": "ownerless", "definition": ownerless}, role="admin").json["workflow"][
        "workflow_id"
    ]
    r = api("POST", f"/workflows/{wid}/publish", role="admin")
    assert r.status_code == 400 and list(r.json["fields"]) == ["definition.steps.0.of"]
    assert api("POST", "/workflows", {"name": "x", "definition": ghost}, role="manager").status_code == 403
    assert api("GET", "/workflows", role="sales").status_code == 403
    assert [t["template_id"] for t in api("GET", "/workflows/templates", role="admin").json["items"]] == [
        "lead-nurturing",
        "lead-routing",
        "renewal-task",
        "won-follow-up",
        "new-customer-welcome",
        "escalated-case-owner",
    ]


def _reply(aws, sender: str, message_id: str) -> None:
    """An email from `sender` arrives (SES stores it, InboundEmailFunction reads it)."""
    from email.message import EmailMessage

    from infra.functions import Context, handler

    reply = EmailMessage()
    reply["From"], reply["To"], reply["Subject"], reply["Message-ID"] = (
        sender,
        "reply@crm.example",
        "Re: Hi",
        message_id,
    )
    reply.set_content("Call me tomorrow")
    bucket = aws["stack"].physical("MailBucket")
    boto3.client("s3").put_object(Bucket=bucket, Key=f"inbound/{message_id}", Body=reply.as_bytes())
    record = {"eventSource": "aws:s3", "eventName": "ObjectCreated:Put"}
    record["s3"] = {"bucket": {"name": bucket}, "object": {"key": f"inbound/{message_id}"}}
    handler(aws["stack"], "InboundEmailFunction")({"Records": [record]}, Context("i"))


def test_lead_nurturing_is_a_workflow_once_per_lead_that_a_reply_stops(api, aws, chain):
    from crm.workflows.engine import advance

    for n, subject in ((1, "Welcome {first_name}"), (2, "Still interested?"), (3, "Last note")):
        api("PUT", f"/message-templates/nurture_{n}/en", {"subject": subject, "text": "..."}, role="manager")
    template = next(
        t
        for t in api("GET", "/workflows/templates", role="admin").json["items"]
        if t["template_id"] == "lead-nurturing"
    )
    wf = _workflow(api, "Nurture web leads", template["definition"])
    wid = wf["workflow"]["workflow_id"]
    before = len(ses_outbox())
    cold = api("POST", "/leads", {"last_name": "Low", "source": "web", "email": "low@gmail.com"}).json
    keen = {"last_name": "Keen", "first_name": "Kim", "source": "web", "email": "kim@keen.example", "employees": 60}
    lead = api("POST", "/leads", keen).json
    assert cold["score"] < 30 <= lead["score"]
    other = api("POST", "/leads", {**keen, "first_name": "Ola", "email": "ola@keen.example"}).json
    _chain(aws, chain)  # each run sends its first email and waits three days (the machine's Wait state)
    sent = [m for m in ses_outbox()[before:] if m["Subject"].startswith("Welcome")]
    assert sorted(m["Subject"] for m in sent) == ["Welcome Kim", "Welcome Ola"]  # not the cold lead
    runs = {r["record_id"]: r for r in _runs(api, wid)}
    assert set(runs) == {lead["lead_id"], other["lead_id"]} and {r["status"] for r in runs.values()} == {"waiting"}
    assert runs[lead["lead_id"]]["steps"][-1]["type"] == "wait"

    version = api("GET", f"/leads/{lead['lead_id']}").json["version"]
    api("PATCH", f"/leads/{lead['lead_id']}", {"employees": 500, "version": version})  # re-scored: LeadUpdated
    _reply(aws, "kim@keen.example", "<r1@keen.example>")
    assert api("GET", f"/leads/{lead['lead_id']}").json["replied_at"]
    _chain(aws, chain)
    assert len(_runs(api, wid)) == 2  # once per lead, however often it changes
    sfn = boto3.client("stepfunctions")
    for e in sfn.list_executions(stateMachineArn=aws["stack"].physical("WorkflowStateMachine"), statusFilter="RUNNING")[
        "executions"
    ]:
        sfn.stop_execution(executionArn=e["executionArn"])  # three days are not waited here: the machine's next step is
    assert advance(runs[lead["lead_id"]]["run_id"])["status"] == "succeeded"  # replied: the branch ends it
    state = advance(runs[other["lead_id"]]["run_id"])  # the second email, then the next wait
    assert state["status"] == "waiting" and state["wake_at"].endswith("Z")
    after = {r["record_id"]: r for r in _runs(api, wid)}
    assert [s["detail"] for s in after[lead["lead_id"]]["steps"] if s["type"] == "branch"] == ["otherwise"]
    assert [s["detail"] for s in after[other["lead_id"]]["steps"] if s["type"] == "branch"] == ["then"]
    assert [m["To"] for m in ses_outbox()[before:] if m["Subject"] == "Still interested?"] == ["ola@keen.example"]
