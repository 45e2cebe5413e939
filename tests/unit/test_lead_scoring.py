"""Lead scores follow the documented points table; each point has its reason."""

from __future__ import annotations

from decimal import Decimal

from crm.sales.scoring import score_lead


def test_a_strong_referral_scores_a_with_every_reason():
    s = score_lead(
        source="referral",
        email="cto@maschinen.example",
        phone="+4930123",
        employees=250,
        budget=Decimal("60000"),
        timeframe="0-3m",
        industry="Manufacturing",
    )
    # 30 + 10 + 5 + 15 + 20 + 15 + 10 = 105 -> capped at 100
    assert s.points == 100 and s.grade == "A"
    assert s.reasons == [
        "+30 source referral",
        "+10 business email address",
        "+5 phone number given",
        "+15 200+ employees",
        "+20 budget >= 50000",
        "+15 buying within 0-3m",
        "+10 target industry manufacturing",
    ]


def test_free_mail_cold_call_without_details_is_d():
    s = score_lead(
        source="cold_call",
        email="someone@gmail.com",
        phone=None,
        employees=5,
        budget=None,
        timeframe="unknown",
        industry="retail",
    )
    assert (s.points, s.grade, s.reasons) == (5, "D", ["+5 source cold_call"])


def test_grade_boundaries():
    # web 15 + business email 10 = 25 -> C; + small budget 5 + 10 employees 5 + 3-6 months 8 = 43 -> C; +phone 48 -> B
    assert (
        score_lead(
            source="web", email="a@b.example", phone=None, employees=None, budget=None, timeframe=None, industry=None
        ).grade
        == "C"
    )
    s = score_lead(
        source="web", email="a@b.example", phone="+1", employees=10, budget=Decimal(1), timeframe="3-6m", industry=None
    )
    assert (s.points, s.grade) == (48, "B")
