"""BG/NBD and Gamma-Gamma by maximum likelihood: the parameters a simulation was drawn from come back, and the
CLI writes the per-customer table and model.json. (The published CDNOW reproduction is still to come: the
dataset is not in the repository.)"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from analytics_jobs.ltv import (
    expected_purchases,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_mbgnbd,
    main,
    p_alive,
    p_alive_mbgnbd,
    p_no_purchase,
)


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, T: float, seed: int = 7):
    """The BG/NBD story: a Poisson rate per customer from Gamma(r, alpha), a drop-out chance from Beta(a, b),
    after each purchase the customer may leave."""
    rng = np.random.default_rng(seed)
    lam, p = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n)
    x, tx = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T:
                break
            x[i] += 1
            tx[i] = t
            if rng.random() < p[i]:
                break
    return x, tx, np.full(n, T)


def test_bgnbd_recovers_the_parameters_it_was_simulated_from():
    x, tx, T = simulate_bgnbd(8000, r=0.25, alpha=4.0, a=0.8, b=2.5, T=39.0)
    fit = fit_bgnbd(x, tx, T)
    assert abs(fit["r"] - 0.25) / 0.25 < 0.15 and abs(fit["alpha"] - 4.0) / 4.0 < 0.2
    assert abs(fit["a"] - 0.8) / 0.8 < 0.35 and abs(fit["b"] - 2.5) / 2.5 < 0.45
    alive = p_alive(fit, x, tx, T)
    assert np.all(alive[x == 0] == 1.0) and 0 < alive.min() < 1
    assert np.all(expected_purchases(fit, 10, x, tx, T) >= 0)


def test_mbgnbd_churn_risk_matches_what_simulated_customers_then_do():
    """The MBG/NBD story (the customer may leave after any purchase, the first included) carried on past T: the
    fit recovers the parameters, and P(no purchase in the next H weeks) equals the share that then bought
    nothing — overall, for one-time buyers (whom BG/NBD would call alive for sure) and for frequent ones."""
    rng = np.random.default_rng(11)
    n, T, H = 20000, 52.0, 26.0
    truth = {"r": 0.8, "alpha": 6.0, "a": 0.7, "b": 2.5}
    lam, p = rng.gamma(truth["r"], 1 / truth["alpha"], n), rng.beta(truth["a"], truth["b"], n)
    x, tx, later = np.zeros(n), np.zeros(n), np.zeros(n, bool)
    for i in range(n):
        t = 0.0
        while rng.random() >= p[i]:  # still there after the purchase at t
            t += rng.exponential(1 / lam[i])
            if t > T + H:
                break
            if t > T:
                later[i] = True
                break
            x[i], tx[i] = x[i] + 1, t
    Ts = np.full(n, T)
    fit = fit_mbgnbd(x, tx, Ts)
    assert abs(fit["r"] - 0.8) / 0.8 < 0.15 and abs(fit["alpha"] - 6.0) / 6.0 < 0.2
    assert abs(fit["a"] - 0.7) / 0.7 < 0.35 and abs(fit["b"] - 2.5) / 2.5 < 0.45
    risk = p_no_purchase(truth, H, x, tx, Ts)
    assert abs(risk.mean() - (~later).mean()) < 0.01
    once = x == 0
    assert once.sum() > 3000 and p_alive_mbgnbd(truth, x, tx, Ts)[once].max() < 0.5
    assert abs(risk[once].mean() - (~later[once]).mean()) < 0.02
    many = x >= 5
    assert abs(risk[many].mean() - (~later[many]).mean()) < 0.03 and risk[many].mean() < risk[once].mean()


def test_gamma_gamma_recovers_spend_parameters():
    rng = np.random.default_rng(3)
    n = 20000
    nu = rng.gamma(3.0, 1 / 10.0, n)  # v = 10, q = 3
    x = rng.integers(1, 8, n).astype(float)
    m = np.array([rng.gamma(6.0 * k, 1 / nu_i) / k for k, nu_i in zip(x.astype(int), nu, strict=True)])  # p = 6
    fit = fit_gamma_gamma(x, m)
    assert abs(fit["p"] - 6) / 6 < 0.15 and abs(fit["q"] - 3) / 3 < 0.15 and abs(fit["v"] - 10) / 10 < 0.25


def test_cli_writes_table_and_model(tmp_path):
    rng = np.random.default_rng(1)
    rows = []
    for c in range(300):
        for _k in range(rng.integers(1, 6)):
            rows.append(
                {
                    "customer_id": f"c{c}",
                    "ordered_at": (
                        pd.Timestamp("2026-01-01") + pd.Timedelta(days=int(rng.integers(0, 300)))
                    ).isoformat(),
                    "amount": float(rng.gamma(2, 20)) + 1,
                }
            )
    src = tmp_path / "tx.csv"
    pd.DataFrame(rows).to_csv(src, index=False)
    assert (
        main(
            [
                "--transactions",
                str(src),
                "--calibration-end",
                "2026-10-31",
                "--time-unit",
                "week",
                "--horizon",
                "26",
                "--discount-rate",
                "0.01",
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 0
    )
    table = pq.read_table(tmp_path / "o" / "ltv.parquet").to_pandas()
    assert {
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "historic_value",
        "p_alive",
        "expected_purchases",
        "predicted_clv",
        "clv_band",
    } <= set(table.columns)
    model = json.loads((tmp_path / "o" / "model.json").read_text())
    assert set(model["bgnbd"]) >= {"r", "alpha", "a", "b"} and set(model["gamma_gamma"]) >= {"p", "q", "v"}
    assert (table["predicted_clv"] >= 0).all() and table["p_alive"].between(0, 1).all()
