"""`python3 -m infra.call NUMBER`: simulate an inbound call against the running local stack.

It sends what Amazon Connect would send (the contact-flow event shape of `sam local generate-event connect
contact-flow-event`) to the template's hooks, in-process against the local moto: the ACD answer, the IVR's
answers for the digits you give, then the contact's events and trace record, and prints the timeline entry.

  python3 -m infra.call --list                       demo numbers: VIP with an open case, Polish, partner, unknown
  python3 -m infra.call +49... --pin 1234 --order 2026000123
  python3 -m infra.call +48... --pin 0000 --pin 0000 --pin 0000      three wrong PINs: locked
  python3 -m infra.call +49... --voicemail "Please call me back"      voicemail → transcript → callback tasks
  python3 -m infra.call +49... --table-down                           the CRM unreachable: the fallback, timed
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT, ensure_venv

STATE_FILE = ROOT / ".local" / "stack.json"


def local_stack(state_file: str | None = None) -> Any:
    """The running local stack (its state file): environment set for boto3, resources by logical id."""
    state = json.loads((Path(state_file) if state_file else STATE_FILE).read_text())
    os.environ.update(state["environment"])
    from infra.provision import Stack
    from infra.template import Resolver, load

    template = load()
    resolver = Resolver(template, "crm-local", state["region"])
    resolver.physical.update(state["resources"])
    return Stack("crm-local", state["region"], template, resolver, created=dict(state["resources"]))


def contact_flow_event(
    phone: str | None, contact_id: str, attributes: dict[str, str], parameters: dict[str, str]
) -> dict:
    """What Amazon Connect sends a Lambda hook (the shape of `sam local generate-event connect contact-flow-event`)."""
    sample = json.loads((ROOT / "tests" / "fixtures" / "connect" / "sam_generate_event_contact_flow.json").read_text())
    data = sample["Details"]["ContactData"]
    data["ContactId"] = data["InitialContactId"] = contact_id
    data["CustomerEndpoint"] = {"Address": phone, "Type": "TELEPHONE_NUMBER"} if phone else None
    data["Attributes"] = attributes
    sample["Details"]["Parameters"] = parameters
    return sample


def _show(title: str, answer: dict[str, str]) -> None:
    print(f"\n== {title}")
    for k, v in answer.items():
        print(f"   {k:18} {v}")


def list_numbers() -> None:
    from crm.contact_centre.caller import load_card
    from crm.contact_centre.models import PartnerPhone
    from crm.customers.models import Customer
    from crm.customers.repository import ALL_CUSTOMERS

    shown: set[str] = set()

    def show(kind: str, line: str) -> None:
        """Each kind once, printed as soon as it is found."""
        if kind not in shown:
            shown.add(kind)
            print(f"{kind:10} {line}", flush=True)

    for c in Customer.gsi2.query(ALL_CUSTOMERS):
        if {"vip+case", "polish", "pin"} <= shown:
            break  # one number of each kind is all this list is for
        if not c.phones:
            continue
        card = load_card(c.customer_id, c.phones[0])
        if "vip" in [t.lower() for t in c.tags or []] and card.open_case_id:
            show("vip+case", f"{c.phones[0]}  {c.name} (VIP, open case owned by {card.open_case_owner})")
        if c.language == "pl":
            show("polish", f"{c.phones[0]}  {c.name} (language pl)")
        if card.card and card.card.pin_hash:
            postcode = c.address.postal_code if c.address else ""
            show("pin", f"{c.phones[0]}  {c.name} (IVR PIN 1234, postcode {postcode})")
    for p in PartnerPhone.gsi1.query("PHONE#+4315350000"):
        show("partner", f"{p.phone}  partner {p.partner_id}")
    show("unknown", "+4930123456789  (nobody)")


def _table_down(acd: Any, phone: str, contact_id: str) -> int:
    """The ACD with the table unreachable: the hook's fallback (the general queue), explained in one line; the
    hook's own error log (a traceback, as CloudWatch would get it) is kept off the terminal."""
    import logging

    from crm.db import CrmItem
    from infra.functions import Context
    from infra.seed_routing import QUEUES

    CrmItem.Meta.host = "http://127.0.0.1:9"  # nothing listens there
    CrmItem._connection = None
    os.environ["GENERAL_QUEUE_ARN"] = os.environ.get("GENERAL_QUEUE_ARN") or QUEUES["general"]
    logging.getLogger(os.environ.get("POWERTOOLS_SERVICE_NAME", "crm-api")).disabled = True
    started = time.perf_counter()
    attrs = acd(contact_flow_event(phone, contact_id, {}, {}), Context("AcdFunction"))
    ms = (time.perf_counter() - started) * 1000
    queue = attrs["queue_arn"]
    print(f"table unreachable: the ACD answered in {ms:.0f} ms with its fallback, the general queue ({queue})")
    _show("ACD fallback", attrs)
    return 0


def main() -> int:
    ensure_venv("infra.call")
    p = argparse.ArgumentParser(prog="python3 -m infra.call", description=__doc__.splitlines()[0])
    p.add_argument("number", nargs="?")
    p.add_argument("--list", action="store_true")
    p.add_argument("--pin", action="append", default=[], help="PIN or postcode typed in the IVR (repeatable)")
    p.add_argument("--order", help="invoice number keyed in for the order status, e.g. 2026000123")
    p.add_argument("--intent", action="append", default=[], choices=["case_status", "balance", "hours", "callback"])
    p.add_argument("--voicemail", metavar="TEXT", help="leave a voicemail with this content")
    p.add_argument("--table-down", action="store_true", help="the CRM's table unreachable during the ACD")
    p.add_argument("--state-file", default=str(STATE_FILE), help="the running local stack's state file")
    args = p.parse_args(sys.argv[1:])
    globals()["STATE_FILE"] = __import__("pathlib").Path(args.state_file)
    stack = local_stack()
    sys.path.insert(0, str(ROOT / "functions" / "api"))
    from crm.contactinfo import normalize_phone
    from infra.functions import Context, handler

    if args.list or not args.number:
        list_numbers()
        return 0
    phone = normalize_phone(args.number, "DE")
    contact_id = str(uuid.uuid4())
    for key in ("DDB_CONNECT_TIMEOUT", "DDB_READ_TIMEOUT", "DDB_MAX_RETRIES", "HOOK_BUDGET_SECONDS"):
        os.environ[key] = stack.environment("AcdFunction")[key]
    acd = handler(stack, "AcdFunction")
    if args.table_down:
        return _table_down(acd, phone, contact_id)
    started = time.perf_counter()
    attrs = acd(contact_flow_event(phone, contact_id, {}, {}), Context("AcdFunction"))
    _show(f"ACD ({(time.perf_counter() - started) * 1000:.0f} ms)", attrs)
    queue_name = attrs.get("queue_name", "general")
    attrs = {k: v for k, v in attrs.items() if k.startswith("crm_")}
    attrs["crm_queue_name"] = queue_name
    ivr = handler(stack, "IvrFunction")

    def ask(intent: str, digits: str = "") -> dict[str, str]:
        answer = ivr(
            contact_flow_event(phone, contact_id, attrs, {"intent": intent, "digits": digits}), Context("IvrFunction")
        )
        _show(f"IVR {intent} {digits}".strip(), answer)
        return answer

    for pin in args.pin:
        answer = ask("verify", pin)
        if answer.get("crm_result") == "verified":
            attrs.update(crm_verified=answer["crm_verified"], crm_sig=answer["crm_sig"])
    if args.order:
        ask("order_status", args.order)
    for intent in args.intent:
        ask(intent)
    if args.voicemail:
        attrs.update(
            crm_voicemail="true", crm_stream_arn="arn:aws:kinesisvideo:local:stream/demo", crm_start_fragment="1"
        )
    _hang_up(stack, phone, contact_id, attrs, args.voicemail)
    return 0


def _hang_up(stack: Any, phone: str, contact_id: str, attrs: dict[str, str], voicemail: str | None) -> None:
    from infra.functions import Context, handler

    now = datetime.now(UTC)
    start = now - timedelta(seconds=95)
    iso = lambda d: d.isoformat(timespec="seconds").replace("+00:00", "Z")  # noqa: E731
    ctr = {
        "ContactId": contact_id,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": iso(start),
        "DisconnectTimestamp": iso(now),
        "DisconnectReason": "CUSTOMER_DISCONNECT",
        "CustomerEndpoint": {"Address": phone, "Type": "TELEPHONE_NUMBER"},
        "Queue": {"Name": attrs.get("crm_queue_name") or "general"},
        "Attributes": attrs,
    }
    trace = handler(stack, "ContactTraceFunction")
    from infra.functions import _modules

    if voicemail:
        import boto3

        module = next(m for k, m in _modules.items() if k.endswith("contact_events.py"))

        class LocalAudio:  # moto has no Kinesis Video: a tone of the message's length stands in
            def customer_audio(self, stream_arn: str, start_fragment: str) -> bytes:
                return b"\x00\x10" * 8000 * max(2, len(voicemail) // 12)

        module.audio_source = LocalAudio()
    record = {
        "kinesis": {
            "partitionKey": contact_id,
            "sequenceNumber": "1",
            "approximateArrivalTimestamp": 1.0,
            "data": base64.b64encode(json.dumps(ctr).encode()).decode(),
            "kinesisSchemaVersion": "1.0",
        },
        "eventSource": "aws:kinesis",
        "eventID": "shardId-0:1",
        "eventName": "aws:kinesis:record",
        "eventVersion": "1.0",
        "awsRegion": stack.region,
        "eventSourceARN": "arn:aws:kinesis:local:stream/ctr",
    }
    print("\n== hang up: trace record ->", trace({"Records": [record]}, Context("ContactTraceFunction")))
    if voicemail:
        bucket = os.environ["VOICEMAIL_BUCKET"]
        boto3.client("s3").put_object(
            Bucket=bucket,
            Key=f"transcripts/{contact_id}.json",
            Body=json.dumps({"results": {"transcripts": [{"transcript": voicemail}]}}).encode(),
        )
        print("   (local stand-in for Transcribe: the transcript is your --voicemail text)")
        vm = handler(stack, "VoicemailFunction")
        module = next(m for k, m in _modules.items() if k.endswith("voicemail.py"))

        class PrintTasks:
            def start_task(self, **kw: Any) -> str:
                print(f"   Connect StartTaskContact (stand-in): {kw['name']} / client token {kw['client_token']}")
                return f"local-task-{kw['client_token'][:8]}"

        module.tasks = PrintTasks()
        event = {
            "version": "0",
            "id": "local",
            "detail-type": "Transcribe Job State Change",
            "source": "aws.transcribe",
            "account": "123456789012",
            "time": iso(now),
            "region": stack.region,
            "resources": [],
            "detail": {"TranscriptionJobName": f"vm-{contact_id}", "TranscriptionJobStatus": "COMPLETED"},
        }
        _show("voicemail processed", {k: str(v) for k, v in vm(event, Context("VoicemailFunction")).items()})
    from crm.contact_centre.models import Interaction

    i = Interaction.get(f"CONNECT#{contact_id}", "CONTACT")
    if i.customer_id:
        from crm.customers.timeline import list_entries

        entry = next((e for e in list_entries(i.customer_id, 20, None)[0] if e.entry_id == contact_id), None)
        _show(f"timeline of customer {i.customer_id}", entry.to_dict() if entry else {"entry": "none"})
    else:
        print("\n== unknown caller: the interaction is stored, no customer timeline to write to")


if __name__ == "__main__":
    sys.exit(main())
