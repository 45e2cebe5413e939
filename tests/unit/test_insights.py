"""Basket, trends, price effect, campaign uplift, churn and profitability on data whose answer is known by hand
or by construction, each through the CLI a user runs on local files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics_jobs import basket, campaigns, churn, price_effect, trends


def _lines(rows: list[tuple], **extra) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["order_id", "customer_id", "ordered_at", "sku", "quantity", "net"])
    for k, v in extra.items():
        df[k] = v
    return df


def test_basket_rules_and_next_product_by_hand(tmp_path):
    rows = [
        ("O1", "c1", "2026-01-05", "A", 1, 10),
        ("O1", "c1", "2026-01-05", "B", 1, 5),
        ("O2", "c1", "2026-02-05", "A", 2, 20),
        ("O2", "c1", "2026-02-05", "B", 1, 5),
        ("O3", "c2", "2026-01-07", "A", 1, 10),
        ("O3", "c2", "2026-01-07", "C", 1, 7),
        ("O4", "c3", "2026-01-09", "B", 1, 5),
        ("O5", "c4", "2026-01-09", "C", 3, 21),
    ]
    _lines(rows).to_csv(tmp_path / "lines.csv", index=False)
    assert basket.main(["--lines", str(tmp_path / "lines.csv"), "--out", str(tmp_path / "out")]) == 0
    r = pd.read_parquet(tmp_path / "out" / "basket_rules.parquet").set_index(["antecedent", "consequent"])
    ab = r.loc[("A", "B")]
    assert (ab["orders_both"], ab["support"]) == (2, pytest.approx(0.4))
    assert ab["confidence"] == pytest.approx(2 / 3) and ab["lift"] == pytest.approx((2 / 3) / (3 / 5))
    assert r.loc[("C", "A"), "lift"] == pytest.approx(0.5 / 0.6)
    assert ("B", "C") not in r.index  # never together
    nxt = pd.read_parquet(tmp_path / "out" / "next_product.parquet").set_index("customer_id")
    assert nxt.loc["c2", "next_product"] == "B" and "67% of orders with A also had B" in nxt.loc["c2", "reason"]
    assert nxt.loc["c3", "next_product"] == "A"
    assert nxt.loc["c4", "next_product"] == "A" and nxt.loc["c4", "reason"].startswith("popular")  # C->A lift < 1
    assert nxt.loc["c1", "next_product"] == "C"  # has A and B already


def test_trends_sum_by_month_skip_the_running_month_and_forecast_a_seasonal_line(tmp_path):
    season = {1: 0.8, 2: 0.9, 3: 1.0, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.7, 8: 0.6, 9: 1.1, 10: 1.2, 11: 1.5, 12: 1.3}
    months = pd.period_range("2024-01", "2026-10", freq="M")
    rows = []
    for t, m in enumerate(months):
        revenue = (1000 + 20 * t) * season[m.month]
        day = m.to_timestamp() + pd.Timedelta(days=3)
        rows += [(f"O{t}a", "c1", day, "A", 1, revenue * 0.75), (f"O{t}b", "c2", day, "B", 1, revenue * 0.25)]
    rows.append(("late", "c1", pd.Timestamp("2026-11-20"), "A", 1, 99999))  # running month: left out
    rows.append(("early", "c1", pd.Timestamp("2023-12-28"), "A", 1, 50))  # history starts late in December: out
    _lines(rows, category=["cat-a", "cat-b"] * 34 + ["cat-a"] * 2, country="DE").to_csv(tmp_path / "l.csv", index=False)
    assert trends.main(["--lines", str(tmp_path / "l.csv"), "--as-of", "2026-11-24", "--out", str(tmp_path)]) == 0
    table = pd.read_parquet(tmp_path / "trends.parquet")
    assert (table["month"].min(), table["month"].max(), len(table)) == ("2024-01", "2026-10", 34 * 2)
    oct26 = table[table["month"] == "2026-10"].set_index("category")["revenue"]
    assert oct26["cat-a"] == pytest.approx((1000 + 20 * 33) * 1.2 * 0.75)
    idx = pd.read_parquet(tmp_path / "seasonality.parquet").set_index("calendar_month")["seasonal_index"]
    assert idx[11] > idx[12] > idx[1] > idx[8]  # the shape put in
    assert idx.mean() == pytest.approx(1.0)
    fc = pd.read_parquet(tmp_path / "forecast.parquet").set_index("month")
    assert list(fc.index) == ["2026-11", "2026-12", "2027-01"]
    for month, t in (("2026-11", 34), ("2026-12", 35), ("2027-01", 36)):
        truth = (1000 + 20 * t) * season[int(month[5:])]
        assert fc.loc[month, "revenue"] == pytest.approx(truth, rel=0.05)
        assert fc.loc[month, "low"] <= fc.loc[month, "revenue"] <= fc.loc[month, "high"]


def test_a_forecast_from_fourteen_months_admits_how_little_it_knows():
    """With 14 months nearly every calendar month has been seen once, so the seasonal index explains almost all
    of the history by construction; the interval must still cover noisy truths, not shrink to the point."""
    season = {1: 0.8, 2: 0.9, 3: 1.0, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.7, 8: 0.6, 9: 1.1, 10: 1.2, 11: 1.5, 12: 1.3}
    rng = np.random.default_rng(5)
    months = pd.period_range("2025-09", "2026-10", freq="M")
    total = pd.Series(
        [(1000 + 20 * t) * season[m.month] * rng.normal(1, 0.15) for t, m in enumerate(months)],
        index=months.astype(str),
    )
    fc = trends.forecast(total, trends.seasonality(total)).set_index("month")
    for month, t in (("2026-11", 14), ("2026-12", 15), ("2027-01", 16)):
        truth = (1000 + 20 * t) * season[int(month[5:])]
        assert fc.loc[month, "low"] < truth < fc.loc[month, "high"]
        assert (fc.loc[month, "high"] - fc.loc[month, "low"]) / fc.loc[month, "revenue"] > 0.5


def test_a_forecast_without_room_for_noise_gives_no_interval(recwarn):
    """Seven months, each calendar month seen once, two of them without revenue: a point forecast, no interval
    (nothing is left to estimate the noise from), and no 0/0 along the way."""
    total = pd.Series(
        [100.0, 0, 120, 130, 0, 150, 160], index=pd.period_range("2026-01", "2026-07", freq="M").astype(str)
    )
    fc = trends.forecast(total, trends.seasonality(total))
    assert list(fc["month"]) == ["2026-08", "2026-09", "2026-10"] and (fc["revenue"] > 0).all()
    assert fc["low"].isna().all() and fc["high"].isna().all()
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_price_cut_uplift_and_elasticity_recover_a_known_response(tmp_path):
    rng = np.random.default_rng(7)
    rows, order = [], 0
    for w, monday in enumerate(pd.date_range("2025-01-06", periods=60, freq="W-MON")):
        traffic = int(200 * (1.5 if monday.month in (11, 12) else 1.0))  # season moves traffic, not the price
        for _ in range(traffic):
            order += 1
            rows.append((f"T{order}", f"c{order % 50}", monday, "OTHER", 1, 10.0, 10.0, 10.0))
        price = 8.0 if w % 5 == 0 else 10.0  # a 20 % cut one week in five
        units = max(1, round(rng.lognormal(np.log(30 * traffic / 200 * (price / 10) ** -2.0), 0.08)))
        order += 1
        rows.append((f"P{order}", "c1", monday + pd.Timedelta(days=1), "P", units, units * price, price, 10.0))
    df = pd.DataFrame(
        rows, columns=["order_id", "customer_id", "ordered_at", "sku", "quantity", "net", "unit_price", "list_price"]
    )
    df.to_csv(tmp_path / "l.csv", index=False)
    assert price_effect.main(["--lines", str(tmp_path / "l.csv"), "--out", str(tmp_path)]) == 0
    r = pd.read_parquet(tmp_path / "price_effect.parquet").set_index("sku").loc["P"]
    # the first four weeks have no regular price yet; of the rest, every fifth week is a cut
    assert (r["unclassified_weeks"], r["discount_weeks"], r["baseline_weeks"]) == (4, 11, 45)
    assert r["mean_discount_pct"] == pytest.approx(20.0, abs=0.01)
    truth = 0.8**-2 - 1  # 56 % more units at 80 % of the price with elasticity -2
    assert r["uplift_low"] < truth < r["uplift_high"] and r["uplift"] == pytest.approx(truth, abs=0.08)
    assert r["uplift_p"] < 0.001
    assert r["elasticity_low"] < -2.0 < r["elasticity_high"] and r["elasticity"] == pytest.approx(-2.0, abs=0.2)


def test_discount_weeks_come_from_the_price_history_when_there_is_one(tmp_path):
    """A promotional list at 8.00 instead of 10.00 every tenth week, and a contract customer who always pays
    15 % below list and buys big in other weeks: the paid price dips in those weeks too, so without the price
    history they look like discount weeks; with it, only the promotion weeks are."""
    rng = np.random.default_rng(3)
    start = pd.Timestamp("2025-01-06")
    promo = {w for w in range(60) if w % 10 == 5}
    rows, order = [], 0
    for w, monday in enumerate(pd.date_range(start, periods=60, freq="W-MON")):
        for _ in range(200):
            order += 1
            rows.append((f"T{order}", f"c{order % 50}", monday, "OTHER", 1, 10.0))
        price = 8.0 if w in promo else 10.0
        units = max(1, round(rng.lognormal(np.log(30 * (price / 10) ** -2.0), 0.08)))
        rows.append((f"P{w}", "c1", monday + pd.Timedelta(days=1), "P", units, units * price))
        if w % 10 == 2:  # the contract customer's big order
            rows.append((f"B{w}", "big", monday + pd.Timedelta(days=2), "P", 100, 100 * price * 0.85))
    _lines(rows).to_csv(tmp_path / "l.csv", index=False)
    days = pd.date_range("2024-06-01", "2026-03-01", freq="D")
    week = (days - start).days // 7
    pd.DataFrame({"sku": "P", "day": days.date, "list_price": np.where(week.isin(list(promo)), 8.0, 10.0)}).to_csv(
        tmp_path / "prices.csv", index=False
    )

    assert price_effect.main(["--lines", str(tmp_path / "l.csv"), "--out", str(tmp_path / "paid")]) == 0
    paid = pd.read_parquet(tmp_path / "paid" / "price_effect.parquet").set_index("sku").loc["P"]
    assert paid["windows_from"] == "paid prices" and paid["discount_weeks"] > len(promo)  # fooled by the mix
    assert (
        price_effect.main(
            [
                "--lines",
                str(tmp_path / "l.csv"),
                "--list-prices",
                str(tmp_path / "prices.csv"),
                "--out",
                str(tmp_path / "history"),
            ]
        )
        == 0
    )
    r = pd.read_parquet(tmp_path / "history" / "price_effect.parquet").set_index("sku").loc["P"]
    assert r["windows_from"] == "price history"
    assert (r["unclassified_weeks"], r["discount_weeks"], r["baseline_weeks"]) == (0, len(promo), 60 - len(promo))
    assert r["mean_discount_pct"] == pytest.approx(20.0)
    with pytest.raises(SystemExit, match="lacks column"):  # a file without day and list_price is refused
        price_effect.main(
            [
                "--lines",
                str(tmp_path / "l.csv"),
                "--list-prices",
                str(tmp_path / "l.csv"),
                "--out",
                str(tmp_path / "bad"),
            ]
        )


def test_campaign_uplift_against_the_holdout(tmp_path):
    sent = pd.Timestamp("2026-10-01 09:00")
    sends = [("autumn", f"m{i}", False, sent) for i in range(100)] + [
        ("autumn", f"h{i}", True, sent) for i in range(25)
    ]
    pd.DataFrame(sends, columns=["campaign_id", "customer_id", "holdout", "sent_at"]).to_csv(
        tmp_path / "s.csv", index=False
    )
    tx = [(f"m{i}", sent + pd.Timedelta(days=3), 100.0) for i in range(30)]  # 30 % of the mailed buy 100
    tx += [(f"h{i}", sent + pd.Timedelta(days=5), 100.0) for i in range(5)]  # 20 % of the holdout
    tx += [("m99", sent + pd.Timedelta(days=40), 500.0), ("m98", sent - pd.Timedelta(days=1), 500.0)]  # outside
    pd.DataFrame(tx, columns=["customer_id", "ordered_at", "amount"]).to_csv(tmp_path / "t.csv", index=False)
    track = [("autumn", f"m{i}", "open") for i in range(40)] + [("autumn", f"m{i}", "click") for i in range(10)]
    pd.DataFrame(track, columns=["campaign_id", "customer_id", "kind"]).to_csv(tmp_path / "k.csv", index=False)
    assert (
        campaigns.main(
            [
                "--sends",
                str(tmp_path / "s.csv"),
                "--tracking",
                str(tmp_path / "k.csv"),
                "--transactions",
                str(tmp_path / "t.csv"),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    r = pd.read_parquet(tmp_path / "campaign_effect.parquet").iloc[0]
    assert (r["mailed"], r["holdout"], r["open_rate"], r["click_rate"]) == (100, 25, 0.40, 0.10)
    assert (r["conversion_mailed"], r["conversion_holdout"]) == (0.30, 0.20)
    assert r["conversion_uplift_pts"] == pytest.approx(10.0)
    assert r["revenue_uplift_per_customer"] == pytest.approx(30.0 - 20.0)
    assert r["incremental_revenue"] == pytest.approx(1000.0)
    assert 0.3 < r["conversion_p"] < 0.4  # 30/100 vs 5/25 is not significant, and says so


def test_churn_and_profitability(tmp_path):
    rows, n = [], 0
    start = pd.Timestamp("2025-01-01")
    for c in range(30):  # steady buyers every 3 weeks until the end
        for k in range(25):
            n += 1
            rows.append((f"O{n}", f"s{c:02d}", start + pd.Timedelta(weeks=3 * k + c % 3), "A", 1, 100.0, 60.0, "x"))
    for c in range(40):  # customers who bought a few times and left, as most populations have
        for k in range(2 + c % 5):
            n += 1
            rows.append((f"O{n}", f"d{c:02d}", start + pd.Timedelta(weeks=2 * k + c % 7), "A", 1, 50.0, 30.0, "x"))
    for k in range(10):  # a frequent buyer who went silent more than a year ago
        n += 1
        rows.append((f"O{n}", "gone", start + pd.Timedelta(weeks=2 * k), "B", 2, 400.0, 100.0, "y"))
    rows.append(("O-once-old", "once-old", start, "A", 1, 50.0, 30.0, "x"))  # one purchase, 18 months ago
    rows.append(("O-once-new", "once-new", pd.Timestamp("2026-06-25"), "A", 1, 50.0, 30.0, "x"))  # last week
    df = pd.DataFrame(
        rows, columns=["order_id", "customer_id", "ordered_at", "sku", "quantity", "net", "cost", "category"]
    )
    df.to_csv(tmp_path / "l.csv", index=False)
    pd.DataFrame({"customer_id": ["gone"] * 5 + ["s00"] * 2}).to_csv(tmp_path / "i.csv", index=False)
    assert (
        churn.main(
            [
                "--lines",
                str(tmp_path / "l.csv"),
                "--as-of",
                "2026-06-30",
                "--interactions",
                str(tmp_path / "i.csv"),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    v = pd.read_parquet(tmp_path / "customer_value.parquet").set_index("customer_id")
    gone = v.loc["gone"]
    assert (gone["revenue"], gone["cost_of_goods"], gone["gross_margin"]) == (4000.0, 1000.0, 3000.0)
    assert (gone["interactions"], gone["cost_to_serve"], gone["contribution"]) == (5, 20.0, 2980.0)
    assert gone["margin_pct"] == pytest.approx(75.0)
    assert gone["churn_level"] == "high" and bool(gone["at_risk_high_value"])
    steady = v[v.index.str.startswith("s")]
    assert steady["churn_risk"].max() < 0.3 and set(steady["churn_level"]) == {"low"}
    # P(alive) is 1 for both one-time buyers; a year and a half of silence must still read as high risk
    assert (
        v.loc["once-old", "churn_level"] == "high" and v.loc["once-old", "churn_risk"] > v.loc["once-new", "churn_risk"]
    )
    cats = pd.read_parquet(tmp_path / "category_profitability.parquet").set_index("category")
    assert cats.loc["y", "revenue"] == 4000.0 and cats.loc["y", "margin_pct"] == pytest.approx(75.0)
