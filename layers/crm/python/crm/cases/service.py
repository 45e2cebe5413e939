"""Service cases: opened from any channel with SLA deadlines from their priority (business minutes on a
calendar), comments (the first public one is the first response), status changes with pauses while pending,
breach flags, and the pointer to the customer's newest running case that the phone channel routes by."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist

from crm.cases import schemas
from crm.cases.models import Case, CaseComment, CaseEvent, OpenCase, SlaSnapshot
from crm.cases.repository import (
    OPEN_CASE_SK,
    case_ref,
    case_with_comments,
    cases_page,
    comment_keys,
    index_case,
    load_case,
)
from crm.cases.sla import (
    DEFAULT_CALENDARS,
    Calendar,
    Policy,
    add_business_minutes,
    business_minutes_between,
)
from crm.cases.sla_settings import load_settings
from crm.cases.teams import team_of
from crm.customers.public import customer_pk, customer_ref, new_entry
from crm.customfields.public import apply_custom, custom_out
from crm.db import CrmItem, check_version, new_id, now_iso, transaction
from crm.errors import Conflict, NotFound, ValidationFailed, VersionConflict

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"open", "pending", "resolved"}),
    "open": frozenset({"pending", "resolved"}),
    "pending": frozenset({"open", "resolved"}),
    "resolved": frozenset({"closed", "open"}),
    "closed": frozenset(),
}


class InvalidCaseTransition(Conflict):
    code = "invalid_transition"


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def case_out(c: Case, comments: list[CaseComment] | None = None) -> schemas.CaseOut:
    keys = (
        "case_id",
        "customer_id",
        "subject",
        "description",
        "channel",
        "category",
        "priority",
        "status",
        "owner",
        "order_id",
        "first_response_due",
        "resolution_due",
        "first_responded_at",
        "resolved_at",
        "paused_at",
        "first_response_breached",
        "resolution_breached",
        "breached_at",
        "escalated_at",
        "created_at",
        "created_by",
        "updated_at",
    )
    return schemas.CaseOut.model_validate(
        {
            **{k: getattr(c, k) for k in keys},
            "team": team_of(c.team, c.category, c.channel),
            "custom": custom_out(c.custom),
            "sla": c.sla.as_dict(),
            "allowed_transitions": sorted(TRANSITIONS[c.status]),
            "escalation_level": int(c.escalation_level or 0),
            "version": int(c.version),
            "history": [h.as_dict() for h in c.history or []],
            "comments": [
                {
                    "comment_id": m.comment_id,
                    "author": m.author,
                    "body": m.body,
                    "public": m.public,
                    "created_at": m.created_at,
                }
                for m in comments or []
            ],
        }
    )


def next_due(c: Case) -> str | None:
    """The earliest deadline still running, or None (resolved, closed, or paused while pending)."""
    if c.status in ("resolved", "closed"):
        return None
    if not c.first_responded_at:
        return min(c.first_response_due, c.resolution_due)
    return None if c.status == "pending" else c.resolution_due


def _index(c: Case) -> None:
    index_case(c, next_due(c))


def record_event(
    c: Case,
    at: str,
    actor: str | None,
    event: str,
    old: str | None = None,
    new: str | None = None,
    note: str | None = None,
) -> None:
    c.history = [
        *(c.history or []),
        CaseEvent(at=at, actor=actor, event=event, from_value=old, to_value=new, note=note),
    ]


def _deadlines(c: Case, policy: Policy, cal: Calendar) -> None:
    opened = parse(c.created_at)
    c.sla = SlaSnapshot(
        first_response_minutes=policy.first_response_minutes,
        resolution_minutes=policy.resolution_minutes,
        calendar_id=policy.calendar_id,
        warn_minutes=policy.warn_minutes,
    )
    c.first_response_due = iso(add_business_minutes(opened, policy.first_response_minutes, cal))
    c.resolution_due = iso(add_business_minutes(opened, policy.resolution_minutes, cal))


def mark_breaches(c: Case, now: datetime) -> bool:
    """Set breach flags for targets missed by `now`; True when a flag was newly set."""
    changed = False
    if not c.first_response_breached and not c.first_responded_at and now >= parse(c.first_response_due):
        c.first_response_breached = changed = True
    if not c.resolution_breached and not c.resolved_at and c.status != "pending" and now >= parse(c.resolution_due):
        c.resolution_breached = changed = True
    if changed and not c.breached_at:
        c.breached_at = iso(now)
        record_event(c, iso(now), "sla", "breached", note=breach_note(c))
    return changed


def breach_note(c: Case) -> str:
    missed = [n for n, f in (("first response", c.first_response_breached), ("resolution", c.resolution_breached)) if f]
    return "missed " + " and ".join(missed)


def open_case(data: schemas.CaseIn, actor: str, now: datetime | None = None) -> schemas.CaseOut:
    customer_ref(data.customer_id)  # 400 naming customer_id when unknown
    policies, calendars = load_settings()
    policy = policies[data.priority]
    at = iso(now or datetime.now(UTC))
    case_id = new_id()
    c = Case(
        case_id=case_id,
        customer_id=data.customer_id,
        subject=data.subject,
        description=data.description,
        channel=data.channel,
        category=data.category,
        priority=data.priority,
        status="new",
        owner=data.owner or actor,
        team=team_of(data.team, data.category, data.channel),
        order_id=data.order_id,
        custom=apply_custom("case", data.custom, None, creating=True),
        created_at=at,
        created_by=actor,
        updated_at=at,
        history=[],
    )
    _deadlines(c, policy, calendars[policy.calendar_id])
    record_event(c, at, actor, "opened", new="new", note=f"{data.priority} {data.category} via {data.channel}")
    _index(c)
    with transaction("case id collision, retry") as tx:
        tx.save(c, condition=CrmItem.pk.does_not_exist())
        tx.save(_open_case(c))
        tx.save(case_ref(c))
        tx.save(
            new_entry(
                data.customer_id,
                "case",
                f"Case opened: {data.subject} ({data.priority})",
                channel=data.channel,
                actor=actor,
                occurred_at=at,
                ref={"case_id": case_id},
            )
        )
    return case_out(c)


def _load(case_id: str) -> Case:
    return load_case(case_id)


def get_case(case_id: str) -> schemas.CaseOut:
    """The case and its comments in one Query of the case's partition."""
    case, comments = case_with_comments(case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist", {"case_id": "unknown"})
    return case_out(case, comments)


def _open_case(c: Case) -> OpenCase:
    """The customer's pointer to the newest running case (the phone channel routes to its owner)."""
    return OpenCase(
        pk=customer_pk(c.customer_id),
        sk=OPEN_CASE_SK,
        customer_id=c.customer_id,
        case_id=c.case_id,
        owner=c.owner or "",
        subject=c.subject,
        updated_at=c.updated_at,
    )


def save(c: Case, extra: list[CrmItem], expected: int | None = None) -> None:
    check_version(c.version, expected, "case")
    _index(c)
    pointer = _open_case(c)
    points_here = False
    if c.status in ("resolved", "closed"):
        try:
            points_here = OpenCase.get(pointer.pk, OPEN_CASE_SK).case_id == c.case_id
        except DoesNotExist:
            points_here = False
    with transaction(lambda: VersionConflict("the case was changed meanwhile; reload it", {"version": "stale"})) as tx:
        tx.save(c)
        tx.save(case_ref(c))
        for item in extra:
            tx.save(item)
        if c.status not in ("resolved", "closed"):
            tx.save(pointer)
        elif points_here:  # only clear the pointer when it still points at this case
            tx.delete(pointer, condition=OpenCase.case_id == c.case_id)


def update_case(case_id: str, patch: schemas.CasePatch, expected: int | None, actor: str) -> schemas.CaseOut:
    c = _load(case_id)
    at = now_iso()
    changes = patch.model_dump(exclude_unset=True, exclude={"version", "custom"})
    if "custom" in patch.model_fields_set:
        c.custom = apply_custom("case", patch.custom, c.custom, creating=False)
        record_event(c, at, actor, "custom", None, ", ".join(sorted(patch.custom or {})) or None)
    for name, value in changes.items():
        if value is None:
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
        old = getattr(c, name)
        if old != value:
            setattr(c, name, value)
            record_event(c, at, actor, name, old, value)
    if "priority" in changes and c.status not in ("resolved", "closed"):
        policies, calendars = load_settings()  # targets follow the new priority, counted from when the case opened
        policy = policies[c.priority]
        _deadlines(c, policy, calendars[policy.calendar_id])
        c.escalation_level = 0 if not (c.first_response_breached or c.resolution_breached) else c.escalation_level
    c.updated_at = at
    save(c, [], expected)
    return case_out(c)


def add_comment(case_id: str, data: schemas.CommentIn, actor: str) -> schemas.CaseOut:
    c = _load(case_id)
    if c.status == "closed":
        raise InvalidCaseTransition(f"case {case_id} is closed", {"case_id": "closed"})
    now = datetime.now(UTC)
    at = iso(now)
    comment = CaseComment(
        comment_id=new_id(),
        case_id=case_id,
        author=actor,
        body=data.body,
        public=data.public,
        created_at=at,
    )
    comment_keys(comment, at)
    extra: list[CrmItem] = [comment]
    if data.public and not c.first_responded_at:
        mark_breaches(c, now)  # a late first response still counts as a breach
        c.first_responded_at = at
        record_event(c, at, actor, "responded", note="first public reply")
        if c.status == "new":
            record_event(c, at, actor, "status", "new", "open")
            c.status = "open"
        extra.append(
            new_entry(
                c.customer_id,
                "case",
                f"Reply on case: {c.subject}",
                actor=actor,
                occurred_at=at,
                ref={"case_id": case_id},
            )
        )
    c.updated_at = at
    save(c, extra)
    return schemas.CaseOut.model_validate(get_case(case_id))


def customer_reply(case_id: str, customer_id: str, body: str, author: str) -> schemas.CaseOut:
    """The customer's own comment (customer portal): public, never the first response; a case waiting on the
    customer (pending) or resolved goes back to open, as the reply means there is work again."""
    c = _load(case_id)
    if c.customer_id != customer_id:
        raise NotFound(f"case {case_id} does not exist", {"case_id": "unknown"})  # not yours: as if absent
    if c.status == "closed":
        raise InvalidCaseTransition(f"case {case_id} is closed", {"case_id": "closed"})
    at = now_iso()
    comment = CaseComment(comment_id=new_id(), case_id=case_id, author=author, body=body, public=True, created_at=at)
    comment_keys(comment, at)
    if c.status in ("pending", "resolved"):
        record_event(c, at, author, "status", c.status, "open", note="the customer replied")
        c.status = "open"
    c.updated_at = at
    entry = new_entry(
        customer_id,
        "case",
        f"Customer replied on case: {c.subject}",
        channel="web",
        actor=author,
        ref={"case_id": case_id},
    )
    save(c, [comment, entry])
    return get_case(case_id)


def change_status(case_id: str, data: schemas.CaseStatusIn, expected: int | None, actor: str) -> schemas.CaseOut:
    c = _load(case_id)
    if data.status not in TRANSITIONS[c.status]:
        raise InvalidCaseTransition(
            f"a {c.status} case cannot become {data.status}; "
            f"allowed: {', '.join(sorted(TRANSITIONS[c.status])) or 'none (final)'}",
            {"status": f"{c.status} -> {data.status} is not allowed"},
            current_status=c.status,
            allowed=sorted(TRANSITIONS[c.status]),
        )
    now = datetime.now(UTC)
    at = iso(now)
    _, calendars = load_settings()
    cal = calendars.get(c.sla.calendar_id, DEFAULT_CALENDARS["24x7"])
    if c.status == "pending" and c.paused_at:  # the customer's time does not count against us
        paused = business_minutes_between(parse(c.paused_at), now, cal)
        c.resolution_due = iso(add_business_minutes(parse(c.resolution_due), paused, cal))
        c.paused_at = None
    if data.status == "pending":
        c.paused_at = at
    mark_breaches(c, now)
    if data.status == "resolved":
        c.resolved_at = at
    elif data.status == "open" and c.status == "resolved":
        c.resolved_at = None  # reopened: the resolution clock runs again from the same deadline
    record_event(c, at, actor, "status", c.status, data.status, data.note)
    c.status, c.updated_at = data.status, at
    extra: list[CrmItem] = []
    if data.status in ("resolved", "closed"):
        extra.append(
            new_entry(
                c.customer_id,
                "case",
                f"Case {data.status}: {c.subject}",
                actor=actor,
                occurred_at=at,
                ref={"case_id": case_id},
                body=data.note,
            )
        )
    save(c, extra, expected)
    return case_out(c)


def list_cases(q: schemas.CaseQuery) -> schemas.CasePage:
    """By owner (optionally with status) on gsi1, by status (soonest deadline first) on gsi2, breached on gsi3."""
    if q.breached and (q.owner or q.status):
        raise ValidationFailed("breached lists all breached cases; do not combine", {"breached": "alone"})
    if not (q.breached or q.owner or q.status):
        raise ValidationFailed("filter by owner, status or breached=true", {"status": "one filter"})
    cases, nxt = cases_page(q.owner, q.status, bool(q.breached), q.limit, q.cursor)
    return schemas.CasePage(items=[case_out(c) for c in cases], next=nxt)
