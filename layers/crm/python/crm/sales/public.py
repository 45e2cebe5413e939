"""What other contexts may use of sales: a customer's open opportunities, an opportunity's weighted amount,
opportunities by id, a lead, and a new opportunity for another context's transaction (deal registration)."""

from __future__ import annotations

from crm.sales.leads import get_lead
from crm.sales.opportunities import new_opportunity, open_opportunities_of, weighted
from crm.sales.repository import opportunities_by_id

__all__ = ["get_lead", "new_opportunity", "open_opportunities_of", "opportunities_by_id", "weighted"]
