"""What other contexts and the analytics jobs may use of partners: the contribution ranking of a period."""

from __future__ import annotations

from crm.partners.contribution import ranking

__all__ = ["ranking"]
