"""Lead nurturing: a rule (lead source and/or minimum score) starts a sequence of emails with delays when a lead
is created or reaches the score; each step is a one-time EventBridge Scheduler schedule that invokes the nurture
function. A reply from the lead, an order by the converted customer or an unsubscribe stops the sequence.

NURTURE#RULES  <rule id>   a rule with its steps
NURTURE#<lead> SEQUENCE    a running sequence; gsi1 NURTUREBYEMAIL#<email> / <lead> (a reply finds it)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError

from crm.aws import schedule_once
from crm.db import CrmItem, now_iso
from crm.messaging import mail
from crm.messaging.models import NurtureRule, NurtureSequence
from crm.messaging.repository import NURTURE_RULES, SEQUENCE_SK, nurture_email_index, nurture_pk
from crm.messaging.schemas import NurtureRuleOut
from crm.orders.public import orders_of_customer
from crm.sales.public import get_lead


def _plain(step: Any) -> dict[str, Any]:
    return step.as_dict() if hasattr(step, "as_dict") else dict(step)


def put_rule(rule_id: str, data: dict[str, Any]) -> NurtureRuleOut:
    NurtureRule(pk=NURTURE_RULES, sk=rule_id, rule_id=rule_id, **data).save()
    return NurtureRuleOut.model_validate({"rule_id": rule_id, **data})


def _schedule(lead_id: str, step: int, at: datetime, scheduler: Any = None) -> None:
    schedule_once(
        f"crm-nurture-{lead_id}-{step}", at, "NURTURE_TARGET_ARN", {"lead_id": lead_id, "step": step}, scheduler
    )


def start_for_lead(lead_id: str, email: str | None, source: str | None, score: int) -> str | None:
    """Start the first matching rule's sequence for a lead with an email (once per lead); sales calls this when a
    lead is captured or its score changes. Returns the rule started, if any."""
    if not email:
        return None
    for rule in NurtureRule.query(NURTURE_RULES):
        if (rule.source and rule.source != source) or int(score) < int(rule.min_score) or not rule.steps:
            continue
        seq = NurtureSequence(
            pk=nurture_pk(lead_id),
            sk=SEQUENCE_SK,
            gsi1pk=nurture_email_index(email),
            gsi1sk=lead_id,
            lead_id=lead_id,
            rule_id=rule.rule_id,
            email=email,
            language=None,
            status="active",
            step=0,
            updated_at=now_iso(),
        )
        try:
            seq.save(condition=CrmItem.pk.does_not_exist())
        except PutError:
            return None  # already nurturing this lead
        first = _plain(rule.steps[0])
        _schedule(lead_id, 1, datetime.now(UTC) + timedelta(hours=int(first.get("delay_hours", 0))))
        return rule.rule_id
    return None


def stop(email: str, reason: str) -> int:
    """Stop every active sequence of an address (a reply, an unsubscribe)."""
    n = 0
    for seq in NurtureSequence.gsi1.query(nurture_email_index(email)):
        if seq.status == "active":
            seq.update(actions=[NurtureSequence.status.set("stopped"), NurtureSequence.stopped_reason.set(reason)])
            n += 1
    return n


def run_step(lead_id: str, step: int) -> dict[str, Any]:
    """Send step `step` (1-based) unless the sequence stopped; an order by the converted lead stops it."""
    try:
        seq = NurtureSequence.get(nurture_pk(lead_id), SEQUENCE_SK)
    except DoesNotExist:
        return {"lead_id": lead_id, "status": "no sequence"}
    if seq.status != "active" or int(seq.step) >= step:
        return {"lead_id": lead_id, "status": seq.status, "reason": seq.stopped_reason, "step": int(seq.step)}
    lead = get_lead(lead_id)
    if lead.customer_id and orders_of_customer(lead.customer_id, limit=1):
        seq.update(actions=[NurtureSequence.status.set("stopped"), NurtureSequence.stopped_reason.set("ordered")])
        return {"lead_id": lead_id, "status": "stopped", "reason": "ordered"}
    rule = NurtureRule.get(NURTURE_RULES, seq.rule_id)
    steps = [_plain(s) for s in rule.steps]
    sent = mail.send_email(
        send_id=f"nurture:{lead_id}:{step}",
        to=seq.email,
        template=steps[step - 1]["template"],
        lang="en",
        marketing=True,
        values={"first_name": lead.first_name or lead.last_name},
    )
    if sent.status == "skipped":
        stopped = sent.reason or "skipped"
        seq.update(actions=[NurtureSequence.status.set("stopped"), NurtureSequence.stopped_reason.set(stopped)])
        return {"lead_id": lead_id, "status": "stopped", "reason": stopped}
    done = step >= len(steps)
    seq.update(
        actions=[
            NurtureSequence.step.set(step),
            NurtureSequence.status.set("finished" if done else "active"),
            NurtureSequence.updated_at.set(now_iso()),
        ]
    )
    if not done:
        _schedule(lead_id, step + 1, datetime.now(UTC) + timedelta(hours=int(steps[step].get("delay_hours", 24))))
    return {"lead_id": lead_id, "status": "finished" if done else "active", "step": step}
