"""Sales keys and queries: the only module that spells LEAD#, LEADS#..., OPP#, OPPS#... (the key design is in
models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from crm.db import Index, decode_cursor, encode_cursor, get_or_404
from crm.sales.models import Lead, Opportunity


def index_lead(lead: Lead) -> None:
    """Its own key; an owner's leads by status and age (gsi1), every lead of a status best score first (gsi2),
    the leads of an address (gsi3: a reply or an unsubscribe finds them)."""
    lead.pk, lead.sk = f"LEAD#{lead.lead_id}", "LEAD"
    lead.gsi1pk = f"LEADS#OWNER#{lead.owner}" if lead.owner else None
    lead.gsi1sk = f"{lead.status}#{lead.created_at}#{lead.lead_id}" if lead.owner else None
    lead.gsi2pk = f"LEADS#STATUS#{lead.status}"
    lead.gsi2sk = f"{int(lead.score):03d}#{lead.created_at}#{lead.lead_id}"
    lead.gsi3pk = f"LEADBYEMAIL#{lead.email.lower()}" if lead.email else None
    lead.gsi3sk = lead.lead_id if lead.email else None


def leads_of_address(email: str) -> list[Lead]:
    return list(Lead.gsi3.query(f"LEADBYEMAIL#{email.lower()}"))


def load_lead(lead_id: str) -> Lead:
    return get_or_404(Lead, f"LEAD#{lead_id}", "LEAD", f"lead {lead_id} does not exist", {"lead_id": "unknown"})


def leads_page(owner: str | None, status: str | None, limit: int, cursor: str | None) -> tuple[list[Lead], str | None]:
    """An owner's leads (optionally of a status), newest first, or every lead of a status, best score first."""
    index: Index
    if owner:
        key, index, attr = f"LEADS#OWNER#{owner}", Lead.gsi1, "gsi1"
        cond = Lead.gsi1sk.startswith(f"{status}#") if status else None
    else:
        key, index, attr, cond = f"LEADS#STATUS#{status}", Lead.gsi2, "gsi2", None
    start = decode_cursor(cursor, expect={f"{attr}pk": key})
    result = index.query(key, cond, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def index_opportunity(o: Opportunity) -> None:
    """Its own key; by owner and by stage ordered by expected close (gsi1, gsi2); a customer's by status (gsi3)."""
    o.pk, o.sk = f"OPP#{o.opportunity_id}", "OPP"
    o.gsi1pk, o.gsi1sk = f"OPPS#OWNER#{o.owner}", f"{o.expected_close}#{o.opportunity_id}"
    o.gsi2pk, o.gsi2sk = f"OPPS#STAGE#{o.stage}", f"{o.expected_close}#{o.opportunity_id}"
    o.gsi3pk, o.gsi3sk = f"OPPS#CUST#{o.customer_id}", f"{o.status}#{o.expected_close}#{o.opportunity_id}"


def load_opportunity(opportunity_id: str) -> Opportunity:
    return get_or_404(
        Opportunity,
        f"OPP#{opportunity_id}",
        "OPP",
        f"opportunity {opportunity_id} does not exist",
        {"opportunity_id": "unknown"},
    )


def opportunities_by_id(opportunity_ids: list[str]) -> list[Opportunity]:
    """One BatchGet."""
    return list(Opportunity.batch_get([(f"OPP#{i}", "OPP") for i in opportunity_ids])) if opportunity_ids else []


def opportunities_of_customer(customer_id: str, status: str | None = None) -> list[Opportunity]:
    """A customer's opportunities (of a status): one Query on gsi3."""
    cond = Opportunity.gsi3sk.startswith(f"{status}#") if status else None
    return list(Opportunity.gsi3.query(f"OPPS#CUST#{customer_id}", cond))


def opportunities_page(
    owner: str | None, stage: str | None, lo: str, hi: str, limit: int, cursor: str | None
) -> tuple[list[Opportunity], str | None]:
    """An owner's or a stage's opportunities expected to close between lo and hi."""
    index: Index
    if owner:
        key, index, attr, cond = f"OPPS#OWNER#{owner}", Opportunity.gsi1, "gsi1", Opportunity.gsi1sk.between(lo, hi)
    else:
        key, index, attr, cond = f"OPPS#STAGE#{stage}", Opportunity.gsi2, "gsi2", Opportunity.gsi2sk.between(lo, hi)
    start = decode_cursor(cursor, expect={f"{attr}pk": key})
    result = index.query(key, cond, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def opportunities_closing(owner: str | None, lo: str, hi: str, stages: tuple[str, ...]) -> list[Opportunity]:
    """Expected to close between lo and hi: an owner's (one Query), or every opportunity of the stages (one
    Query per stage partition; no Scan)."""
    if owner:
        return list(Opportunity.gsi1.query(f"OPPS#OWNER#{owner}", Opportunity.gsi1sk.between(lo, hi)))
    found: list[Opportunity] = []
    for stage in stages:
        found += Opportunity.gsi2.query(f"OPPS#STAGE#{stage}", Opportunity.gsi2sk.between(lo, hi))
    return found
