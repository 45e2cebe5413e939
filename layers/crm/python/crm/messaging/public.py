"""What other contexts may use of messaging: its part of a customer's personal data (GDPR)."""

from __future__ import annotations

from crm.messaging import personal_data as gdpr  # its part of a customer's data, for crm.privacy

__all__ = [
    "gdpr",
]
