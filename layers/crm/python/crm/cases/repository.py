"""Case keys and queries: the only module that spells CASE#, CASES#..., SLA (the key design is in models.py's
docstring and docs/access-patterns.md)."""

from __future__ import annotations

from crm.cases.models import Case, CaseComment, CaseRef, SlaCalendarItem, SlaPolicyItem
from crm.customers.public import customer_pk
from crm.db import CrmItem, Index, decode_cursor, encode_cursor, get_or_404, new_id

NOT_DUE = "~"  # sorts after every ISO timestamp: never picked up by the escalation window
SLA_PK = "SLA"
BREACHED = "CASES#BREACHED"


def case_pk(case_id: str) -> str:
    return f"CASE#{case_id}"


def index_case(c: Case, due: str | None) -> None:
    """By owner (gsi1), by status ordered by the next deadline (gsi2), breached ones (gsi3, sparse)."""
    c.pk, c.sk = case_pk(c.case_id), "CASE"
    c.gsi1pk = f"CASES#OWNER#{c.owner}" if c.owner else None
    c.gsi1sk = f"{c.status}#{c.created_at}#{c.case_id}" if c.owner else None
    c.gsi2pk = f"CASES#STATUS#{c.status}"
    c.gsi2sk = f"{due}#{c.case_id}" if due else f"{NOT_DUE}{c.updated_at}#{c.case_id}"
    if c.breached_at:
        c.gsi3pk, c.gsi3sk = BREACHED, f"{c.breached_at}#{c.case_id}"


def comment_keys(comment: CaseComment, at: str) -> None:
    comment.pk, comment.sk = case_pk(comment.case_id), f"COMMENT#{at}#{new_id(8)}"


def load_case(case_id: str) -> Case:
    return get_or_404(Case, case_pk(case_id), "CASE", f"case {case_id} does not exist", {"case_id": "unknown"})


def case_with_comments(case_id: str) -> tuple[Case | None, list[CaseComment]]:
    """The case and its comments: one Query of the case's partition."""
    case: Case | None = None
    comments: list[CaseComment] = []
    for item in CrmItem.query(case_pk(case_id)):
        if isinstance(item, Case):
            case = item
        elif isinstance(item, CaseComment):
            comments.append(item)
    return case, comments


def cases_page(
    owner: str | None, status: str | None, breached: bool, limit: int, cursor: str | None
) -> tuple[list[Case], str | None]:
    """By owner (and status) on gsi1, by status soonest deadline first on gsi2, or breached on gsi3."""
    index: Index
    if breached:
        key, index, attr, cond, forward = BREACHED, Case.gsi3, "gsi3", None, False
    elif owner:
        key, index, attr, forward = f"CASES#OWNER#{owner}", Case.gsi1, "gsi1", False
        cond = Case.gsi1sk.startswith(f"{status}#") if status else None
    else:
        key, index, attr, cond, forward = f"CASES#STATUS#{status}", Case.gsi2, "gsi2", None, True
    start = decode_cursor(cursor, expect={f"{attr}pk": key})
    result = index.query(key, cond, scan_index_forward=forward, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def due_cases(status: str, upper: str) -> list[Case]:
    """Running cases of a status whose next deadline is before `upper` (gsi2's due-date order)."""
    return list(Case.gsi2.query(f"CASES#STATUS#{status}", Case.gsi2sk <= f"{upper}#~"))


def sla_items() -> list[CrmItem]:
    """Every stored SLA policy and calendar: one Query of the SLA partition."""
    return list(CrmItem.query(SLA_PK))


def policy_keys(item: SlaPolicyItem) -> None:
    item.pk, item.sk = SLA_PK, f"POLICY#{item.priority}"


def calendar_keys(item: SlaCalendarItem) -> None:
    item.pk, item.sk = SLA_PK, f"CALENDAR#{item.calendar_id}"


OPEN_CASE_SK = "OPENCASE"  # in the customer's partition, read with the caller card


CASE_REF_PREFIX = "!CASE#"  # in the customer's partition, below the timeline


def case_ref(c: Case) -> CaseRef:
    """The customer's reference to one of their cases, kept in step with the case by every write of it."""
    return CaseRef(
        pk=customer_pk(c.customer_id),
        sk=f"{CASE_REF_PREFIX}{c.created_at}#{c.case_id}",
        customer_id=c.customer_id,
        case_id=c.case_id,
        subject=c.subject,
        status=c.status,
        category=c.category,
        priority=c.priority,
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


def cases_of_customer(customer_id: str, limit: int, cursor: str | None) -> tuple[list[CaseRef], str | None]:
    """A customer's cases, newest first."""
    pk = customer_pk(customer_id)
    start = decode_cursor(cursor, expect={"pk": pk})
    result = CaseRef.query(
        pk, CaseRef.sk.startswith(CASE_REF_PREFIX), scan_index_forward=False, limit=limit, last_evaluated_key=start
    )
    return [r for r in result if isinstance(r, CaseRef)], encode_cursor(result.last_evaluated_key)


def open_case_keys(customer_id: str) -> list[tuple[str, str]]:
    """The pointer at the customer's newest running case, by key (the caller card reads it)."""
    return [(customer_pk(customer_id), OPEN_CASE_SK)]
