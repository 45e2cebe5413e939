"""Survey keys: the only module that spells SURVEY#, FEEDBACK#, CASEFEEDBACK# (models.py's docstring)."""

from __future__ import annotations

from typing import Any

from crm.db import get_or_404
from crm.feedback.models import Survey

SURVEY_SK = "SURVEY"


def survey_keys(survey_id: str) -> tuple[str, str]:
    return f"SURVEY#{survey_id}", SURVEY_SK


def new_survey(survey_id: str, **fields: Any) -> Survey:
    s = Survey(survey_id=survey_id, **fields)
    s.pk, s.sk = survey_keys(survey_id)
    if s.case_id:
        s.gsi2pk, s.gsi2sk = f"CASEFEEDBACK#{s.case_id}", survey_id
    return s


def index_answer(s: Survey) -> None:
    """An answered survey joins its kind's month (the analysis reads a month with one Query)."""
    s.gsi1pk, s.gsi1sk = f"FEEDBACK#{s.kind}#{(s.answered_at or '')[:7]}", f"{s.answered_at}#{s.survey_id}"


def load_survey(survey_id: str) -> Survey:
    return get_or_404(Survey, *survey_keys(survey_id), f"survey {survey_id} does not exist", {"token": "unknown"})


def find_survey(survey_id: str) -> Survey | None:
    try:
        return Survey.get(*survey_keys(survey_id))
    except Survey.DoesNotExist:
        return None


def answered_in(kind: str, month: str) -> list[Survey]:
    return list(Survey.gsi1.query(f"FEEDBACK#{kind}#{month}"))


def case_surveys(case_id: str) -> list[Survey]:
    return list(Survey.gsi2.query(f"CASEFEEDBACK#{case_id}"))
