"""Sales' part of the GDPR export: the customer's opportunities (kept on erasure: they hold no personal data
beyond the customer reference)."""

from __future__ import annotations

from crm.personal_data import DataSubject, PersonalData, record
from crm.sales.repository import opportunities_of_customer


def personal_data(subject: DataSubject) -> PersonalData:
    opportunities = opportunities_of_customer(subject.customer_id)
    return PersonalData(sections={"opportunities": [record(o) for o in opportunities]})
