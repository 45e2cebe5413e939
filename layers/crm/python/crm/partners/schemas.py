"""Request and response shapes for partners, deal registrations, PRM settings and reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from crm.contactinfo import normalize_domain, normalize_email, normalize_phone, normalize_tax_id
from crm.shapes import Amount, Currency, Id, LongText, Name, Page, Sku, Strict

Kind = Literal["reseller", "distributor", "agent", "referral"]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
TierName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,19}$")]


class PartnerContactIn(Strict):
    name: Name
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = Field(default=None, description="reaches the partner desk")
    role: Annotated[str, Field(max_length=80)] | None = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None, info: ValidationInfo) -> str | None:
        return normalize_phone(v, (info.context or {}).get("default_region")) if v else v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        return normalize_email(v) if v else v


class PartnerIn(Strict):
    partner_id: Id | None = Field(default=None, description="set it to the id given to the partner's users")
    name: Name
    kind: Kind
    territory: Annotated[list[Country], Field(max_length=50)] = []
    contacts: Annotated[list[PartnerContactIn], Field(max_length=20)] = []


class RegistrationIn(Strict):
    company: Name
    domain: Annotated[str, Field(max_length=253)] | None = None
    tax_id: Annotated[str, Field(max_length=40)] | None = None
    country: Country | None = None
    contact_name: Name | None = None
    contact_email: Annotated[str, Field(max_length=254)] | None = None
    expected_value: Amount
    currency: Currency
    products: Annotated[list[Sku], Field(min_length=1, max_length=30)]
    close_date: date
    notes: LongText | None = None

    @field_validator("domain")
    @classmethod
    def _domain(cls, v: str | None) -> str | None:
        return normalize_domain(v) if v else v

    @field_validator("tax_id")
    @classmethod
    def _tax(cls, v: str | None) -> str | None:
        return normalize_tax_id(v) if v else v

    @field_validator("contact_email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        return normalize_email(v) if v else v


class DecisionIn(Strict):
    note: LongText | None = None
    override_conflicts: bool = Field(default=False, description="approve although another partner is protected")


class RejectIn(Strict):
    reason: Annotated[str, Field(min_length=1, max_length=400)]


class ConvertRegIn(Strict):
    customer_id: Id | None = Field(default=None, description="the existing customer; else the match or a new one")


class RegQuery(Page):
    status: Literal["submitted", "approved", "rejected", "converted", "expired"] = "submitted"


class PartnerRegQuery(Page):
    pass


class PeriodQuery(Strict):
    from_: date = Field(alias="from")
    to: date

    @model_validator(mode="after")
    def _range(self) -> PeriodQuery:
        if self.to < self.from_:
            raise ValueError("to is before from")
        if (self.to - self.from_).days > 731:
            raise ValueError("at most two years")
        return self


class TierRuleIn(Strict):
    tier: TierName
    min_revenue: Amount


class CommissionRuleIn(Strict):
    tier: TierName
    category: Annotated[str, Field(pattern=r"^(\*|[a-z0-9][a-z0-9_-]{0,39})$")]
    rate: Annotated[Decimal, Field(ge=0, le=Decimal("0.5"), decimal_places=4)]


class SettingsIn(Strict):
    tiers: Annotated[list[TierRuleIn], Field(min_length=1, max_length=10)]
    commission_rules: Annotated[list[CommissionRuleIn], Field(min_length=1, max_length=100)]
    protection_days: Annotated[int, Field(ge=1, le=365)] = 90
    version: int | None = None

    @model_validator(mode="after")
    def _check(self) -> SettingsIn:
        names = [t.tier for t in self.tiers]
        if len(set(names)) != len(names):
            raise ValueError("each tier appears once")
        if not any(t.min_revenue == 0 for t in self.tiers):
            raise ValueError("one tier must start at 0 so every partner has a tier")
        for r in self.commission_rules:
            if r.tier not in names:
                raise ValueError(f"commission rule for unknown tier {r.tier}")
        pairs = [(r.tier, r.category) for r in self.commission_rules]
        if len(set(pairs)) != len(pairs):
            raise ValueError("each tier and category has one commission rule")
        return self
