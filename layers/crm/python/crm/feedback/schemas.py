"""Shapes of the feedback pages and hooks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from crm.shapes import Out, Strict

Kind = Literal["csat", "nps", "call"]
LOW: dict[str, int] = {"csat": 2, "call": 2, "nps": 6}  # at or below: a follow-up call (NPS: a detractor)


class SurveyTokenQuery(Strict):
    token: Annotated[str, Field(min_length=1, max_length=4000)]


class SurveyCommentIn(Strict):
    comment: Annotated[str, Field(min_length=1, max_length=2000)]


class Answered(Out):
    survey_id: str
    kind: Kind
    score: int
    scale_max: int
    comment_token: str
    lang: str


class Commented(Out):
    survey_id: str
    lang: str
