"""What other contexts may use of cases: a case, the SLA settings (business hours for the IVR), and the item
that points at a customer's newest running case (the caller card reads it)."""

from __future__ import annotations

from crm.cases.models import OpenCase
from crm.cases.service import get_case, open_case_keys
from crm.cases.sla_settings import sla_settings

__all__ = ["OpenCase", "get_case", "open_case_keys", "sla_settings"]
