"""What other contexts may use of the SRM: exchange rates and conversion to the base currency, the supplier
list and scorecards (the managers' report)."""

from __future__ import annotations

from crm.suppliers.performance import scorecard
from crm.suppliers.profiles import list_suppliers
from crm.suppliers.settings import BASE_CURRENCY, convert, fx_rates

__all__ = ["BASE_CURRENCY", "convert", "fx_rates", "list_suppliers", "scorecard"]
