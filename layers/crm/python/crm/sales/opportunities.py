"""Opportunities: stages with their probabilities, closing with a reason, and the weighted amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crm.customers.public import customer_ref, new_entry
from crm.customfields.public import apply_custom, custom_out
from crm.db import CrmItem, check_version, new_id, now_iso, today, transaction
from crm.errors import Conflict, ValidationFailed, VersionConflict
from crm.sales import schemas
from crm.sales.models import Opportunity, StageChange, weighted
from crm.sales.repository import (
    index_opportunity,
    load_opportunity,
    opportunities_page,
)
from crm.sales.schemas import OPEN_STAGES, STAGE_PROBABILITY


def opportunity_out(o: Opportunity) -> schemas.OpportunityOut:
    keys = (
        "opportunity_id",
        "name",
        "customer_id",
        "owner",
        "stage",
        "amount",
        "currency",
        "expected_close",
        "status",
        "close_reason",
        "closed_at",
        "lead_id",
        "partner_id",
        "created_at",
        "updated_at",
    )
    return schemas.OpportunityOut.model_validate(
        {
            **{k: getattr(o, k) for k in keys},
            "probability": int(o.probability),
            "weighted_amount": weighted(o),
            "history": [h.as_dict() for h in o.history or []],
            "custom": custom_out(o.custom),
            "version": int(o.version),
        }
    )


def new_opportunity(
    *,
    name: str,
    customer_id: str,
    owner: str,
    amount: Decimal,
    currency: str,
    expected_close: date,
    stage: str,
    probability: int | None,
    actor: str,
    lead_id: str | None = None,
    partner_id: str | None = None,
    at: str | None = None,
) -> Opportunity:
    at = at or now_iso()
    prob = STAGE_PROBABILITY[stage] if probability is None else probability
    oid = new_id()
    o = Opportunity(
        opportunity_id=oid,
        name=name,
        customer_id=customer_id,
        owner=owner,
        stage=stage,
        probability=prob,
        amount=amount,
        currency=currency,
        expected_close=expected_close.isoformat(),
        status=_status(stage),
        lead_id=lead_id,
        partner_id=partner_id,
        history=[StageChange(stage=stage, probability=prob, at=at, actor=actor)],
        created_at=at,
        updated_at=at,
    )
    index_opportunity(o)
    return o


def _status(stage: str) -> str:
    return {"closed_won": "won", "closed_lost": "lost"}.get(stage, "open")


def create_opportunity(data: schemas.OpportunityIn, actor: str) -> schemas.OpportunityOut:
    customer = customer_ref(data.customer_id)
    if data.stage not in OPEN_STAGES:
        raise ValidationFailed("create opportunities open; close them with a reason", {"stage": "must be open"})
    if data.expected_close < today():
        raise ValidationFailed("expected_close is in the past", {"expected_close": "in the past"})
    o = new_opportunity(
        name=data.name,
        customer_id=data.customer_id,
        owner=data.owner or customer.owner or actor,
        amount=data.amount,
        currency=data.currency,
        expected_close=data.expected_close,
        stage=data.stage,
        probability=data.probability,
        actor=actor,
        partner_id=data.partner_id,
    )
    o.custom = apply_custom("opportunity", data.custom, None, creating=True)
    with transaction("opportunity id collision, retry") as tx:
        tx.save(o, condition=CrmItem.pk.does_not_exist())
        tx.save(
            new_entry(
                data.customer_id,
                "opportunity",
                f"Opportunity {o.name}: {o.amount} {o.currency}",
                actor=actor,
                ref={"opportunity_id": o.opportunity_id},
            )
        )
    return opportunity_out(o)


def get_opportunity(opportunity_id: str) -> schemas.OpportunityOut:
    return opportunity_out(load_opportunity(opportunity_id))


def _check_patch(o: Opportunity, changes: dict[str, Any]) -> str:
    """The stage after the change; 409 for a closed deal, 400 naming the field for a removal, a close without a
    reason or an expected close in the past."""
    if o.status != "open":
        raise Conflict(f"opportunity {o.opportunity_id} is closed ({o.status})", {"stage": o.stage})
    for name in ("name", "stage", "amount", "expected_close", "owner", "probability"):
        if name in changes and changes[name] is None:
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
    stage: str = changes.get("stage", o.stage)
    closing = stage in ("closed_won", "closed_lost")
    if closing and not changes.get("close_reason"):
        raise ValidationFailed(
            f"say why the deal was {'won' if stage == 'closed_won' else 'lost'}",
            {"close_reason": "required when closing"},
        )
    if "expected_close" in changes and not closing and changes["expected_close"] < today():
        raise ValidationFailed("expected_close is in the past", {"expected_close": "in the past"})
    return stage


def _move(o: Opportunity, stage: str, changes: dict[str, Any], at: str, actor: str) -> None:
    """A new stage or probability goes to the history; closing sets the stage's fixed probability."""
    if stage == o.stage and "probability" not in changes:
        return
    o.probability = changes.get("probability", STAGE_PROBABILITY[stage] if stage != o.stage else o.probability)
    if stage in ("closed_won", "closed_lost"):
        o.probability = STAGE_PROBABILITY[stage]
    o.stage = stage
    o.history = [*(o.history or []), StageChange(stage=stage, probability=int(o.probability), at=at, actor=actor)]


def update_opportunity(
    opportunity_id: str, patch: schemas.OpportunityPatch, expected: int | None, actor: str
) -> schemas.OpportunityOut:
    o = load_opportunity(opportunity_id)
    check_version(o.version, expected, "opportunity")
    changes = patch.model_dump(exclude_unset=True, exclude={"version", "custom"})
    stage = _check_patch(o, changes)
    if "custom" in patch.model_fields_set:
        o.custom = apply_custom("opportunity", patch.custom, o.custom, creating=False)
    at = now_iso()
    for name in ("name", "amount", "owner", "close_reason"):
        if name in changes:
            setattr(o, name, changes[name])
    if "expected_close" in changes:
        o.expected_close = changes["expected_close"].isoformat()
    _move(o, stage, changes, at, actor)
    extra: list[CrmItem] = []
    if stage in ("closed_won", "closed_lost"):
        o.status, o.closed_at, o.expected_close = _status(stage), at, at[:10]  # a closed deal counts when it closed
        summary = f"Opportunity {o.name} {o.status}: {o.close_reason}"
        ref = {"opportunity_id": o.opportunity_id}
        extra.append(new_entry(o.customer_id, "opportunity", summary, actor=actor, ref=ref))
    o.updated_at = at
    index_opportunity(o)
    with transaction(lambda: VersionConflict("the opportunity was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(o)
        for item in extra:
            tx.save(item)
    return opportunity_out(o)


def list_opportunities(q: schemas.OpportunityQuery) -> schemas.OpportunityPage:
    lo = q.close_from.isoformat() if q.close_from else "0000"
    hi = (q.close_to.isoformat() if q.close_to else "9999") + "#~"
    if q.owner and q.stage:
        raise ValidationFailed("filter by owner or by stage", {"stage": "cannot combine with owner"})
    if not (q.owner or q.stage):
        raise ValidationFailed("filter by owner or stage", {"owner": "one filter"})
    opportunities, nxt = opportunities_page(q.owner, q.stage, lo, hi, q.limit, q.cursor)
    return schemas.OpportunityPage(items=[opportunity_out(o) for o in opportunities], next=nxt)
