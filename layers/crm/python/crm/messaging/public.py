"""What other contexts may use of messaging: its part of a customer's personal data (GDPR), and campaigns' names."""

from __future__ import annotations

from crm.messaging import personal_data as gdpr  # its part of a customer's data, for crm.privacy
from crm.messaging.repository import campaign_names

__all__ = [
    "campaign_names",
    "gdpr",
]
