"""Shared pydantic building blocks for every context's request and response shapes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from crm.money import check_currency


class Strict(BaseModel):
    # defer_build: a model's validator is built when first used, so a container pays only for its routes.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Out(BaseModel):
    model_config = ConfigDict(defer_build=True)


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code"), AfterValidator(check_currency)]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal("1e12"), decimal_places=4, description="money: string or number")]
Quantity = Annotated[Decimal, Field(gt=0, le=Decimal("1e6"), decimal_places=3)]
Sku = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=4000)]
Actor = Annotated[str, Field(min_length=1, max_length=254, description="a user's email")]
Limit = Annotated[int, Field(ge=1, le=100)]
Cursor = Annotated[str, Field(max_length=2000)]


class Page(Strict):
    limit: Limit = 25
    cursor: Cursor | None = None


def check_window(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError("valid_to is before valid_from")
