"""Sales' part of the GDPR export: the customer's opportunities (kept on erasure: they hold no personal data
beyond the customer reference)."""

from __future__ import annotations

from crm.personal_data import DataSubject, PersonalData, record
from crm.sales.models import Opportunity


def personal_data(subject: DataSubject) -> PersonalData:
    opportunities = Opportunity.gsi3.query(f"OPPS#CUST#{subject.customer_id}")
    return PersonalData(sections={"opportunities": [record(o) for o in opportunities]})
