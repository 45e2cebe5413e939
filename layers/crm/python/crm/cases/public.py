"""What other contexts may use of cases: a case, the SLA settings (business hours for the IVR), the item that
points at a customer's newest running case (the caller card reads it), for the customer portal a customer's own
cases, opening one and replying on one, and which team works a case (service analysis cuts by it). The case
service and the SLA settings (with the cases' API shapes) load when first asked for: the ACD, which reads only
the pointer, never imports them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm.cases.models import CaseRef, OpenCase
from crm.cases.repository import cases_of_customer, open_case_keys
from crm.cases.teams import team_of

if TYPE_CHECKING:
    from crm.cases.schemas import CaseOut, SlaSettings

__all__ = [
    "CaseRef",
    "OpenCase",
    "cases_of_customer",
    "customer_reply",
    "get_case",
    "open_case",
    "open_case_keys",
    "sla_settings",
    "team_of",
]


def get_case(case_id: str) -> CaseOut:
    from crm.cases import service

    return service.get_case(case_id)


def open_case(fields: dict[str, Any], actor: str) -> CaseOut:
    """A case from CaseIn's fields (checked as the API checks them: a 400 names the field)."""
    from crm.cases import schemas, service
    from crm.errors import ValidationFailed

    try:
        data = schemas.CaseIn.model_validate(fields)
    except ValueError as exc:
        raise ValidationFailed("the case is not valid", {"case": str(exc)[:200]}) from exc
    return service.open_case(data, actor)


def customer_reply(case_id: str, customer_id: str, body: str, author: str) -> CaseOut:
    from crm.cases import service

    return service.customer_reply(case_id, customer_id, body, author)


def sla_settings() -> SlaSettings:
    from crm.cases import sla_settings as settings

    return settings.sla_settings()
