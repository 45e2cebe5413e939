"""What other contexts and the analytics jobs may use of partners: the contribution ranking of a period, and a
partner by id (404 when there is none)."""

from __future__ import annotations

from crm.partners.contribution import ranking
from crm.partners.directory import get_partner

__all__ = ["get_partner", "ranking"]
