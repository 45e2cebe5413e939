"""Amazon Connect hooks run as Connect invokes them (the template's handlers, real event shapes), against moto."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from botocore.stub import Stubber

from crm.contact_centre import service as routing
from infra.functions import Context, handler
from infra.request_count import dynamodb_requests
from tests.connect_events import SAMPLES, call, sample, variants
from tests.support import company

Q = "arn:aws:connect:eu-central-1:123456789012:instance/inst-1/queue/"
CONFIG = {
    "general": Q + "general",
    "priority": Q + "vip",
    "partner_desk": Q + "partners",
    "by_language": {"pl": Q + "polski"},
    "by_owner": {"agent@crm.local": Q + "agent-anna"},
    "names": {
        Q + "general": "General",
        Q + "vip": "Priority",
        Q + "partners": "Partner desk",
        Q + "polski": "Polski",
        Q + "agent-anna": "Anna (agent)",
    },
}


def hook(aws, name):
    fn = handler(aws["stack"], name)
    return lambda event: fn(event, Context(name))


def metrics(waits: dict[str, int]) -> None:
    """Queue metrics through the real ConnectMetrics with the Connect API stubbed (moto has no Connect)."""
    import boto3

    client = boto3.client("connect", region_name="eu-central-1")
    stub = Stubber(client)
    arns = sorted({*[v for k, v in CONFIG.items() if isinstance(v, str)], Q + "polski", Q + "agent-anna"})
    results = [
        {
            "Dimensions": {"Queue": {"Id": a.rsplit("/", 1)[-1], "Arn": a}, "Channel": "VOICE"},
            "Collections": [
                {"Metric": {"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}, "Value": float(waits[a] // 100)},
                {"Metric": {"Name": "AGENTS_ONLINE", "Unit": "COUNT"}, "Value": 1.0},
                {"Metric": {"Name": "AGENTS_AVAILABLE", "Unit": "COUNT"}, "Value": 0.0},
                {"Metric": {"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"}, "Value": float(waits[a] % 100)},
            ],
        }
        for a in arns
    ]
    stub.add_response(
        "get_current_metric_data",
        {"MetricResults": results, "DataSnapshotTime": datetime.now(UTC)},
        {
            "InstanceId": "inst-1",
            "Filters": {"Queues": [a.rsplit("/", 1)[-1] for a in arns], "Channels": ["VOICE"]},
            "Groupings": ["QUEUE"],
            "CurrentMetrics": [
                {"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"},
                {"Name": "AGENTS_ONLINE", "Unit": "COUNT"},
                {"Name": "AGENTS_AVAILABLE", "Unit": "COUNT"},
                {"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"},
            ],
        },
    )
    with stub:
        report = routing.refresh_metrics(routing.ConnectMetrics("inst-1", client))
    assert report["queues"] == len(arns) and report["source"] == "connect"


@pytest.fixture
def connect(api, aws):
    assert api("PUT", "/routing/config", CONFIG, role="manager").status_code == 200
    routing.reset_cache()
    vip = api(
        "POST",
        "/customers",
        company("VIP Maschinen GmbH", phones=["+49 30 5550001"], tags=["vip"], owner="sales@crm.local"),
    ).json
    pl = api(
        "POST",
        "/customers",
        company(
            "Kowalski Sp. z o.o.",
            phones=["+48 22 555 01 02"],
            emails=["k@kow.example"],
            tags=[],
            language="pl",
            address={"country": "PL", "postal_code": "00-950"},
        ),
    ).json
    api(
        "POST",
        "/partners",
        {
            "name": "Partner Desk Test",
            "kind": "reseller",
            "partner_id": "P-CALL",
            "contacts": [{"name": "Pat", "phone": "+44 20 7946 0958"}],
        },
        role="manager",
    )
    return {"vip": vip["customer_id"], "pl": pl["customer_id"]}


@pytest.mark.parametrize("name", SAMPLES)
def test_the_acd_answers_every_real_sample_with_a_flat_string_map(aws, connect, name):
    out = hook(aws, "AcdFunction")(sample(name))
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in out.items())
    assert out["queue_arn"] == Q + "general" and out["crm_known"] == "no" and "crm_fault" not in out
    assert len(json.dumps(out).encode()) < 32 * 1024


@pytest.mark.parametrize("name", sorted(variants()))
def test_the_acd_tolerates_what_the_data_class_does_not_know(aws, connect, name):
    out = hook(aws, "AcdFunction")(variants()[name])
    assert "crm_fault" not in out, out
    assert out["queue_arn"].startswith(Q)


def test_routing_rules_and_load_awareness(api, aws, connect):
    acd = hook(aws, "AcdFunction")
    metrics({Q + "general": 30, Q + "vip": 150, Q + "partners": 10, Q + "polski": 20, Q + "agent-anna": 400})
    assert acd(call(None))["queue_arn"] == Q + "general"  # withheld number
    unknown = acd(call("+49 30 5559999"))
    assert (unknown["queue_arn"], unknown["crm_known"]) == (Q + "general", "no")
    assert acd(call("+442079460958"))["queue_arn"] == Q + "partners"

    vip = acd(call("+49305550001"))
    assert vip["crm_vip"] == "true" and vip["queue_arn"] == Q + "vip" and "VIP" in vip["crm_route_reason"]
    case = api(
        "POST",
        "/cases",
        {
            "customer_id": connect["vip"],
            "subject": "Press jammed",
            "channel": "phone",
            "category": "incident",
            "owner": "agent@crm.local",
        },
        role="agent",
    ).json
    with_case = acd(call("+49305550001"))
    # eligible: Anna's queue (open case) and the priority queue (VIP); the priority queue waits less
    assert with_case["crm_open_case_id"] == case["case_id"] and with_case["queue_arn"] == Q + "vip"
    with dynamodb_requests() as counts:
        pop = api("GET", "/agent/screen-pop?phone=%2B49305550001", role="agent").json
    assert pop["caller"]["open_case_id"] == case["case_id"] and pop["caller"]["vip"] is True
    assert pop["customer_360"]["customer"]["customer_id"] == pop["caller"]["customer_id"]
    assert counts == {"Query": 2}, counts  # the phone index, then the partition: the card's items and the 360
    metrics({Q + "general": 30, Q + "vip": 500, Q + "partners": 10, Q + "polski": 20, Q + "agent-anna": 100})
    routed = acd(call("+49305550001"))
    assert (
        routed["queue_arn"] == Q + "agent-anna" and "open case owned by agent@crm.local" in routed["crm_route_reason"]
    )
    pl = acd(call("+48225550102"))
    assert (pl["queue_arn"], pl["crm_prompt_lang"]) == (Q + "polski", "pl")
    api("POST", f"/cases/{case['case_id']}/status", {"status": "resolved"}, role="agent")
    assert "crm_open_case_id" not in acd(call("+49305550001"))  # resolved: the card no longer points at it

    with dynamodb_requests() as counts:
        warm = acd(call("+49305550001"))
    assert counts == {"Query": 1, "BatchGetItem": 1}, counts  # warm: the phone index, then the card by key
    routing.reset_cache()  # a new container: the routing state comes with the card, not in a request of its own
    with dynamodb_requests() as counts:
        cold = acd(call("+49305550001"))
    assert counts == {"Query": 1, "BatchGetItem": 1}, counts
    assert cold == warm and cold["crm_known"] == "yes"


def test_fallback_answer_when_the_table_is_unreachable_or_hangs(aws, connect, monkeypatch):
    """Connect must get an answer even when DynamoDB does not give one; the hook never waits for the table.

    The hanging call blocks on an event that is only set afterwards, so the hook answering at all proves
    it did not wait; how fast it answers is the cold-start benchmark's business, not this test's.
    """
    from crm.db import CrmItem

    monkeypatch.setenv("HOOK_BUDGET_SECONDS", "0.5")
    conn = CrmItem._connection
    monkeypatch.setattr(CrmItem.Meta, "host", "http://127.0.0.1:9", raising=False)
    CrmItem._connection = None
    routing.reset_cache()
    try:
        out = hook(aws, "AcdFunction")(call("+49305550001"))
    finally:
        CrmItem._connection = conn
    assert out["crm_fault"] in ("timeout",) or out["crm_fault"].startswith("error:"), out
    assert out["queue_arn"] == "" or out["crm_known"] == "unknown"

    released = threading.Event()
    monkeypatch.setattr("crm.contact_centre.routing.identify", lambda *a, **k: released.wait(60))
    try:
        out = hook(aws, "AcdFunction")(call("+49305550001"))
        assert not released.is_set()  # answered while the table call was still hanging
    finally:
        released.set()
    assert out["crm_fault"] == "timeout" and out["crm_known"] == "unknown", out
    assert hook(aws, "AcdFunction")(["not", "a connect event"])["crm_fault"].startswith("bad_event")


def test_ivr_verification_lockout_and_self_service(api, aws, connect):
    ivr = hook(aws, "IvrFunction")
    assert api("PUT", f"/customers/{connect['pl']}/ivr-pin", {"pin": "12a4"}).status_code == 400
    assert api("PUT", f"/customers/{connect['pl']}/ivr-pin", {"pin": "2468"}).status_code == 200
    attrs = {"crm_customer_id": connect["pl"], "crm_prompt_lang": "pl"}

    def ask(intent, digits="", extra=None, cid="c-1"):
        return ivr(
            call(
                "+48225550102",
                contact_id=cid,
                parameters={"intent": intent, "digits": digits},
                attributes={**attrs, **(extra or {})},
            )
        )

    denied = ask("balance")
    assert denied["crm_result"] == "need_verify" and denied["prompt"].startswith("<speak>Najpierw")
    forged = ask("balance", extra={"crm_verified": connect["pl"], "crm_sig": "0" * 32})
    assert forged["crm_result"] == "need_verify"
    assert ask("verify", "1111")["crm_attempts_left"] == "2"
    ok = ask("verify", "00950")  # the postcode works too
    assert ok["crm_result"] == "verified" and "Dziękujemy" in ok["prompt"]
    for left in ("2", "1"):
        assert ask("verify", "9999")["crm_attempts_left"] == left
    assert ask("verify", "9999")["crm_result"] == "locked"
    assert ask("verify", "2468")["crm_result"] == "locked"  # even the right PIN while locked
    signed = {"crm_verified": ok["crm_verified"], "crm_sig": ok["crm_sig"]}
    assert ask("balance", extra=signed)["crm_result"] == "none"  # verified earlier in this contact: no invoice yet
    assert ask("balance", extra=signed, cid="other-contact")["crm_result"] == "need_verify"  # bound to its contact

    api("POST", "/products", {"sku": "IVR-1", "name": "x", "category": "c", "tax_rate": "0.23"}, role="manager")
    api(
        "POST",
        "/price-lists",
        {
            "name": "pln",
            "currency": "PLN",
            "valid_from": "2026-01-01",
            "prices": [{"sku": "IVR-1", "unit_price": "100"}],
        },
        role="manager",
    )
    order = api(
        "POST", "/orders", {"customer_id": connect["pl"], "currency": "PLN", "lines": [{"sku": "IVR-1", "quantity": 1}]}
    ).json
    digits = order["invoice_number"].replace("-", "")
    status = ask("order_status", digits, extra=signed)
    assert (
        status["crm_order_status"] == "placed" and "przyjęte" in status["prompt"] and "123.00 PLN" in status["prompt"]
    )
    other = api("POST", "/customers", company("Other", phones=[], emails=["o@x.example"])).json
    foreign = api(
        "POST",
        "/orders",
        {"customer_id": other["customer_id"], "currency": "PLN", "lines": [{"sku": "IVR-1", "quantity": 1}]},
    ).json
    assert ask("order_status", foreign["invoice_number"].replace("-", ""), extra=signed)["crm_result"] == "not_found"
    bal = ask("balance", extra=signed)
    assert bal["crm_invoice"] == order["invoice_number"] and "123.00" in bal["prompt"]
    assert ask("hours")["crm_result"] == "ok"
    assert "<speak>" in ivr(call("+49305550001", parameters={"intent": "hours"}))["prompt"]  # English default

    cb = ask("callback", extra={"crm_customer_id": connect["pl"]}, cid="cb-1")
    again = ask("callback", cid="cb-1")
    assert cb["crm_result"] == again["crm_result"] == "ok" and cb["crm_callback_at"] == again["crm_callback_at"]
    import boto3

    names = [s["Name"] for s in boto3.client("scheduler").list_schedules()["Schedules"]]
    assert names.count("crm-callback-cb-1") == 1


def test_contact_records_make_one_interaction_whatever_the_order(api, aws, connect):
    from crm.contact_centre.models import Interaction

    events = hook(aws, "ContactEventsFunction")
    traces = hook(aws, "ContactTraceFunction")
    cid = "11111111-2222-3333-4444-555555555555"
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    iso = lambda d: d.isoformat().replace("+00:00", "Z")  # noqa: E731
    disconnected = {
        "version": "0",
        "id": "e2",
        "detail-type": "Amazon Connect Contact Event",
        "source": "aws.connect",
        "account": "123456789012",
        "time": iso(t0 + timedelta(minutes=4)),
        "region": "eu-central-1",
        "resources": [],
        "detail": {
            "eventType": "DISCONNECTED",
            "contactId": cid,
            "channel": "VOICE",
            "initiationMethod": "INBOUND",
            "initiationTimestamp": iso(t0),
            "disconnectTimestamp": iso(t0 + timedelta(minutes=4, seconds=12)),
            "queueInfo": {"queueArn": Q + "vip"},
            "agentInfo": {
                "agentArn": "arn:aws:connect:::agent/anna",
                "connectedToAgentTimestamp": iso(t0 + timedelta(seconds=30)),
            },
        },
    }
    ctr = {
        "ContactId": cid,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": iso(t0),
        "DisconnectTimestamp": iso(t0 + timedelta(minutes=4, seconds=12)),
        "DisconnectReason": "CUSTOMER_DISCONNECT",
        "CustomerEndpoint": {"Address": "+49305550001", "Type": "TELEPHONE_NUMBER"},
        "Queue": {"Name": "Priority"},
        "Agent": {"Username": "anna", "ConnectedToAgentTimestamp": iso(t0 + timedelta(seconds=30))},
        "Attributes": {"crm_customer_id": connect["vip"]},
    }
    import base64

    kinesis = {
        "Records": [
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": cid,
                    "sequenceNumber": "1",
                    "data": base64.b64encode(json.dumps(ctr).encode()).decode(),
                    "approximateArrivalTimestamp": 1.0,
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": "shardId-0:1",
                "eventName": "aws:kinesis:record",
                "awsRegion": "eu-central-1",
                "eventSourceARN": "arn:aws:kinesis:eu-central-1:123456789012:stream/ctr",
            }
        ]
    }
    events(disconnected)  # the disconnect event before the trace record, then both again
    assert traces(kinesis) == {"batchItemFailures": []}
    events(disconnected)
    traces(kinesis)
    tl = [e for e in api("GET", f"/customers/{connect['vip']}/timeline").json["items"] if e["entry_id"] == cid]
    assert len(tl) == 1
    assert tl[0]["summary"] == "Inbound call, 3 min 42 s, queue Priority, agent anna, customer disconnect"
    assert Interaction.get(f"CONNECT#{cid}", "CONTACT").duration_s == 222
    pop = api("GET", f"/agent/screen-pop?contact_id={cid}", role="agent").json
    assert (
        pop["caller"]["customer_id"] == connect["vip"]
        and pop["customer_360"]["customer"]["name"] == "VIP Maschinen GmbH"
    )
    assert api("GET", "/agent/screen-pop?phone=%2B49305550001", role="agent").json["caller"]["vip"] is True
    national = api("GET", "/agent/screen-pop?phone=030%20555%200001", role="agent").json  # parsed in DE
    assert (national["caller"]["phone"], national["caller"]["vip"]) == ("+49305550001", True)
    unknown = api("GET", "/agent/screen-pop?phone=%2B49305559999", role="agent").json
    assert unknown["caller"]["customer_id"] is None and unknown["customer_360"] is None
    bad = api("GET", "/agent/screen-pop?phone=%2B4912", role="agent")
    assert bad.status_code == 400 and "phone" in bad.json["fields"], bad.json
    assert api("GET", "/agent/screen-pop?phone=%2B49305550001", role="sales").status_code == 403


def _module(path_end: str):
    from infra.functions import _modules

    return next(m for k, m in _modules.items() if k.endswith(path_end))


def test_voicemail_becomes_transcript_callback_tasks_and_a_notification(api, aws, connect, monkeypatch):
    import base64

    import boto3

    from crm.contact_centre.connect_api import ConnectTasks

    traces, vm = hook(aws, "ContactTraceFunction"), hook(aws, "VoicemailFunction")
    bucket = aws["stack"].physical("VoicemailBucket")
    monkeypatch.setenv("VOICEMAIL_BUCKET", bucket)
    monkeypatch.setenv("CONNECT_INSTANCE_ID", "inst-1")
    monkeypatch.setenv("CALLBACK_TASK_FLOW_ID", "flow-cb")

    class FakeKinesisVideo:  # moto has no Kinesis Video fragment reads; the MKV reader is unit-tested
        calls: list = []

        def customer_audio(self, stream_arn: str, start_fragment: str) -> bytes:
            self.calls.append((stream_arn, start_fragment))
            return b"\x10\x00" * 8000 * 3  # three seconds of 8 kHz 16-bit mono

    fake = FakeKinesisVideo()
    monkeypatch.setattr(_module("contact_events.py"), "audio_source", fake)
    cid = "99999999-8888-7777-6666-555555555555"
    stream = "arn:aws:kinesisvideo:eu-central-1:123456789012:stream/connect-contact-x/1"
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    ctr = {
        "ContactId": cid,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": t0.isoformat().replace("+00:00", "Z"),
        "DisconnectTimestamp": (t0 + timedelta(seconds=75)).isoformat().replace("+00:00", "Z"),
        "DisconnectReason": "CUSTOMER_DISCONNECT",
        "CustomerEndpoint": {"Address": "+49305550001"},
        "Attributes": {"crm_voicemail": "true", "crm_stream_arn": stream, "crm_start_fragment": "9134385"},
    }
    record = {
        "kinesis": {
            "partitionKey": cid,
            "sequenceNumber": "7",
            "approximateArrivalTimestamp": 1.0,
            "data": base64.b64encode(json.dumps(ctr).encode()).decode(),
            "kinesisSchemaVersion": "1.0",
        },
        "eventSource": "aws:kinesis",
        "eventID": "shardId-0:7",
        "eventName": "aws:kinesis:record",
        "eventVersion": "1.0",
        "awsRegion": "eu-central-1",
        "eventSourceARN": "arn:aws:kinesis:::stream/ctr",
    }
    assert traces({"Records": [record]}) == {"batchItemFailures": []}
    assert fake.calls == [(stream, "9134385")]
    s3 = boto3.client("s3")
    audio = s3.get_object(Bucket=bucket, Key=f"voicemail/{cid}.wav")["Body"].read()
    assert audio[:4] == b"RIFF" and len(audio) == 44 + 48000
    job = boto3.client("transcribe").get_transcription_job(TranscriptionJobName=f"vm-{cid}")["TranscriptionJob"]
    assert job["Media"]["MediaFileUri"] == f"s3://{bucket}/voicemail/{cid}.wav" and job["LanguageCode"] == "en-US"

    # Transcribe writes its result (moto does not): the documented output shape
    s3.put_object(
        Bucket=bucket,
        Key=f"transcripts/{cid}.json",
        Body=json.dumps(
            {
                "jobName": f"vm-{cid}",
                "status": "COMPLETED",
                "results": {
                    "transcripts": [{"transcript": "Hello, the press stopped again, please call me back."}],
                    "items": [],
                },
            }
        ).encode(),
    )
    client = boto3.client("connect", region_name="eu-central-1")
    stub = Stubber(client)
    stub.add_response(
        "start_task_contact",
        {"ContactId": "task-123"},
        {
            "InstanceId": "inst-1",
            "ContactFlowId": "flow-cb",
            "Name": "Call back VIP Maschinen GmbH",
            "Description": "Voicemail: Hello, the press stopped again, please call me back.",
            "References": {"audio": {"Value": stub_any(), "Type": "URL"}},
            "ClientToken": cid,
        },
    )
    monkeypatch.setattr(_module("voicemail.py"), "tasks", ConnectTasks(client))
    event = {
        "version": "0",
        "id": "t1",
        "detail-type": "Transcribe Job State Change",
        "source": "aws.transcribe",
        "account": "123456789012",
        "time": "2026-11-24T12:00:00Z",
        "region": "eu-central-1",
        "resources": [],
        "detail": {"TranscriptionJobName": f"vm-{cid}", "TranscriptionJobStatus": "COMPLETED"},
    }
    with stub:
        done = vm(event)
        again = vm(event)  # a redelivered event does nothing twice
    assert done["connect_task"] == "task-123" and again == {"contact_id": cid, "status": "already done"}
    entry = next(e for e in api("GET", f"/customers/{connect['vip']}/timeline").json["items"] if e["entry_id"] == cid)
    assert entry["body"] == "Hello, the press stopped again, please call me back." and entry["kind"] == "call"
    task = api("GET", f"/tasks/vm-{cid}", role="manager").json
    assert task["assignee"] == "sales@crm.local" and task["kind"] == "call" and "press stopped" in task["notes"]
    ignored = vm({**event, "detail": {"TranscriptionJobName": "other-job", "TranscriptionJobStatus": "COMPLETED"}})
    assert ignored["ignored"] == "other-job"


def stub_any():
    from botocore.stub import ANY

    return ANY


def test_a_chat_transcript_attaches_to_its_interaction(api, aws, connect, monkeypatch):
    import base64

    import boto3

    bucket = aws["stack"].physical("VoicemailBucket")
    monkeypatch.setenv("CHAT_TRANSCRIPT_BUCKET", bucket)
    cid = "chat-0001-aaaa"
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    day = t0.strftime("%Y/%m/%d")
    # where and how Connect writes a chat transcript (instance storage config CHAT_TRANSCRIPTS, prefix "chat")
    boto3.client("s3").put_object(
        Bucket=bucket,
        Key=f"chat/{day}/{cid}_{t0.strftime('%Y%m%dT%H:%M')}_UTC.json",
        Body=json.dumps(
            {
                "Version": "2019-08-26",
                "ContactId": cid,
                "Transcript": [
                    {"Type": "EVENT", "ContentType": "application/vnd.amazonaws.connect.event.participant.joined"},
                    {"Type": "MESSAGE", "ParticipantRole": "CUSTOMER", "Content": "Where is my order?"},
                    {"Type": "MESSAGE", "ParticipantRole": "AGENT", "Content": "It ships today."},
                ],
            }
        ).encode(),
    )
    ctr = {
        "ContactId": cid,
        "Channel": "CHAT",
        "InitiationMethod": "API",
        "InitiationTimestamp": t0.isoformat().replace("+00:00", "Z"),
        "DisconnectTimestamp": (t0 + timedelta(minutes=3)).isoformat().replace("+00:00", "Z"),
        "Attributes": {"crm_customer_id": connect["vip"]},
    }
    rec = {
        "kinesis": {
            "partitionKey": cid,
            "sequenceNumber": "3",
            "approximateArrivalTimestamp": 1.0,
            "data": base64.b64encode(json.dumps(ctr).encode()).decode(),
            "kinesisSchemaVersion": "1.0",
        },
        "eventSource": "aws:kinesis",
        "eventID": "shardId-0:3",
        "eventName": "aws:kinesis:record",
        "eventVersion": "1.0",
        "awsRegion": "eu-central-1",
        "eventSourceARN": "arn:aws:kinesis:::stream/ctr",
    }
    assert hook(aws, "ContactTraceFunction")({"Records": [rec, rec]}) == {"batchItemFailures": []}
    chats = [e for e in api("GET", f"/customers/{connect['vip']}/timeline").json["items"] if e["entry_id"] == cid]
    assert len(chats) == 1 and chats[0]["kind"] == "chat"
    assert chats[0]["body"] == "CUSTOMER: Where is my order?\nAGENT: It ships today."


def test_a_scheduled_callback_opens_a_connect_task_and_a_crm_task_once(api, aws, connect, monkeypatch):
    import boto3

    from crm.contact_centre.connect_api import ConnectTasks

    monkeypatch.setenv("CONNECT_INSTANCE_ID", "inst-1")
    monkeypatch.setenv("CALLBACK_TASK_FLOW_ID", "flow-cb")
    ivr = hook(aws, "IvrFunction")
    asked = ivr(
        call(
            "+49305550001",
            contact_id="cb-run",
            parameters={"intent": "callback", "when": "1630"},
            attributes={"crm_customer_id": connect["vip"]},
        )
    )
    assert asked["crm_callback_at"].endswith("16:30:00+00:00")
    schedule = boto3.client("scheduler").get_schedule(Name="crm-callback-cb-run")
    assert schedule["ScheduleExpression"].startswith("at(") and json.loads(schedule["Target"]["Input"]) == {
        "contact_id": "cb-run"
    }
    client = boto3.client("connect", region_name="eu-central-1")
    stub = Stubber(client)
    stub.add_response(
        "start_task_contact",
        {"ContactId": "task-cb"},
        {
            "InstanceId": "inst-1",
            "ContactFlowId": "flow-cb",
            "Name": "Call back VIP Maschinen GmbH",
            "Description": f"Callback requested in the IVR for {asked['crm_callback_at']}",
            "References": {"phone": {"Value": "+49305550001", "Type": "STRING"}},
            "ClientToken": "cb-cb-run",
        },
    )
    run = hook(aws, "CallbackFunction")
    monkeypatch.setattr(_module("callbacks.py"), "tasks", ConnectTasks(client))
    with stub:
        out = run(json.loads(schedule["Target"]["Input"]))  # what Scheduler sends
    assert out == {"contact_id": "cb-run", "connect_task": "task-cb", "crm_task": "cb-cb-run"}
    task = api("GET", "/tasks/cb-cb-run", role="manager").json
    assert task["assignee"] == "sales@crm.local" and task["subject"] == "Call back VIP Maschinen GmbH"
