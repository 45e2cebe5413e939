"""What other contexts may use of cases: a case, the SLA settings (business hours for the IVR), and the item
that points at a customer's newest running case (the caller card reads it). The case service and the SLA
settings (with the cases' API shapes) load when first asked for: the ACD, which reads only the pointer, never
imports them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm.cases.models import OpenCase
from crm.cases.repository import open_case_keys

if TYPE_CHECKING:
    from crm.cases.schemas import CaseOut, SlaSettings

__all__ = ["OpenCase", "get_case", "open_case_keys", "sla_settings"]


def get_case(case_id: str) -> CaseOut:
    from crm.cases import service

    return service.get_case(case_id)


def sla_settings() -> SlaSettings:
    from crm.cases import sla_settings as settings

    return settings.sla_settings()
