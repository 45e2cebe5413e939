"""Custom field keys: the only module that spells FIELDS#, FIELD#, REV#, CFV# (models.py's docstring)."""

from __future__ import annotations

from typing import Any

from crm.customfields.models import FieldDef, FieldMatch, FieldRevision
from crm.db import decode_cursor, get_or_404


def fields_pk(entity: str) -> str:
    return f"FIELDS#{entity}"


def new_definition(entity: str, key: str, **fields: Any) -> FieldDef:
    return FieldDef(pk=fields_pk(entity), sk=f"FIELD#{key}", entity=entity, key=key, **fields)


def new_revision(d: FieldDef, revision: int, snapshot: dict[str, object], at: str, by: str) -> FieldRevision:
    return FieldRevision(
        pk=fields_pk(d.entity),
        sk=f"REV#{d.key}#{revision:06d}",
        entity=d.entity,
        key=d.key,
        revision=revision,
        definition=snapshot,
        saved_at=at,
        saved_by=by,
    )


def definitions(entity: str) -> list[FieldDef]:
    """Every definition of an entity, archived ones too: one Query."""
    return list(FieldDef.query(fields_pk(entity), FieldDef.sk.startswith("FIELD#")))


def definition(entity: str, key: str) -> FieldDef:
    return get_or_404(FieldDef, fields_pk(entity), f"FIELD#{key}", f"no field {key} on {entity}", {"key": "unknown"})


def revisions(entity: str, key: str) -> list[FieldRevision]:
    return list(FieldRevision.query(fields_pk(entity), FieldRevision.sk.startswith(f"REV#{key}#")))


def match_pk(entity: str, key: str, value: str) -> str:
    return f"CFV#{entity}#{key}#{value}"


def new_match(entity: str, key: str, value: str, record_id: str, customer_id: str | None) -> FieldMatch:
    return FieldMatch(
        pk=match_pk(entity, key, value),
        sk=record_id,
        entity=entity,
        key=key,
        value=value,
        record_id=record_id,
        customer_id=customer_id,
    )


def matches_page(entity: str, key: str, value: str, limit: int, cursor: str | None) -> tuple[list[FieldMatch], Any]:
    """Records holding a value, by record id: one Query."""
    pk = match_pk(entity, key, value)
    page = FieldMatch.query(pk, limit=limit, last_evaluated_key=decode_cursor(cursor, expect={"pk": pk}))
    return list(page), page.last_evaluated_key
