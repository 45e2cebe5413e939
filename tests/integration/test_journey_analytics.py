"""How customers reach us, where they stand, and how we served them: contacts, cases and survey answers made
through the API reach the raw zone by the table stream; the channel preference, lifecycle and service analysis
jobs (the images' commands, as scheduled) write curated Parquet, and the figures show in the 360 and steer a
campaign's channel."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import boto3
import pandas as pd
import pyarrow.parquet as pq
import pytest

from infra import seed as demo
from infra.functions import Context, StreamPump, handler
from tests.support import company, deliver_campaign_queue, links, path_of, ses_outbox, sms_outbox


def _drain(*pumps: StreamPump) -> None:
    for pump in pumps:
        while pump.poll() is not None:
            pass


def _curated(s3, bucket: str, name: str) -> pd.DataFrame:
    day = pd.Timestamp.now().normalize().date().isoformat()
    key = f"curated/{name}/run_date={day}/{name}.parquet"
    return pq.read_table(io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read())).to_pandas()


def _at(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="seconds").replace("+00:00", "Z")


def _note(api, customer_id: str, kind: str, channel: str, direction: str, days_ago: float) -> None:
    body = {"kind": kind, "summary": f"{direction} {channel}", "channel": channel, "direction": direction}
    made = api("POST", f"/customers/{customer_id}/timeline", {**body, "occurred_at": _at(days_ago)})
    assert made.status_code == 201, made.json


@pytest.fixture()
def fresh_zone(aws):
    bucket, s3 = aws["stack"].physical("AnalyticsBucket"), boto3.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):  # this test's history only
        if page.get("Contents"):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": o["Key"]} for o in page["Contents"]]})
    demo.seed(30)
    return bucket, s3


def test_contacts_cases_and_answers_become_channel_lifecycle_and_service_figures(api, aws, fresh_zone):
    bucket, s3 = fresh_zone
    events = StreamPump(aws["stack"], "AnalyticsEventsFunction", "CrmTable", "LATEST")
    feedback = StreamPump(aws["stack"], "CaseFeedbackFunction", "CrmTable", "LATEST")
    body = company("Texter Fenster GmbH", emails=["texter@buyer.example"], phones=["+49 30 5550 4411"])
    cid = api("POST", "/customers", body).json["customer_id"]
    for days_ago in (40, 30, 20):  # three mailings nobody answered
        _note(api, cid, "email", "email", "outbound", days_ago)
    for days_ago in (35, 15):  # two text messages, each answered the next day
        _note(api, cid, "sms", "sms", "outbound", days_ago)
        _note(api, cid, "sms", "sms", "inbound", days_ago - 1)
    _note(api, cid, "call", "phone", "inbound", 5)
    assert api("POST", f"/customers/{cid}/timeline", {"summary": "x", "direction": "sideways"}).status_code == 400

    case = {"customer_id": cid, "subject": "Frame scratched", "channel": "email", "category": "return"}
    case_id = api("POST", "/cases", case, role="agent").json["case_id"]
    api("POST", f"/cases/{case_id}/comments", {"body": "We send a new frame."}, role="agent")
    assert api("POST", f"/cases/{case_id}/status", {"status": "resolved"}, role="agent").status_code == 200
    before = len(ses_outbox())
    _drain(feedback)
    rating = [u for u in links(ses_outbox()[before]) if "/feedback?token=" in u]
    assert api("GET", path_of(rating[3]), role=None).status_code == 200  # a 4 of 5
    _drain(events)

    run = handler(aws["stack"], "ChannelPreferenceJobFunction")({}, Context("channels"))
    assert run["customers"] > 30 and run["figures_written"] == run["customers"]
    pref = _curated(s3, bucket, "channel_preference").set_index(["customer_id", "channel"])
    # the CSAT request was a fourth email, and the rating its answer
    assert (pref.loc[(cid, "email"), ["outbound", "responded", "inbound"]] == [4, 1, 1]).all()
    assert (pref.loc[(cid, "sms"), ["outbound", "responded", "inbound"]] == [2, 2, 2]).all()
    figures = api("GET", f"/customers/{cid}/360").json["figures"]
    assert figures["best_channel"] == "sms"
    shares = {c["channel"]: (c["inbound_share"], c["response_rate"]) for c in figures["channels"]}
    assert shares == {"sms": ("0.5", "1.0"), "phone": ("0.25", None), "email": ("0.25", "0.25")}

    run = handler(aws["stack"], "LifecycleJobFunction")({}, Context("lifecycle"))
    stages = _curated(s3, bucket, "lifecycle").set_index("customer_id")
    assert stages.loc[cid, "stage"] == "lead" and stages.loc[cid, "stage_before"] == "none"
    moved = _curated(s3, bucket, "lifecycle_movements")
    assert moved["customers"].sum() == len(stages) == run["customers"]
    assert set(stages["stage"]) <= {"lead", "first_purchase", "repeat", "loyal", "at_risk", "lost"}
    assert len(set(stages["stage"])) >= 3  # the demo's history spreads its customers over the stages
    assert api("GET", f"/customers/{cid}/360").json["figures"]["lifecycle_stage"] == "lead"

    run = handler(aws["stack"], "ServiceAnalysisJobFunction")({}, Context("service"))
    cases = _curated(s3, bucket, "service_cases").set_index("case_id")
    mine = cases.loc[case_id]
    assert (mine["team"], mine["agent"], mine["csat"], mine["first_contact_resolution"]) == (
        "returns",
        "agent@crm.local",
        4.0,
        1.0,
    )
    assert mine["first_response_within_sla"] == 1.0 and mine["first_response_minutes"] < 5
    summary = _curated(s3, bucket, "service_summary")
    teams = summary[summary["cut"] == "team"].set_index("value")
    recent = cases[cases["created_at"] >= pd.Timestamp.now() - pd.Timedelta(days=90)]
    assert teams["cases"].sum() == len(recent) == summary.set_index("cut").loc["all", "cases"]
    returns = recent[recent["team"] == "returns"]
    assert teams.loc["returns", "csat"] == pytest.approx(returns["csat"].mean())
    assert set(summary["cut"]) == {"all", "priority", "category", "team", "agent"}
    assert summary.set_index("cut").loc["all", "nps_answers"] > 0  # the demo's NPS answers


def test_a_campaign_on_the_best_channel_texts_those_who_answer_texts(api, aws, fresh_zone):
    bucket, s3 = fresh_zone
    events = StreamPump(aws["stack"], "AnalyticsEventsFunction", "CrmTable", "LATEST")
    consent = {"email_marketing": True, "sms_marketing": True, "source": "test"}
    texter = company("Texter Two GmbH", emails=["two@buyer.example"], phones=["+49 30 5550 4412"], consent=consent)
    texter["tags"] = ["best-channel"]
    mailer = company("Mailer GmbH", emails=["mailer@buyer.example"], phones=["+49 30 5550 4413"], consent=consent)
    mailer["tags"] = ["best-channel"]
    t_id = api("POST", "/customers", texter).json["customer_id"]
    m_id = api("POST", "/customers", mailer).json["customer_id"]
    _note(api, t_id, "sms", "sms", "outbound", 10)
    _note(api, t_id, "sms", "sms", "inbound", 9)
    _note(api, m_id, "email", "email", "inbound", 3)
    _drain(events)
    handler(aws["stack"], "ChannelPreferenceJobFunction")({}, Context("channels"))
    winter = {"subject": "Winter offer", "text": "Hello {first_name}, 10 % off all frames.", "sms": "10 % off frames"}
    api("PUT", "/message-templates/winter/en", winter, role="manager")
    campaign = {"name": "Winter", "template": "winter", "segment": {"tag": "best-channel"}, "channel": "best"}
    made = api("POST", "/campaigns", campaign, role="manager")
    assert made.status_code == 201, made.json
    preview = api("GET", f"/campaigns/{made.json['campaign_id']}/audience", role="manager").json
    assert (preview["will_send"], preview["by_sms"]) == (2, 1)
    sms_before, mail_before = len(sms_outbox()), len(ses_outbox())
    launched = api("POST", f"/campaigns/{made.json['campaign_id']}/launch", role="manager").json
    assert launched["queued"] == 2
    deliver_campaign_queue(aws)
    texts = sms_outbox()[sms_before:]
    assert [(t["PhoneNumber"], t["Message"]) for t in texts] == [
        ("+493055504412", "10 % off frames\nReply STOP to opt out.")
    ]
    assert [m["To"] for m in ses_outbox()[mail_before:]] == ["mailer@buyer.example"]
    bad = api("POST", "/campaigns", {**campaign, "channel": "fax"}, role="manager")
    assert bad.status_code == 400 and "channel" in bad.body.decode()
