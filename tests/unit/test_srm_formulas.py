"""SRM formulas against hand-computed expectations (crm/suppliers/analysis.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from crm.suppliers.analysis import (
    DeliveryLine,
    OfferIn,
    OfferLine,
    key_potential,
    kraljic,
    rank_offers,
    risk_index,
    scorecard,
    trend,
)

W = {"tco": D("0.5"), "lead_time": D("0.15"), "risk": D("0.2"), "quality": D("0.15")}


def line(delivered, expected, received, rejected=0, open_before=None, agreed="10", invoiced="10", ordered=(2026, 1, 1)):
    open_before = received if open_before is None else open_before
    return DeliveryLine(
        date(*delivered),
        date(*expected),
        date(*ordered),
        D(open_before),
        D(received),
        D(rejected),
        D(agreed),
        D(invoiced),
        (D(received) - D(rejected)) * D(invoiced),
    )


def test_scorecard_from_four_delivery_lines():
    lines = [
        line((2026, 1, 10), (2026, 1, 10), 100),  # on time, in full, lead 9
        line((2026, 1, 15), (2026, 1, 12), 100, rejected=2),  # 3 days late, 98 of 100 -> not in full, lead 14
        line((2026, 1, 20), (2026, 1, 25), 50, open_before=100),  # early but partial, lead 19
        line((2026, 1, 30), (2026, 1, 20), 50, invoiced="11"),  # 10 days late, in full, price +10 %, lead 29
    ]
    c = scorecard(lines)
    assert (c.on_time_pct, c.in_full_pct, c.otif_pct) == (D("50.00"), D("50.00"), D("25.00"))
    assert c.defect_ppm == 6667  # 2 / 300 received
    # agreed 10 x (100 + 98 + 50 + 50) = 2980, invoiced 2980 + 50 = 3030 -> +1.68 %
    assert c.price_variance_pct == D("1.68")
    assert (c.lead_time_mean_days, c.lead_time_stdev_days) == (D("17.75"), D("7.40"))  # pstdev(9,14,19,29)
    assert c.spend == D("3030.00")
    assert (c.late_rate, c.mean_days_late) == (D("0.5"), D("6.5"))


def test_no_history_uses_the_documented_priors():
    c = scorecard([])
    assert c.uses_priors and (c.late_rate, c.mean_days_late, c.defect_rate) == (D("0.2"), D(5), D("0.02"))


def _offer(sid, price, lead, card, risk="0.2", iso=True, freight="0"):
    return OfferIn(sid, sid, (OfferLine("A", D(100), D(price), D(1), lead),), D(freight), D(0), card, D(risk), iso)


def test_cheapest_unit_price_loses_when_its_history_makes_it_dearer():
    reliable = scorecard([line((2026, 1, 10), (2026, 1, 10), 100)] * 10)  # never late, no defects
    shaky = scorecard([line((2026, 1, 20), (2026, 1, 10), 100, rejected=8)] * 10)  # always 10 days late, 8 % rejected
    ranked = rank_offers(
        [_offer("cheap", "9.50", 10, shaky, risk="0.6", iso=False), _offer("solid", "10.00", 12, reliable)],
        W,
        D("0.005"),
        D(1),
    )
    cheap = next(r for r in ranked if r.supplier_id == "cheap")
    solid = next(r for r in ranked if r.supplier_id == "solid")
    # cheap: goods 950; lateness 950 x 1.0 x 10 x 0.005 = 47.50; defects 950 x 0.08 = 76.00 -> TCO 1073.50
    assert cheap.components == {
        "goods": D("950.00"),
        "freight": D("0.00"),
        "duties": D("0.00"),
        "expected_lateness": D("47.50"),
        "expected_defects": D("76.00"),
        "tco": D("1073.50"),
    }
    assert solid.tco == D("1000.00")
    # solid: tco 100, lead 100 x 10/12 = 83.33, risk 80, quality 100 -> 50 + 12.50 + 16 + 15 = 93.50
    assert solid.scores == {"tco": D("100.00"), "lead_time": D("83.33"), "risk": D("80.00"), "quality": D("100.00")}
    assert solid.total_score == D("93.50")
    # cheap: tco 100 x 1000/1073.50 = 93.15, lead 100, risk 40, quality 92 - 10 = 82 -> 46.575+15+8+12.3 = 81.88
    assert cheap.total_score == D("81.88")
    assert [r.supplier_id for r in ranked] == ["solid", "cheap"] and solid.rank == 1
    assert any("no ISO 9001" in e for e in cheap.explanation)


def test_minimum_quantity_and_freight_count_in_the_goods_and_tco():
    card = scorecard([line((2026, 1, 10), (2026, 1, 10), 10)])
    o = OfferIn("m", "m", (OfferLine("A", D(80), D(2), D(100), 5),), D(30), D(12), card, D(0), True)
    (r,) = rank_offers([o], W, D("0.005"), D(1))
    assert r.components["goods"] == D("200.00") and r.tco == D("242.00")  # 2 x 100 (minimum), + 30 + 12


def test_risk_index_components():
    index, parts = risk_index(
        spend_share=D("0.15"),
        single_source_items=1,
        supplied_items=4,
        otif_trend="declining",
        country_risk=D("0.5"),
        open_incidents=[(3, 4), (2, 2)],
    )
    # 0.25 x 0.5 + 0.2 x 0.25 + 0.15 x 1 + 0.2 x 0.5 + 0.2 x 16/25 = 0.125 + 0.05 + 0.15 + 0.1 + 0.128 = 0.553
    assert index == D("0.5530")
    assert parts["incidents"]["value"] == D("0.64")


def test_kraljic_quadrants_and_trend():
    assert kraljic(D("0.3"), D("0.6"), D("0.15"), D("0.45")) == "strategic"
    assert kraljic(D("0.3"), D("0.2"), D("0.15"), D("0.45")) == "leverage"
    assert kraljic(D("0.05"), D("0.6"), D("0.15"), D("0.45")) == "bottleneck"
    assert kraljic(D("0.05"), D("0.2"), D("0.15"), D("0.45")) == "non-critical"
    assert [trend(D(80), D(90)), trend(D(90), D(80)), trend(D(80), D(84)), trend(None, D(1))] == [
        "improving",
        "declining",
        "stable",
        "unknown",
    ]


def test_key_potential_needs_three_reasons_and_not_already_strategic():
    good = scorecard([line((2026, 1, 10), (2026, 1, 10), 100)] * 5)
    reasons = key_potential(
        quadrant="non-critical",
        card=good,
        spend_growth=D("0.2"),
        iso9001=True,
        country_risk=D("0.1"),
        second_source_for=["SP-030"],
    )
    assert reasons == [
        "reliable: OTIF 100.00 %",
        "quality: 0 ppm defects",
        "growing: spend +20.00 % on the previous half-year",
        "ISO 9001 certified",
        "low country risk (0.1)",
        "could second-source single-sourced items: SP-030",
    ]
    assert (
        key_potential(
            quadrant="strategic", card=good, spend_growth=None, iso9001=True, country_risk=D(0), second_source_for=[]
        )
        == []
    )
    assert (
        key_potential(
            quadrant="leverage",
            card=scorecard([]),
            spend_growth=None,
            iso9001=True,
            country_risk=D("0.6"),
            second_source_for=[],
        )
        == []
    )
