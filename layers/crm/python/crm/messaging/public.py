"""What other contexts may use of messaging: its part of a customer's personal data (GDPR), and campaigns' names."""

from __future__ import annotations

from crm.messaging.repository import campaign_names

__all__ = [
    "campaign_names",
]
