"""Field definitions in the single table (keys: repository.py and docs/access-patterns.md).

FIELDS#<entity>  FIELD#<key>                the definition as it stands (optimistic locking on `version`)
FIELDS#<entity>  REV#<key>#<version, 6 d>   each version as it was saved, with who and when (never changed)
CFV#<entity>#<key>#<value>  <record id>    a filterable field's value on a record (index.py; from the stream)
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)

from crm.db import CrmItem


class FieldDef(CrmItem, discriminator="field_def"):
    entity = UnicodeAttribute()
    key = UnicodeAttribute()
    field_type = UnicodeAttribute()
    labels = MapAttribute[str, Any]()
    help = MapAttribute[str, Any](null=True)
    required = BooleanAttribute(default=False)
    default_json = UnicodeAttribute(null=True)  # the default value, JSON-encoded (any of the field types)
    options = ListAttribute[Any](default=list)  # [{"value": ..., "labels": {lang: label}}] for selects
    position = NumberAttribute(default=0)
    archived = BooleanAttribute(default=False)
    filterable = BooleanAttribute(default=False)
    personal = BooleanAttribute(default=False)  # personal data: left out of the analytics raw zone
    used = BooleanAttribute(default=False)  # a record holds a value: the type can no longer change
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    version = VersionAttribute()


class FieldRevision(CrmItem, discriminator="field_revision"):
    entity = UnicodeAttribute()
    key = UnicodeAttribute()
    revision = NumberAttribute()
    definition = MapAttribute[str, Any]()  # the definition's fields as saved in this version
    saved_at = UnicodeAttribute()
    saved_by = UnicodeAttribute()


class FieldMatch(CrmItem, discriminator="field_match"):
    """One value of a filterable field on one record (the generic index, kept by the table stream)."""

    entity = UnicodeAttribute()
    key = UnicodeAttribute()
    value = UnicodeAttribute()
    record_id = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)  # the record's customer, where it has one (a contact's, a case's)
