"""Request and response shapes of privacy: the audit trail, the GDPR export and the erasure."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from crm.shapes import Out, Strict


class AuditEntryOut(Out):
    at: str
    actor: str
    action: Literal["created", "changed", "removed"]
    item_type: str
    item_key: str
    fields: list[str]


class AuditPage(Out):
    items: list[AuditEntryOut]
    next: str | None = None


class ErasureIn(Strict):
    confirm: Annotated[str, Field(min_length=1, max_length=60, description="the customer id again")]
    reason: Annotated[str, Field(min_length=3, max_length=120, description="request reference, not a name")]


Record = Annotated[dict[str, Any], Field(description="an item as stored, every attribute")]


class ExportedFile(Out):
    bucket: str
    key: str
    bytes: int


class CustomerExport(Out):
    """Everything held about one customer (GDPR access and portability): items as stored, by section."""

    customer_id: str
    exported_at: str
    profile: Record
    contacts: list[Record]
    timeline: list[Record]
    other_items: list[Record] = Field(description="identifiers, tags, counters, figures, caller card")
    orders: list[Record]
    quotes: list[Record]
    opportunities: list[Record]
    cases: list[Record] = Field(description="each case with its comments")
    contact_center: list[Record] = Field(description="calls and chats: caller number, attributes, transcript")
    consent_history: list[Record]
    feedback: list[Record] = Field(description="surveys answered: CSAT, NPS, call ratings, comments")
    audit_trail: list[Record]
    files: list[ExportedFile] = Field(description="objects in S3 that hold the customer's data")


class ErasureOut(Out):
    customer_id: str
    status: Literal["erased"]
    items_changed: int
    files_removed: int
    suppressed_addresses: int
