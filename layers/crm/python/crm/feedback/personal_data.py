"""Feedback's part of the GDPR export and erasure: the surveys the customer answered (named on their timeline).
Erasure removes what the customer wrote (the comment) and keeps the score, which the service analysis counts and
which, once the profile is erased, no longer names anyone."""

from __future__ import annotations

from crm.db import CrmItem
from crm.feedback.models import Survey
from crm.feedback.repository import find_survey
from crm.personal_data import DataSubject, Erasure, PersonalData, record


def _surveys(subject: DataSubject) -> list[Survey]:
    return [s for sid in subject.ids("survey_id") if (s := find_survey(sid)) is not None]


def personal_data(subject: DataSubject) -> PersonalData:
    return PersonalData(sections={"feedback": [record(s) for s in _surveys(subject)]})


def erasure(subject: DataSubject) -> Erasure:
    writes: list[tuple[str, CrmItem]] = []
    for s in _surveys(subject):
        if s.comment:
            s.comment = None
            writes.append(("put", s))
    return Erasure(writes=writes)  # type: ignore[arg-type]
