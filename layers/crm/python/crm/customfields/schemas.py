"""Request and response shapes of custom field definitions, and the shape of a record's `custom` values."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from typing_extensions import TypeAliasType

from crm.shapes import Out, Page, Strict

Entity = Literal["customer", "contact", "lead", "opportunity", "case", "order", "supplier"]
FieldType = Literal["text", "number", "money", "date", "boolean", "select", "multiselect", "url", "email", "phone"]
FieldKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="the value's name in `custom`")]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Label = Annotated[str, Field(min_length=1, max_length=80)]
SELECTS = ("select", "multiselect")


class MoneyValue(Strict):
    """The shape only: the field's JSON Schema checks the digits and the currency code (errors name the field)."""

    amount: str = Field(description="a decimal in a string, e.g. 2500.00")
    currency: str = Field(description="ISO 4217, e.g. EUR")


# Named types: the OpenAPI document describes them once (components CustomValue, CustomValues) and refers to them.
CustomValue = TypeAliasType("CustomValue", str | bool | int | float | list[str] | MoneyValue | None)
CustomValues = TypeAliasType(
    "CustomValues",
    Annotated[
        dict[FieldKey, CustomValue],
        Field(
            max_length=100,
            description="values of the admin-defined fields (GET /settings/fields/{entity}); null removes one",
        ),
    ],
)


class OptionIn(Strict):
    value: Annotated[str, Field(min_length=1, max_length=80)]
    labels: dict[Lang, Label] = Field(min_length=1)


class FieldSpec(Strict):
    labels: dict[Lang, Label] = Field(min_length=1, description="the field's label per language")
    help: dict[Lang, Annotated[str, Field(max_length=500)]] | None = None
    required: bool = False
    default: CustomValue = Field(default=None, description="set on records created without a value")
    options: Annotated[list[OptionIn], Field(max_length=100)] = []
    position: Annotated[int, Field(ge=0, le=1000)] = 0
    filterable: bool = False
    personal: bool = Field(default=False, description="personal data: kept out of the analytics raw zone")


class FieldDefIn(FieldSpec):
    key: FieldKey
    type: FieldType

    @model_validator(mode="after")
    def _options(self) -> FieldDefIn:
        if (self.type in SELECTS) != bool(self.options):
            raise ValueError("options: a select field lists its options, and only a select field has them")
        return self


class FieldDefPatch(Strict):
    type: FieldType | None = Field(default=None, description="refused once a record holds a value")
    labels: dict[Lang, Label] | None = None
    help: dict[Lang, Annotated[str, Field(max_length=500)]] | None = None
    required: bool | None = None
    default: CustomValue = None
    options: Annotated[list[OptionIn], Field(max_length=100)] | None = None
    position: Annotated[int, Field(ge=0, le=1000)] | None = None
    archived: bool | None = Field(default=None, description="hidden from forms and refused in writes; values stay")
    filterable: bool | None = None
    personal: bool | None = None
    version: int | None = None


class OptionOut(Out):
    value: str
    labels: dict[str, str]


class FieldDefOut(Out):
    entity: str
    key: str
    type: FieldType
    labels: dict[str, str]
    help: dict[str, str] | None = None
    required: bool
    default: CustomValue = None
    options: list[OptionOut] = []
    position: int
    archived: bool
    filterable: bool
    personal: bool
    used: bool = Field(description="a record holds a value (the type can no longer change)")
    version: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


class FieldDefList(Out):
    items: list[FieldDefOut]


class FieldSnapshot(Out):
    """A definition as one version saved it."""

    type: FieldType
    labels: dict[str, str]
    required: bool
    default: CustomValue = None
    options: list[OptionOut] = []
    position: int
    archived: bool
    filterable: bool
    personal: bool
    version: int


class FieldRevisionOut(Out):
    revision: int
    saved_at: str
    saved_by: str
    definition: FieldSnapshot


class FieldRevisionList(Out):
    items: list[FieldRevisionOut]


class FieldMatchQuery(Page):
    value: Annotated[str, Field(min_length=1, max_length=200, description="matched without regard to case")]


class FieldMatchOut(Out):
    entity: str
    record_id: str
    customer_id: str | None = Field(default=None, description="the record's customer (contacts, cases, ...)")


class FieldMatchPage(Out):
    items: list[FieldMatchOut]
    next: str | None = None
