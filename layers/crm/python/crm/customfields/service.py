"""Defining fields (admins) and applying them to a record's values (every context's create and update)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from crm.customfields import index, repository, schemas, validation
from crm.customfields.models import FieldDef
from crm.db import CrmItem, check_version, now_iso, transaction, update_unversioned
from crm.errors import Conflict, ValidationFailed

SPEC_FIELDS = ("labels", "help", "required", "options", "position", "filterable", "personal")


def plain_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dict):
        return {k: plain_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain_value(x) for x in v]
    return v


def out(d: FieldDef) -> schemas.FieldDefOut:
    return schemas.FieldDefOut.model_validate(
        {
            **_snapshot(d),
            "entity": d.entity,
            "key": d.key,
            "help": d.help.as_dict() if d.help is not None else None,
            "used": bool(d.used),
            "version": int(d.version),
            "created_at": d.created_at,
            "created_by": d.created_by,
            "updated_at": d.updated_at,
            "updated_by": d.updated_by,
        }
    )


def _snapshot(d: FieldDef) -> dict[str, Any]:
    """The definition's rules as a version keeps them (and its answer shows them)."""
    return {
        "type": d.field_type,
        "labels": d.labels.as_dict() if hasattr(d.labels, "as_dict") else d.labels,
        "required": bool(d.required),
        "default": json.loads(d.default_json) if d.default_json else None,
        "options": plain_value(list(d.options or [])),
        "position": int(d.position or 0),
        "archived": bool(d.archived),
        "filterable": bool(d.filterable),
        "personal": bool(d.personal),
    }


def _check_default(d: FieldDef) -> None:
    if d.default_json is None:
        return
    problems = validation.errors(validation.record_schema([d]), {d.key: json.loads(d.default_json)})
    if problems:
        raise ValidationFailed("the default does not fit the field", {"default": next(iter(problems.values()))})


def _check_filterable(d: FieldDef) -> None:
    if not d.filterable:
        return
    if d.field_type == "money":
        raise ValidationFailed("money fields cannot be filtered by value", {"filterable": "not for money"})
    others = [x for x in repository.definitions(d.entity) if x.filterable and x.key != d.key and not x.archived]
    if len(others) >= index.MAX_FILTERABLE:
        raise ValidationFailed(
            f"at most {index.MAX_FILTERABLE} filterable fields per entity", {"filterable": "limit reached"}
        )


def _save(d: FieldDef, actor: str, new: bool) -> schemas.FieldDefOut:
    """The definition and its revision in one transaction (the version condition guards a concurrent change)."""
    _check_default(d)
    _check_filterable(d)
    d.updated_at, d.updated_by = now_iso(), actor
    revision = (int(d.version) if d.version is not None else 0) + 1
    snapshot = {**_snapshot(d), "version": revision}
    with transaction(lambda: Conflict("the field was changed by someone else; reload and retry", {})) as tx:
        tx.save(d, condition=CrmItem.pk.does_not_exist() if new else None, name="field")
        tx.save(repository.new_revision(d, revision, snapshot, d.updated_at, actor), name="revision")
    return out(repository.definition(d.entity, d.key))


def define(entity: str, data: schemas.FieldDefIn, actor: str) -> schemas.FieldDefOut:
    existing = {d.key for d in repository.definitions(entity)}
    if data.key in existing:
        raise Conflict(f"{entity} already has a field {data.key}", {"key": "taken"})
    at = now_iso()
    d = repository.new_definition(
        entity,
        data.key,
        field_type=data.type,
        default_json=json.dumps(_jsonable(data.default)) if data.default is not None else None,
        created_at=at,
        created_by=actor,
        updated_at=at,
        updated_by=actor,
        **{k: _jsonable(getattr(data, k)) for k in SPEC_FIELDS},
    )
    return _save(d, actor, new=True)


def change(
    entity: str, key: str, patch: schemas.FieldDefPatch, expected: int | None, actor: str
) -> schemas.FieldDefOut:
    d = repository.definition(entity, key)
    check_version(int(d.version), expected, "field")
    given = patch.model_fields_set - {"version"}
    if "type" in given and patch.type is not None and patch.type != d.field_type:
        if d.used:
            raise Conflict(f"{key} holds values: its type cannot change", {"type": "in use"})
        d.field_type = patch.type
    for name in given & {*SPEC_FIELDS, "archived"}:
        value = getattr(patch, name)
        if value is None and name != "help":
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
        setattr(d, name, _jsonable(value))
    if "default" in given:
        d.default_json = json.dumps(_jsonable(patch.default)) if patch.default is not None else None
    if (d.field_type in schemas.SELECTS) != bool(d.options):
        raise ValidationFailed(
            "a select field lists its options, and only a select field has them",
            {"options": "required for select fields, not allowed otherwise"},
        )
    return _save(d, actor, new=False)


def _jsonable(v: Any) -> Any:
    if hasattr(v, "model_dump"):
        return v.model_dump(mode="json")
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


def list_definitions(entity: str, include_archived: bool = True) -> schemas.FieldDefList:
    found = sorted(repository.definitions(entity), key=lambda d: (int(d.position or 0), d.key))
    return schemas.FieldDefList(items=[out(d) for d in found if include_archived or not d.archived])


def list_revisions(entity: str, key: str) -> schemas.FieldRevisionList:
    repository.definition(entity, key)
    items = [
        schemas.FieldRevisionOut(
            revision=int(r.revision),
            saved_at=r.saved_at,
            saved_by=r.saved_by,
            definition=schemas.FieldSnapshot.model_validate(plain_value(r.definition.as_dict())),
        )
        for r in repository.revisions(entity, key)
    ]
    return schemas.FieldRevisionList(items=items)


def list_matches(entity: str, key: str, q: schemas.FieldMatchQuery) -> schemas.FieldMatchPage:
    d = repository.definition(entity, key)
    if not d.filterable:
        raise ValidationFailed(f"{key} is not filterable", {"key": "not filterable"})
    items, nxt = index.page(entity, key, q.value, q.limit, q.cursor)
    found = [schemas.FieldMatchOut(entity=m.entity, record_id=m.record_id, customer_id=m.customer_id) for m in items]
    return schemas.FieldMatchPage(items=found, next=nxt)


def shareable_keys(entity: str) -> set[str]:
    """The fields whose values may reach the analytics zone: those not marked personal."""
    return {d.key for d in repository.definitions(entity) if not d.personal}


# ----------------------------------------------------------------- applying them to records


def apply(entity: str, given: dict[str, Any] | None, existing: dict[str, Any] | None, creating: bool) -> dict[str, Any]:
    """The record's custom values after this write: `given` over `existing` (None removes a value), defaults on
    create, checked against the active definitions (400 naming custom.<field>), normalized. Values of archived
    fields stay as they were and cannot be written. One Query of the entity's definitions."""
    defs = repository.definitions(entity)
    if not defs:
        if given:
            raise ValidationFailed("unknown custom fields", {f"custom.{k}": "unknown field" for k in given})
        return dict(existing or {})
    active = [d for d in defs if not d.archived]
    kept = {k: v for k, v in (existing or {}).items() if k not in {d.key for d in active}}
    values = {k: plain_value(v) for k, v in (existing or {}).items() if k not in kept}
    for k, v in (given or {}).items():
        values[k] = _jsonable(v)
    if creating:
        for d in active:
            if d.default_json and values.get(d.key) is None:
                values[d.key] = json.loads(d.default_json)
    values = {k: v for k, v in values.items() if v is not None}
    problems = validation.errors(validation.record_schema(active), values)
    by_key = {d.key: d for d in active}
    for k, v in list(values.items()):
        if f"custom.{k}" in problems or k not in by_key:
            continue
        try:
            values[k] = validation.normalized(by_key[k], v)
        except ValueError as exc:
            problems[f"custom.{k}"] = str(exc)[:200]
    if problems:
        raise ValidationFailed("custom fields are invalid", problems)
    _mark_used([by_key[k] for k in (given or {}) if k in by_key and not by_key[k].used and values.get(k) is not None])
    return {**kept, **values}


def _mark_used(defs: list[FieldDef]) -> None:
    """The first value of a field fixes its type (one UpdateItem, once per field; not a new version)."""
    for d in defs:
        update_unversioned(d, [FieldDef.used.set(True)])
