"""Answers: a rating from a signed link (one click, no login; a forged link is refused, a second answer to the
same survey too), a comment after it, and a call's rating keyed in after the call. Each answer lands on the
customer's timeline, and a low one (schemas.LOW) opens a call task for whoever follows up — all in one
transaction with the answer, so a retried or replayed answer never adds a second entry or task."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

from crm.db import CrmItem, now_iso, transaction
from crm.errors import Conflict, NotFound, ValidationFailed
from crm.feedback.models import Survey
from crm.feedback.repository import find_survey, index_answer, load_survey, new_survey
from crm.feedback.schemas import LOW, Answered, Commented
from crm.messaging.public import SCALES

TITLES = {"csat": "CSAT", "nps": "NPS", "call": "Call rating"}


def _follow_up(s: Survey, score: int) -> CrmItem | None:
    if score > LOW[s.kind] or not s.follow_up_owner:
        return None
    from crm.tasks.public import follow_up_task

    related = {
        k: v for k, v in (("case_id", s.case_id), ("campaign_id", s.campaign_id), ("contact_id", s.contact_id)) if v
    }
    what = f' on "{s.subject}"' if s.subject else ""
    due = (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds").replace("+00:00", "Z")
    s.follow_up_task = f"fb-{s.survey_id}"
    return follow_up_task(
        s.follow_up_task,
        subject=f"Call back: {TITLES[s.kind]} {score} of {max(SCALES[s.kind])}{what}",
        assignee=s.follow_up_owner,
        due_at=due,
        customer_id=s.customer_id,
        related=related,
        notes=s.comment,
        created_by="feedback",
    )


def _record(s: Survey, score: int, channel: str) -> None:
    """The answer, its timeline entry and any follow-up, once."""
    from crm.customers.public import new_entry

    s.score, s.answered_at = score, now_iso()
    index_answer(s)
    task = _follow_up(s, score)
    what = f' for "{s.subject}"' if s.subject else ""
    entry = new_entry(
        s.customer_id,
        "feedback",
        f"{TITLES[s.kind]}: {score} of {max(SCALES[s.kind])}{what}",
        channel=channel,
        direction="inbound",
        actor="customer",
        ref={
            k: v for k, v in {"survey_id": s.survey_id, "case_id": s.case_id, "task_id": s.follow_up_task}.items() if v
        },
        entry_id=f"survey-{s.survey_id}",
    )
    with transaction(lambda: Conflict("this survey is answered already, thank you", {"token": "used"})) as tx:
        tx.save(s, condition=Survey.score.does_not_exist(), name="survey")
        tx.save(entry, condition=CrmItem.pk.does_not_exist(), name="timeline")
        if task is not None:
            tx.save(task, condition=CrmItem.pk.does_not_exist(), name="task")


def answer(token: str) -> Answered:
    from crm.messaging.public import sign, verify

    data = verify("survey", token)
    kind, survey_id, score = str(data.get("k")), str(data.get("s")), data.get("v")
    if kind not in SCALES or not isinstance(score, int) or score not in SCALES[kind]:
        raise ValidationFailed("the link is not valid", {"token": "invalid"})
    s = find_survey(survey_id)
    if s is None and kind != "nps":  # CSAT surveys exist from the moment they are sent
        raise NotFound("this survey does not exist", {"token": "unknown"})
    if s is None:
        s = new_survey(survey_id, kind=kind, customer_id=str(data["c"]), campaign_id=data.get("m"), lang=data.get("l"))
        s.channel, s.follow_up_owner = "email", _customer_owner(s.customer_id)
    _record(s, score, "email" if s.channel in (None, "email") else str(s.channel))
    comment = sign("survey-comment", {"s": survey_id}, ttl_days=7)
    return Answered(
        survey_id=survey_id,
        kind=kind,
        score=score,
        scale_max=max(SCALES[kind]),
        comment_token=comment,
        lang=s.lang or "en",
    )


def _customer_owner(customer_id: str) -> str | None:
    from crm.customers.public import get_customer

    try:
        return get_customer(customer_id).owner
    except NotFound:
        return None


def comment(token: str, text: str) -> Commented:
    """A comment after the rating, once; on the timeline, and on the follow-up task's notes when there is one."""
    from crm.customers.public import new_entry
    from crm.messaging.public import verify

    s = load_survey(str(verify("survey-comment", token).get("s")))
    entry = new_entry(
        s.customer_id,
        "feedback",
        f"{TITLES[s.kind]} comment: {text[:200]}",
        body=text,
        channel=s.channel,
        direction="inbound",
        actor="customer",
        ref={"survey_id": s.survey_id},
        entry_id=f"survey-{s.survey_id}-comment",
    )
    s.comment = text
    with transaction(lambda: Conflict("a comment was sent already, thank you", {"token": "used"})) as tx:
        tx.save(s, condition=Survey.comment.does_not_exist() & Survey.score.exists(), name="survey")
        tx.save(entry, condition=CrmItem.pk.does_not_exist(), name="timeline")
    return Commented(survey_id=s.survey_id, lang=s.lang or "en")


def record_call_rating(
    contact_id: str, customer_id: str | None, digits: str, agent: str | None, case_id: str | None
) -> str:
    """A post-call survey's keyed-in rating: "recorded", "invalid" (not 1-5) or "unknown_caller"."""
    if not (len(digits) == 1 and digits.isdigit() and int(digits) in SCALES["call"]):
        return "invalid"
    if not customer_id:
        return "unknown_caller"
    s = new_survey(
        f"call-{contact_id}",
        kind="call",
        customer_id=customer_id,
        contact_id=contact_id,
        case_id=case_id,
        follow_up_owner=agent or _customer_owner(customer_id),
        channel="phone",
        asked_at=now_iso(),
    )
    with contextlib.suppress(Conflict):  # the hook ran twice for one call: the first answer stands
        _record(s, int(digits), "phone")
    return "recorded"
