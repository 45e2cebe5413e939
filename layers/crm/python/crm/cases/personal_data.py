"""Cases' part of the GDPR export: each case on the customer's timeline with its comments (one Query each)."""

from __future__ import annotations

from crm.cases.repository import case_with_comments
from crm.personal_data import DataSubject, PersonalData, record


def personal_data(subject: DataSubject) -> PersonalData:
    cases = []
    for case_id in subject.ids("case_id"):
        case, comments = case_with_comments(case_id)
        if case is not None:
            cases.append({**record(case), "comments": [record(c) for c in comments]})
    return PersonalData(sections={"cases": cases})
