"""What other contexts may use of privacy: recording an administrative change made outside the table."""

from __future__ import annotations

from crm.privacy.audit import record_admin_change

__all__ = ["record_admin_change"]
