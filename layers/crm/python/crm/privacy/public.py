"""What other contexts may use of privacy: recording an administrative change made outside the table, and a
customer's GDPR export (the customer portal's download), which loads when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm.privacy.audit import record_admin_change

if TYPE_CHECKING:
    from crm.privacy.schemas import CustomerExport

__all__ = ["export_customer", "record_admin_change"]


def export_customer(customer_id: str) -> CustomerExport:
    from crm.privacy import gdpr

    return gdpr.export_customer(customer_id)
