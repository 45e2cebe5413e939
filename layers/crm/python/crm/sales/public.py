"""What other contexts may use of sales: a customer's open opportunities, an opportunity's weighted amount,
opportunities by id, a lead, and a new opportunity for another context's transaction (deal registration)."""

from __future__ import annotations

from crm.sales import personal_data as gdpr  # its part of a customer's data, for crm.privacy
from crm.sales.leads import get_lead
from crm.sales.opportunities import new_opportunity, open_opportunities_of, weighted
from crm.sales.repository import opportunities_by_id

__all__ = ["gdpr", "get_lead", "new_opportunity", "open_opportunities_of", "opportunities_by_id", "weighted"]
