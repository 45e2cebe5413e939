"""Cases' part of the GDPR export: each case on the customer's timeline with its comments (one Query each)."""

from __future__ import annotations

from crm.cases.models import Case, CaseComment
from crm.db import CrmItem
from crm.personal_data import DataSubject, PersonalData, record


def personal_data(subject: DataSubject) -> PersonalData:
    cases = []
    for case_id in subject.ids("case_id"):
        items = list(CrmItem.query(f"CASE#{case_id}"))
        case = next((c for c in items if isinstance(c, Case)), None)
        if case is not None:
            cases.append({**record(case), "comments": [record(c) for c in items if isinstance(c, CaseComment)]})
    return PersonalData(sections={"cases": cases})
