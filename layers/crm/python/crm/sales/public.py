"""What other contexts may use of sales: a customer's open opportunities, an opportunity's weighted amount,
opportunities by id, a lead, a new opportunity for another context's transaction (deal registration), and a new
owner for a lead or an opportunity (a workflow's round robin).

Items and queries load with this module; the lead and opportunity services (with the sales' API shapes) load
when another context first calls into them, so a context that only reads opportunities never imports them.
Type checkers see the services' own signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm.sales.models import Lead, Opportunity, weighted
from crm.sales.repository import leads_of_address, opportunities_by_id, opportunities_of_customer

__all__ = [
    "assign_owner",
    "get_lead",
    "get_opportunity",
    "lead_answered",
    "new_opportunity",
    "open_opportunities_of",
    "opportunities_by_id",
    "weighted",
]
OPEN_LEAD = ("new", "working", "qualified")


def open_opportunities_of(customer_id: str) -> list[Opportunity]:
    """A customer's open opportunities (one Query): deal registration checks them for conflicts."""
    return opportunities_of_customer(customer_id, "open")


def lead_answered(email: str, how: str, at: str) -> int:
    """An address replied to an email or unsubscribed: its open leads say so (`replied_at`, `unsubscribed_at`),
    which a nurturing workflow's conditions read. The number of leads marked."""
    from crm.db import update_unversioned
    from crm.sales.models import Lead

    attribute = Lead.replied_at if how == "replied" else Lead.unsubscribed_at
    marked = 0
    for lead in leads_of_address(email):
        if lead.status in OPEN_LEAD and getattr(lead, attribute.attr_name) is None:
            update_unversioned(lead, [attribute.set(at), Lead.updated_at.set(at)])
            marked += 1
    return marked


CLOSED = ("converted", "disqualified", "won", "lost")


def assign_owner(entity: str, record_id: str, owner: str) -> str:
    """A lead's or an open opportunity's new owner; what happened, in words ("skipped: ..." when nothing did).
    Versioned: a change made meanwhile raises VersionConflict, and the caller tries again."""
    from crm.db import now_iso, transaction
    from crm.errors import VersionConflict
    from crm.sales.repository import index_lead, index_opportunity, load_lead, load_opportunity

    item: Lead | Opportunity = load_lead(record_id) if entity == "lead" else load_opportunity(record_id)
    if item.status in CLOSED:
        return f"skipped: the {entity} is {item.status}"
    if item.owner == owner:
        return f"skipped: {owner} owns it already"
    item.owner, item.updated_at = owner, now_iso()
    if isinstance(item, Lead):
        index_lead(item)
    else:
        index_opportunity(item)
    with transaction(lambda: VersionConflict(f"the {entity} was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(item)
    return f"owner of the {entity}: {owner}"


if TYPE_CHECKING:
    from crm.sales.leads import get_lead
    from crm.sales.opportunities import get_opportunity, new_opportunity
else:

    def get_opportunity(opportunity_id: str) -> Any:
        from crm.sales.opportunities import get_opportunity as service

        return service(opportunity_id)

    def get_lead(lead_id: str) -> Any:
        from crm.sales.leads import get_lead as service

        return service(lead_id)

    def new_opportunity(**fields: Any) -> Opportunity:
        from crm.sales.opportunities import new_opportunity as service

        return service(**fields)
