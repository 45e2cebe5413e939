"""Request shapes for customers (pydantic v2); validation names the offending field. The answers' shapes are in
responses.py, which the 360 (the screen pop's too) loads without these."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    field_validator,
)

from crm.contactinfo import normalize_email, normalize_phone, normalize_tax_id
from crm.customers.models import MAX_CONTACTS
from crm.customfields.public import CustomValues
from crm.shapes import Strict

Email = Annotated[str, Field(max_length=254), AfterValidator(normalize_email)]
Tag = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[\w][\w .:/-]*$")]
Text = Annotated[str, Field(max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$", description="BCP 47, e.g. de or pt-BR")]
Channel = Literal["email", "phone", "sms", "mail", "chat", "in_person"]

MAX_IDENTIFIERS = 10


def _phones(values: list[str] | None, info: ValidationInfo) -> list[str] | None:
    """E.164; national numbers are read in the customer's country (validation context `default_region`)."""
    if values is None:
        return None
    region = (info.context or {}).get("default_region")
    out: list[str] = []
    for raw in values:
        number = normalize_phone(raw, region)
        if number not in out:
            out.append(number)
    return out


def _unique(values: list[str] | None) -> list[str] | None:
    return None if values is None else list(dict.fromkeys(values))


class Address(Strict):
    line1: ShortText | None = None
    line2: ShortText | None = None
    postal_code: Annotated[str, Field(max_length=20)] | None = None
    city: ShortText | None = None
    region: ShortText | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")] | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class Consent(Strict):
    email_marketing: bool = False
    sms_marketing: bool = False
    phone_marketing: bool = False
    newsletter: bool = False
    source: ShortText | None = Field(default=None, description="where consent was given, e.g. web-form")


class ContactIn(Strict):
    first_name: ShortText | None = None
    last_name: ShortText
    title: ShortText | None = None
    emails: Annotated[list[Email], Field(max_length=MAX_IDENTIFIERS)] = []
    phones: Annotated[list[str], Field(max_length=MAX_IDENTIFIERS)] = []
    language: Language | None = None
    is_primary: bool = False
    custom: CustomValues | None = None

    _p = field_validator("phones")(_phones)
    _e = field_validator("emails")(_unique)


class ContactPatch(Strict):
    first_name: ShortText | None = None
    last_name: ShortText | None = None
    title: ShortText | None = None
    emails: Annotated[list[Email], Field(max_length=MAX_IDENTIFIERS)] | None = None
    phones: Annotated[list[str], Field(max_length=MAX_IDENTIFIERS)] | None = None
    language: Language | None = None
    is_primary: bool | None = None
    custom: CustomValues | None = None
    version: int | None = Field(default=None, description="alternative to the If-Match header")

    _p = field_validator("phones")(_phones)
    _e = field_validator("emails")(_unique)


class _CustomerFields(Strict):
    name: ShortText | None = Field(default=None, description="company name; for a person built from the names")
    first_name: ShortText | None = None
    last_name: ShortText | None = None
    tax_id: Annotated[str, Field(max_length=40), AfterValidator(normalize_tax_id)] | None = None
    external_id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    website: Annotated[str, Field(max_length=200)] | None = None
    industry: ShortText | None = None
    address: Address | None = None
    emails: Annotated[list[Email], Field(max_length=MAX_IDENTIFIERS)] | None = None
    phones: Annotated[list[str], Field(max_length=MAX_IDENTIFIERS)] | None = None
    language: Language | None = None
    preferred_channel: Channel | None = None
    needs: Text | None = Field(default=None, description="what the customer needs")
    expectations: Text | None = None
    buying_habits: Text | None = None
    offer_fit_notes: Text | None = Field(default=None, description="which offers fit this customer and why")
    tags: Annotated[list[Tag], Field(max_length=30)] | None = None
    owner: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="the responsible sales user (email)"
    )
    consent: Consent | None = None
    custom: CustomValues | None = None

    _p = field_validator("phones")(_phones)
    _u = field_validator("emails", "tags")(_unique)


class CustomerCreate(_CustomerFields):
    kind: Literal["company", "person"]
    contacts: Annotated[list[ContactIn], Field(max_length=MAX_CONTACTS)] = []

    def display_name(self) -> str | None:
        if self.name:
            return self.name
        parts = [p for p in (self.first_name, self.last_name) if p]
        return " ".join(parts) or None


class CustomerPatch(_CustomerFields):
    version: int | None = Field(default=None, description="alternative to the If-Match header")


class NoteIn(Strict):
    summary: ShortText
    body: Text | None = None
    kind: Literal["note", "call", "meeting", "email", "sms", "chat"] = "note"
    channel: Channel | None = None
    direction: Literal["inbound", "outbound"] | None = None
    occurred_at: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")] | None = None


class MergeIn(Strict):
    source_id: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        description="the duplicate to merge into this customer; it is left as a tombstone pointing here"
    )
    version: int | None = None


class ListQuery(Strict):
    owner: str | None = None
    tag: Tag | None = None
    name_prefix: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 25
    cursor: Annotated[str, Field(max_length=2000)] | None = None


class ExportQuery(Strict):
    owner: str | None = None
    tag: Tag | None = None
    limit: Annotated[int, Field(ge=1, le=1000)] = 1000
    cursor: Annotated[str, Field(max_length=2000)] | None = None


class LookupQuery(Strict):
    email: Email | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    tax_id: Annotated[str, Field(max_length=40), AfterValidator(normalize_tax_id)] | None = None
    external_id: Annotated[str, Field(max_length=100)] | None = None


class TimelineQuery(Strict):
    limit: Annotated[int, Field(ge=1, le=100)] = 25
    cursor: Annotated[str, Field(max_length=2000)] | None = None


class CreateQuery(Strict):
    force: bool = Field(default=False, description="create even when a duplicate is found")
