"""Every contact once on the customer's timeline: Connect contact events (EventBridge) and contact trace records
(Kinesis) are merged into one interaction per contact id. Each write only sets what it knows, first-known times
are kept (if_not_exists), so duplicates and out-of-order delivery change nothing; the timeline entry is rewritten
from the merged interaction under a key fixed by the contact's initiation time."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pynamodb.expressions.update import Action

from crm.contact_centre.caller import find_caller
from crm.contact_centre.models import Interaction
from crm.contact_centre.repository import new_interaction
from crm.customers.public import TimelineEntry, new_entry


def _iso(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value).astimezone().isoformat()
    return str(value).replace("+00:00", "Z")


def _seconds(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return int(
        (
            datetime.fromisoformat(b.replace("Z", "+00:00")) - datetime.fromisoformat(a.replace("Z", "+00:00"))
        ).total_seconds()
    )


def merge(contact_id: str, facts: dict[str, Any], event_at: str | None) -> Interaction:
    """UpdateItem: first-known facts are kept, later facts (disconnect, agent, voicemail) are added."""
    i = Interaction
    actions: list[Action] = [i.type.set(Interaction), i.contact_id.set(contact_id)]
    for name in ("caller", "channel", "initiation_method", "initiated_at", "connected_at", "customer_id"):
        if facts.get(name):
            attr = getattr(i, name)
            actions.append(attr.set(attr | facts[name]))
    for name in ("disconnected_at", "queue", "agent", "disconnect_reason"):
        if facts.get(name):
            actions.append(getattr(i, name).set(facts[name]))
    if facts.get("attributes"):  # only trace records carry them, complete
        actions.append(i.attributes.set({str(k): str(v) for k, v in facts["attributes"].items()}))
    if event_at:
        actions.append(i.last_event_at.set(event_at))
    item = new_interaction(contact_id)
    item.update(actions=actions)
    return item


def _direction(i: Interaction) -> str:
    return "outbound" if (i.initiation_method or "") in ("OUTBOUND", "CALLBACK") else "inbound"


def _summary(i: Interaction) -> str:
    kind = {"VOICE": "Call", "CHAT": "Chat", "TASK": "Task", "EMAIL": "Email"}.get(i.channel or "", "Contact")
    direction = _direction(i)
    parts = [f"{direction.capitalize()} {kind.lower()}" + (" with voicemail" if i.voicemail is not None else "")]
    if i.duration_s is not None:
        parts.append(f"{i.duration_s // 60} min {i.duration_s % 60} s")
    if i.queue:
        parts.append(f"queue {i.queue}")
    if i.agent:
        parts.append(f"agent {i.agent}")
    if i.disconnect_reason:
        parts.append(i.disconnect_reason.lower().replace("_", " "))
    return ", ".join(parts)


def _vm(i: Interaction) -> dict[str, Any]:
    return i.voicemail.as_dict() if i.voicemail is not None else {}


def _body(i: Interaction) -> str | None:
    """The voicemail transcript, or the chat transcript as 'ROLE: text' lines."""
    if _vm(i).get("transcript"):
        return _vm(i)["transcript"]
    attrs = i.attributes.as_dict() if i.attributes is not None else {}
    return attrs.get("crm_chat_transcript")


def attach_chat_transcript(i: Interaction, bucket: str, prefix: str, s3: Any) -> bool:
    """Connect stores a chat's transcript as <prefix>/<yyyy>/<mm>/<dd>/<contactId>_<time>_UTC.json; one List and
    one Get attach it to the interaction (and so to the timeline entry)."""
    if (i.channel or "") != "CHAT" or not i.initiated_at:
        return False
    day = i.initiated_at[:10].replace("-", "/")
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/{day}/{i.contact_id}")
    keys = sorted(o["Key"] for o in listed.get("Contents", []))
    if not keys:
        return False
    doc = json.loads(s3.get_object(Bucket=bucket, Key=keys[-1])["Body"].read())
    lines = [
        f"{m.get('ParticipantRole', '?')}: {m['Content']}"
        for m in doc.get("Transcript", [])
        if m.get("Type") == "MESSAGE" and m.get("Content")
    ]
    attrs = i.attributes.as_dict() if i.attributes is not None else {}
    attrs["crm_chat_transcript"] = "\n".join(lines)[:20000]
    i.update(actions=[Interaction.attributes.set(attrs)])
    return True


def write_timeline(i: Interaction) -> TimelineEntry | None:
    """(Re)write the contact's timeline entry from the merged interaction; idempotent by contact id."""
    if not i.customer_id or not i.initiated_at:
        return None
    duration = _seconds(i.connected_at or i.initiated_at, i.disconnected_at)
    if duration is not None and duration >= 0 and i.duration_s != duration:
        i.update(actions=[Interaction.duration_s.set(duration)])
    entry = new_entry(
        i.customer_id,
        {"VOICE": "call", "CHAT": "chat", "EMAIL": "email"}.get(i.channel or "", "contact"),
        _summary(i),
        entry_id=i.contact_id,
        channel=(i.channel or "").lower() or None,
        direction=_direction(i),
        occurred_at=i.initiated_at,
        actor=i.agent,
        body=_body(i),
        ref={
            "contact_id": i.contact_id,
            **({"queue": i.queue} if i.queue else {}),
            **({"disconnected_at": i.disconnected_at} if i.disconnected_at else {}),
            **({"connected_at": i.connected_at} if i.connected_at else {}),
            **({"audio_url": vm["audio_url"]} if (vm := _vm(i)).get("audio_url") else {}),
        },
    )
    entry.save()
    if i.timeline_sk != entry.sk:
        i.update(actions=[Interaction.timeline_sk.set(entry.sk)])
    return entry


def from_contact_event(detail: dict[str, Any]) -> Interaction:
    """EventBridge 'Amazon Connect Contact Event' detail."""
    agent = (detail.get("agentInfo") or {}).get("agentArn")
    queue = (detail.get("queueInfo") or {}).get("queueArn")
    facts = {
        "channel": detail.get("channel"),
        "initiation_method": detail.get("initiationMethod"),
        "initiated_at": _iso(detail.get("initiationTimestamp")),
        "connected_at": _iso((detail.get("agentInfo") or {}).get("connectedToAgentTimestamp")),
        "disconnected_at": _iso(detail.get("disconnectTimestamp")),
        "queue": queue.rsplit("/", 1)[-1] if queue else None,
        "agent": agent.rsplit("/", 1)[-1] if agent else None,
    }
    return merge(detail["contactId"], facts, _iso(detail.get("eventTimestamp") or detail.get("initiationTimestamp")))


def from_trace_record(ctr: dict[str, Any]) -> Interaction:
    """A contact trace record (Kinesis): has the caller, attributes, agent, queue and disconnect reason."""
    attrs = ctr.get("Attributes") or {}
    caller = (ctr.get("CustomerEndpoint") or {}).get("Address")
    customer_id = attrs.get("crm_customer_id") or (find_caller(caller).customer_id if caller else None)
    facts = {
        "caller": caller,
        "customer_id": customer_id,
        "channel": ctr.get("Channel"),
        "initiation_method": ctr.get("InitiationMethod"),
        "initiated_at": _iso(ctr.get("InitiationTimestamp")),
        "connected_at": _iso((ctr.get("Agent") or {}).get("ConnectedToAgentTimestamp")),
        "disconnected_at": _iso(ctr.get("DisconnectTimestamp")),
        "queue": (ctr.get("Queue") or {}).get("Name"),
        "agent": (ctr.get("Agent") or {}).get("Username"),
        "disconnect_reason": ctr.get("DisconnectReason"),
        "attributes": attrs or None,
    }
    return merge(ctr["ContactId"], facts, _iso(ctr.get("LastUpdateTimestamp") or ctr.get("DisconnectTimestamp")))


def record(interaction: Interaction) -> Interaction:
    interaction.refresh()
    write_timeline(interaction)
    return interaction
