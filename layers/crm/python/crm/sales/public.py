"""What other contexts may use of sales: a customer's open opportunities, an opportunity's weighted amount,
opportunities by id, and a new opportunity for another context's transaction (deal registration)."""

from __future__ import annotations

from crm.sales.service import new_opportunity, open_opportunities_of, opportunities_by_id, weighted

__all__ = ["new_opportunity", "open_opportunities_of", "opportunities_by_id", "weighted"]
