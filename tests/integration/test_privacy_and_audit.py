"""Audit trail from the table stream, readable by admins; GDPR export of everything and erasure that removes
personal data from the table and S3 while orders, consent history and the audit trail stay."""

from __future__ import annotations

import json
import os

import boto3

from infra.functions import StreamPump
from tests.support import company


def _drain(pump: StreamPump) -> None:
    while pump.poll() is not None:
        pass


def test_admins_read_who_changed_which_fields_and_redelivery_adds_nothing(api, aws):
    pump = StreamPump(aws["stack"], "AuditTrailFunction", "CrmTable", "TRIM_HORIZON")
    c = api("POST", "/customers", company("Audit Trail GmbH")).json
    r = api(
        "PATCH",
        f"/customers/{c['customer_id']}",
        {"industry": "Packaging", "owner": "manager@crm.local"},
        role="manager",
        headers={"If-Match": f'"{c["version"]}"'},
    )
    assert r.status_code == 200, r.json
    _drain(pump)
    page = api("GET", f"/customers/{c['customer_id']}/audit", role="admin").json
    changes = [(e["action"], e["item_type"], e["actor"]) for e in page["items"] if e["item_type"] == "customer"]
    assert changes == [("changed", "customer", "manager@crm.local"), ("created", "customer", "sales@crm.local")]
    changed = page["items"][0]
    assert {"industry", "owner"} <= set(changed["fields"]) and "version" not in changed["fields"]
    assert "Packaging" not in json.dumps(page)  # field names, never values
    _drain(StreamPump(aws["stack"], "AuditTrailFunction", "CrmTable", "TRIM_HORIZON"))  # redelivery
    assert api("GET", f"/customers/{c['customer_id']}/audit", role="admin").json == page
    for role in ("manager", "sales", "agent", "partner"):
        assert api("GET", f"/customers/{c['customer_id']}/audit", role=role).status_code == 403


def _customer_with_history(api, aws) -> dict:
    body = company(
        "Erika Mustermann Handel", emails=["erika@mustermann.example"], phones=["+49 30 1234599"], tax_id="DE811907980"
    )
    c = api("POST", "/customers", body).json
    cid = c["customer_id"]
    api(
        "POST",
        f"/customers/{cid}/contacts",
        {"first_name": "Erika", "last_name": "Mustermann", "emails": ["e.mustermann@mustermann.example"]},
    )
    api("POST", f"/customers/{cid}/timeline", {"summary": "Erika asked about her birthday discount", "kind": "call"})
    api("POST", "/products", {"sku": "GD-1", "name": "x", "category": "tools", "tax_rate": "0.19"}, role="manager")
    api(
        "POST",
        "/price-lists",
        {"name": "p", "currency": "EUR", "valid_from": "2026-01-01", "prices": [{"sku": "GD-1", "unit_price": "10"}]},
        role="manager",
    )
    order = api("POST", "/orders", {"customer_id": cid, "currency": "EUR", "lines": [{"sku": "GD-1", "quantity": 2}]})
    nl = api("POST", "/newsletters", {"name": "Tips", "wording_version": "2026-11"}, role="manager").json
    sub = api(
        "POST",
        f"/newsletters/{nl['list_id']}/subscribe",
        {"email": "erika@mustermann.example", "first_name": "Erika"},
        role=None,
    )
    assert sub.status_code == 202
    # a voicemail she left: the audio and transcript Connect stored, and the call on her timeline
    from crm.customers.timeline import new_entry

    vm_bucket = os.environ["VOICEMAIL_BUCKET"]
    s3 = boto3.client("s3")
    s3.put_object(Bucket=vm_bucket, Key="voicemail/ct-erika-1.wav", Body=b"RIFF....WAVEfmt ")
    s3.put_object(Bucket=vm_bucket, Key="voicemail/ct-erika-1.wav", Body=b"RIFF....WAVEfmt 2")  # a 2nd version
    s3.put_object(Bucket=vm_bucket, Key="transcripts/ct-erika-1.json", Body=b'{"transcript": "Hi, Erika here"}')
    new_entry(
        cid,
        "call",
        "Voicemail from +49 30 1234599",
        channel="voice",
        entry_id="ct-erika-1",
        body="Hi, Erika here",
        ref={"contact_id": "ct-erika-1"},
    ).save()
    # the contact center's own records of that call and of a chat, a callback request, the chat transcript file
    from crm.contact_centre.models import Callback, Interaction

    Interaction(
        pk="CONNECT#ct-erika-1",
        sk="CONTACT",
        contact_id="ct-erika-1",
        customer_id=cid,
        channel="VOICE",
        caller="+49301234599",
        initiated_at="2026-11-24T09:00:00Z",
    ).save()
    Callback(
        pk="CALLBACK#ct-erika-1",
        sk="CALLBACK",
        contact_id="ct-erika-1",
        customer_id=cid,
        phone="+49301234599",
        at="2026-11-24T10:00:00Z",
        status="scheduled",
        created_at="2026-11-24T09:01:00Z",
    ).save()
    Interaction(
        pk="CONNECT#ct-erika-2",
        sk="CONTACT",
        contact_id="ct-erika-2",
        customer_id=cid,
        channel="CHAT",
        initiated_at="2026-11-24T11:00:00Z",
        attributes={"crm_chat_transcript": "CUSTOMER: Erika here"},
    ).save()
    s3.put_object(
        Bucket=vm_bucket,
        Key="chat/2026/11/24/ct-erika-2_20261124T11:05_UTC.json",
        Body=b'{"Transcript": [{"Type": "MESSAGE", "Content": "Erika here"}]}',
    )
    new_entry(cid, "chat", "Chat", channel="chat", entry_id="ct-erika-2", ref={"contact_id": "ct-erika-2"}).save()
    # an email she wrote, with an attachment, as SES stores it and the inbound function files it
    from email.message import EmailMessage

    from infra.functions import Context, handler

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "Erika <erika@mustermann.example>", "reply@crm.example", "My address"
    mail["Message-ID"] = "<erika-1@mustermann.example>"
    mail.set_content("Please ship to Musterweg 1, Berlin.")
    mail.add_attachment(b"%PDF-1.4 id card", maintype="application", subtype="pdf", filename="id.pdf")
    mail_bucket = aws["stack"].physical("MailBucket")
    s3.put_object(Bucket=mail_bucket, Key="inbound/erika-1", Body=mail.as_bytes())
    event = {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "eu-west-1",
                "eventTime": "2026-11-24T12:00:00.000Z",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "bucket": {"name": mail_bucket, "arn": "arn:aws:s3:::x"},
                    "object": {"key": "inbound/erika-1", "size": 1},
                },
            }
        ]
    }
    assert handler(aws["stack"], "InboundEmailFunction")(event, Context("i"))["messages"][0]["customer_id"] == cid
    return {"id": cid, "order": order.json, "list_id": nl["list_id"], "bucket": vm_bucket, "mail_bucket": mail_bucket}


def test_export_holds_everything_and_erasure_removes_personal_data_but_keeps_the_books(api, aws):
    c = _customer_with_history(api, aws)
    cid = c["id"]
    export = api("GET", f"/customers/{cid}/export", role="admin")
    assert export.status_code == 200
    data = export.json
    assert data["profile"]["emails"] == ["erika@mustermann.example"] and data["profile"]["tax_id"] == "DE811907980"
    assert [x["last_name"] for x in data["contacts"]] == ["Mustermann"]
    assert [o["order_id"] for o in data["orders"]] == [c["order"]["order_id"]]
    assert any("birthday" in t["summary"] for t in data["timeline"])
    assert [e["action"] for e in data["consent_history"]] == ["subscribe_requested"]
    assert {f["key"] for f in data["files"]} == {
        "voicemail/ct-erika-1.wav",
        "transcripts/ct-erika-1.json",
        "inbound/erika-1",
        "attachments/erika-1_mustermann.example/id.pdf",
        "chat/2026/11/24/ct-erika-2_20261124T11:05_UTC.json",
    }
    assert sorted(c["pk"] for c in data["contact_center"]) == [
        "CALLBACK#ct-erika-1",
        "CONNECT#ct-erika-1",
        "CONNECT#ct-erika-2",
    ]
    assert api("GET", f"/customers/{cid}/export", role="manager").status_code == 403

    wrong = api("POST", f"/customers/{cid}/erase", {"confirm": "someone-else", "reason": "ticket 4711"}, role="admin")
    assert wrong.status_code == 400 and "confirm" in wrong.json["fields"]
    assert (
        api("POST", f"/customers/{cid}/erase", {"confirm": cid, "reason": "ticket 4711"}, role="manager").status_code
        == 403
    )
    tips = next(x for x in api("GET", "/newsletters?limit=100").json["items"] if x["name"] == "Tips")
    assert tips["pending"] == 1
    done = api("POST", f"/customers/{cid}/erase", {"confirm": cid, "reason": "ticket 4711"}, role="admin")
    assert done.status_code == 200, done.json
    assert done.json["files_removed"] == 6 and done.json["suppressed_addresses"] == 2

    assert api("GET", f"/customers/{cid}").json["fields"] == {"customer_id": "erased"}
    assert api("GET", "/customers/lookup?email=erika@mustermann.example").json["items"] == []
    after = api("GET", f"/customers/{cid}/export", role="admin").json
    kept = {k: after.pop(k) for k in ("consent_history", "orders", "quotes")}  # evidence and the books stay
    for personal in (
        "Mustermann",
        "DE811907980",
        "1234599",
        "birthday",
        "Erika here",
        "mustermann.example",
        "Musterweg",
    ):
        assert personal not in json.dumps(after), personal
    from crm.messaging.models import ConsentEvent

    assert [e.action for e in ConsentEvent.query("CONSENT#erika@mustermann.example")] == ["subscribe_requested"]
    lists = api("GET", "/newsletters?limit=100", role="manager").json["items"]
    tips = next(x for x in lists if x["name"] == "Tips")  # her pending subscription is gone, and from the counts
    assert (tips["pending"], tips["confirmed"]) == (0, 0)
    assert api("GET", f"/newsletters/{tips['list_id']}/subscribers", role="manager").json["items"] == []
    assert kept["orders"][0]["customer_name"] == "Erika Mustermann Handel"  # statutory retention of invoices
    s3 = boto3.client("s3")
    left = s3.list_object_versions(Bucket=c["bucket"], Prefix="voicemail/ct-erika-1").get("Versions", [])
    assert left == [] and "Contents" not in s3.list_objects_v2(Bucket=c["bucket"], Prefix="transcripts/ct-erika")
    for prefix in ("inbound/erika-1", "attachments/erika-1"):
        assert s3.list_object_versions(Bucket=c["mail_bucket"], Prefix=prefix).get("Versions", []) == [], prefix
    assert s3.list_object_versions(Bucket=c["bucket"], Prefix="chat/2026/11/24/ct-erika").get("Versions", []) == []
    from crm.db import CrmItem

    for pk, sk in (
        ("CONNECT#ct-erika-1", "CONTACT"),
        ("CONNECT#ct-erika-2", "CONTACT"),
        ("CALLBACK#ct-erika-1", "CALLBACK"),
    ):
        assert CrmItem.count(pk, CrmItem.sk == sk) == 0, pk  # the caller's number and the chat are gone
    order = api("GET", f"/orders/{c['order']['order_id']}").json  # the books stay
    assert order["grand_total"] == c["order"]["grand_total"] and order["customer_id"] == cid
    from crm.messaging.mail import suppressed

    assert suppressed("EMAIL", "erika@mustermann.example") == "erased"  # never mailed again
    again = api("POST", f"/customers/{cid}/erase", {"confirm": cid, "reason": "ticket 4711"}, role="admin")
    assert again.status_code == 200 and again.json["files_removed"] == 0


def test_settings_changes_and_new_users_are_in_the_settings_audit_trail(api, aws):
    pump = StreamPump(aws["stack"], "AuditTrailFunction", "CrmTable", "LATEST")
    sla = api("GET", "/sla").json
    calendar_id, calendar = next(iter(sla["calendars"].items()))
    body = {
        "timezone": calendar["timezone"],
        "hours": calendar["hours"],
        "holidays": [*calendar["holidays"], "2026-12-24"],
    }
    assert api("PUT", f"/sla/calendars/{calendar_id}", body, role="manager").status_code == 200
    prm = api("GET", "/prm/settings", role="manager").json
    changed = {"tiers": prm["tiers"], "commission_rules": prm["commission_rules"], "protection_days": 60}
    for days in (60, 45):
        version = api("GET", "/prm/settings", role="admin").json["version"]
        changed["protection_days"] = days
        saved = api("PUT", "/prm/settings", changed, role="admin", headers={"If-Match": f'"{version}"'})
        assert saved.status_code == 200, saved.json
    twice = {**changed, "commission_rules": [*changed["commission_rules"], changed["commission_rules"][0]]}
    refused = api("PUT", "/prm/settings", twice, role="admin", headers={"If-Match": f'"{saved.json["version"]}"'})
    assert refused.status_code == 400 and "one commission rule" in json.dumps(refused.json), refused.json
    assert api("PUT", "/srm/fx-rates/PLN", {"rate_to_base": "0.2301"}, role="purchasing").status_code == 200
    made = api("POST", "/admin/users", {"email": "Audited.Rep@crm.example", "group": "sales"}, role="admin")
    assert made.status_code == 201
    _drain(pump)

    trail = api("GET", "/admin/audit?limit=60", role="admin").json["items"]
    seen = [(e["item_type"], e["actor"]) for e in trail]
    assert ("sla_calendar", "manager@crm.local") in seen
    assert ("prm_settings", "admin@crm.local") in seen and ("fx_rate", "purchasing@crm.local") in seen
    assert ("user", "admin@crm.local") in seen
    prm_entry = next(e for e in trail if e["item_type"] == "prm_settings")  # the newest: 60 -> 45 days
    assert (
        prm_entry["fields"] == ["protection_days"] and prm_entry["action"] == "changed"
    )  # which fields changed, never their values
    user_entry = next(e for e in trail if e["item_type"] == "user")
    assert user_entry["item_key"] == "audited.rep@crm.example" and user_entry["action"] == "created"
    assert not any({"pk", "sk", "type"} & set(e["fields"]) for e in trail)  # keys are not changes
    assert [e["at"] for e in trail] == sorted((e["at"] for e in trail), reverse=True)
    for role in ("manager", "sales", "purchasing"):
        assert api("GET", "/admin/audit", role=role).status_code == 403
