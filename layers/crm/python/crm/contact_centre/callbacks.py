"""Callbacks the IVR promises: stored once per contact and scheduled with EventBridge Scheduler (a one-time
`at(...)` schedule that invokes the callback function, which opens a Connect task and a CRM task)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError

from crm.aws import schedule_once
from crm.contact_centre.caller import load_card
from crm.contact_centre.models import Callback
from crm.contact_centre.prompts import say
from crm.contact_centre.repository import callback_key, load_callback
from crm.db import CrmItem, now_iso
from crm.tasks.public import ensure_call_task


def when_from(value: str | None, now: datetime) -> datetime:
    """'asap' (or nothing) = in 15 minutes; 'HHMM' = that time today (tomorrow if past), UTC."""
    if value and len(value) == 4 and value.isdigit() and int(value[:2]) < 24 and int(value[2:]) < 60:
        at = now.replace(hour=int(value[:2]), minute=int(value[2:]), second=0, microsecond=0)
        return at if at > now else at + timedelta(days=1)
    return (now + timedelta(minutes=15)).replace(second=0, microsecond=0)


def request_callback(
    contact_id: str,
    phone: str | None,
    customer_id: str | None,
    when: str | None,
    lang: str,
    scheduler: Any = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    if not phone:
        return {"crm_result": "no_number", "prompt": say("unknown", lang)}
    at = when_from(when, now or datetime.now(UTC))
    name = f"crm-callback-{contact_id}"[:64]
    pk, sk = callback_key(contact_id)
    cb = Callback(
        pk=pk,
        sk=sk,
        contact_id=contact_id,
        customer_id=customer_id,
        phone=phone,
        at=at.isoformat(timespec="seconds"),
        status="scheduled",
        schedule_name=name,
        created_at=now_iso(),
    )
    try:
        cb.save(condition=CrmItem.pk.does_not_exist())
    except PutError:  # the same contact asked again: one callback
        cb = load_callback(contact_id)
        return {"crm_result": "ok", "crm_callback_at": cb.at, "prompt": say("callback", lang, when=cb.at[11:16])}
    schedule_once(name, at, "CALLBACK_TARGET_ARN", {"contact_id": contact_id}, scheduler)
    return {"crm_result": "ok", "crm_callback_at": cb.at, "prompt": say("callback", lang, when=cb.at[11:16])}


def run_callback(contact_id: str, tasks: Any) -> dict[str, Any]:
    """At the promised time: a Connect task and a CRM call task for the customer's owner (both idempotent)."""
    cb = load_callback(contact_id)
    card = load_card(cb.customer_id, cb.phone) if cb.customer_id else None
    who = card.name if card and card.name else cb.phone
    task_id = tasks.start_task(
        client_token=f"cb-{contact_id}",
        name=f"Call back {who}",
        description=f"Callback requested in the IVR for {cb.at}",
        references={"phone": cb.phone},
    )
    crm_task = ensure_call_task(
        f"cb-{contact_id}",
        subject=f"Call back {who}",
        assignee=(card.owner if card and card.owner else "agent@crm.local"),
        due_at=cb.at.replace("+00:00", "Z"),
        customer_id=cb.customer_id,
        contact_id=contact_id,
        created_by="ivr",
    )
    cb.update(actions=[Callback.status.set("done")])
    return {"contact_id": contact_id, "connect_task": task_id, "crm_task": crm_task}
