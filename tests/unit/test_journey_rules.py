"""The rules of channel preference, lifecycle stages and service analysis on hand-built histories: what a
manager would work out on paper from the same contacts, orders and cases."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics_jobs import channels, lifecycle, service_analysis

AS_OF = pd.Timestamp("2026-12-01")


def _t(days_ago: float) -> pd.Timestamp:
    return AS_OF - pd.Timedelta(days=days_ago)


def _contact(event_id, customer, days_ago, channel, direction, answered=None, interaction=None):
    return {
        "event_id": event_id,
        "customer_id": customer,
        "at": _t(days_ago),
        "channel": channel,
        "interaction": interaction or channel,
        "direction": direction,
        "answered": answered,
    }


def test_an_answered_call_counts_once_and_a_reply_after_a_week_is_no_answer():
    rows = [
        _contact("c1", "A", 30, "voice", "outbound", False, "call"),
        _contact("c1|answered", "A", 30, "voice", "outbound", True, "call"),  # Connect said it connected
        _contact("c2", "A", 20, "voice", "outbound", False, "call"),  # nobody picked up
        _contact("e1", "A", 40, "email", "outbound"),
        _contact("e2", "A", 31, "email", "inbound"),  # nine days later: not an answer to e1
        _contact("n1", "A", 10, "meeting", None),  # no direction: not counted
    ]
    pref = channels.run(pd.DataFrame(rows), pd.DataFrame(columns=["customer_id", "at"]), AS_OF).set_index("channel")
    assert pref.loc["phone", ["outbound", "responded", "inbound"]].tolist() == [2, 1, 0]
    assert pref.loc["email", ["outbound", "responded", "inbound"]].tolist() == [1, 0, 1]
    assert "in_person" not in pref.index
    assert pref.loc["email", "inbound_share"] == 1.0 and pref.loc["phone", "response_rate"] == 0.5


def test_a_click_answers_an_email_and_the_best_channel_is_smoothed_toward_the_average():
    rows = [_contact(f"s{i}", "B", 100 - i, "sms", "outbound") for i in range(10)]  # ten texts, none answered
    rows += [_contact(f"m{i}", "B", 60 + 30 * i, "email", "outbound") for i in range(2)]  # two mails, one clicked
    rows += [_contact(f"x{i}", "C", 50 - i, "sms", "outbound") for i in range(20)]  # C answers texts
    rows += [_contact(f"y{i}", "C", 50 - i - 0.5, "sms", "inbound") for i in range(20)]
    clicks = pd.DataFrame({"customer_id": ["B"], "at": [_t(58)]})
    pref = channels.run(pd.DataFrame(rows), clicks, AS_OF)
    b = pref[pref["customer_id"] == "B"].set_index("channel")
    assert b.loc["email", "responded"] == 1 and b.loc["email", "response_rate"] == 0.5
    # email: (1 + 3 x 0.5) / (2 + 3) = 0.5; sms: (0 + 3 x 20/30) / (10 + 3) = 0.154 -> email, at 0.7 weight
    assert b.loc["email", "score"] == pytest.approx(0.7 * 0.5)
    assert b.loc["sms", "score"] == pytest.approx(0.7 * (3 * 20 / 30) / 13)
    assert set(pref.drop_duplicates("customer_id").set_index("customer_id")["best_channel"].items()) == {
        ("B", "email"),
        ("C", "sms"),
    }
    wide = channels.figures(pref).set_index("customer_id")
    assert wide.loc["C", "share_sms"] == 1.0 and wide.loc["C", "share_email"] == 0.0
    assert wide.loc["B", "response_sms"] == 0.0 and pd.isna(wide.loc["C", "response_email"])


def test_lifecycle_stages_follow_the_documented_thresholds():
    customers = pd.DataFrame(
        {
            "customer_id": ["lead", "new", "rep", "loyal", "quarterly", "risk", "lost", "later"],
            "created_at": [_t(400)] * 7 + [_t(10)],
        }
    )
    orders = {
        "new": [20],
        "rep": [200, 50],
        "loyal": [300, 200, 100, 20],
        "quarterly": [460, 370, 280, 190, 100],  # 100 days of silence, but buys every 90: not at risk
        "risk": [200, 150, 100],  # 100 days silent, buys every 50
        "lost": [500, 400],
        "later": [5],
    }
    o = pd.DataFrame([{"customer_id": c, "ordered_at": _t(d)} for c, ds in orders.items() for d in ds])
    per, moved = lifecycle.run(customers, o, AS_OF, period_days=30)
    stages = per.set_index("customer_id")["stage"].to_dict()
    assert stages == {
        "lead": "lead",
        "new": "first_purchase",
        "rep": "repeat",
        "loyal": "loyal",
        "quarterly": "loyal",
        "risk": "at_risk",
        "lost": "lost",
        "later": "first_purchase",
    }
    before = per.set_index("customer_id")["stage_before"].to_dict()
    assert before["new"] == "lead" and before["later"] == "none" and before["loyal"] == "repeat"
    assert before["risk"] == "repeat"  # 70 days silent a month ago: under 90
    moves = {(r.from_stage, r.to_stage): r.customers for r in moved.itertuples() if r.moved}
    assert moves == {
        ("lead", "first_purchase"): 1,
        ("none", "first_purchase"): 1,
        ("repeat", "loyal"): 1,
        ("repeat", "at_risk"): 1,
    }
    assert moved["customers"].sum() == len(customers)


def _case(case_id, **kw):
    base = {
        "case_id": case_id,
        "customer_id": "K",
        "channel": "email",
        "category": "return",
        "priority": "high",
        "team": None,
        "owner": "agent@crm.local",
        "status": "resolved",
        "created_at": "2026-11-20T08:00:00Z",
        "first_responded_at": "2026-11-20T08:30:00Z",
        "resolved_at": "2026-11-21T08:00:00Z",
        "first_response_breached": False,
        "resolution_breached": False,
        "reopened": 0,
        "waited_on_customer": False,
        "at": _t(5),
    }
    return {**base, **kw}


def test_service_figures_per_cut_with_fcr_csat_and_nps():
    events = pd.DataFrame(
        [
            _case("1", status="open", resolved_at=None, at=_t(10)),  # an earlier snapshot of case 1
            _case("1"),
            _case("2", reopened=1, first_response_breached=True, first_responded_at="2026-11-20T14:00:00Z"),
            _case("3", category="incident", priority="low", waited_on_customer=True, owner=None),
            _case("4", status="new", first_responded_at=None, resolved_at=None, first_response_breached=True),
        ]
    )
    answers = pd.DataFrame(
        [
            {"survey": "csat", "case_id": "1", "customer_id": "K", "score": 5.0, "at": _t(4)},
            {"survey": "csat", "case_id": "2", "customer_id": "K", "score": 2.0, "at": _t(4)},
            {"survey": "nps", "case_id": None, "customer_id": "K", "score": 10.0, "at": _t(3)},
            {"survey": "nps", "case_id": None, "customer_id": "Z", "score": 3.0, "at": _t(3)},  # no case: "all"
        ]
    )
    teams = {"return": "returns", "incident": "technical support"}
    per_case, summary = service_analysis.run(events, answers, AS_OF, 90, lambda t, c, ch: t or teams[c])
    one = per_case.set_index("case_id").loc["1"]
    assert (one["first_response_minutes"], one["resolution_hours"], one["first_contact_resolution"]) == (30, 24, 1)
    by = summary.set_index(["cut", "value"])
    everything = by.loc[("all", "all")]
    assert everything["cases"] == 4 and everything["responded"] == 3 and everything["resolved"] == 3
    assert everything["first_response_within_sla"] == pytest.approx(2 / 4)  # 2 in time, 1 late, 1 not yet + late
    assert everything["first_contact_resolution"] == pytest.approx(1 / 3)  # 2 reopened, 3 waited on the customer
    assert everything["csat"] == 3.5 and everything["nps"] == 0.0 and everything["nps_answers"] == 2
    returns = by.loc[("team", "returns")]
    assert returns["cases"] == 3 and returns["nps"] == 100.0 and returns["nps_answers"] == 1
    assert by.loc[("agent", "unassigned"), "cases"] == 1
    assert by.loc[("priority", "low"), "first_response_median_minutes"] == 30
