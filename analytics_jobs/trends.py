"""Trends: revenue and orders by month, category and country; seasonality; a short forecast.

`python -m analytics_jobs.trends --lines FILE --as-of DATE [--horizon MONTHS] --out DIR` writes
DIR/trends.parquet (month, category, country, revenue, orders, customers), DIR/seasonality.parquet and
DIR/forecast.parquet.

Only whole months count: not the as-of date's running month, and not the month the history starts in when it
starts after that month's first week (either would look like a slump and bend the seasonal index and the trend).
Seasonality: for each calendar month, the mean of (month's revenue / its centred 12-month moving average) when
two years are there, otherwise of (month's revenue / the mean month) — a multiplicative index, 1.0 = an average
month. Forecast: revenue divided by its seasonal index, a straight line fitted to that by least squares, projected
and multiplied back by the index; the 80 % interval is the t quantile times the residual standard deviation (of
the deseasonalised fit, scaled by the index), widening with the usual OLS prediction term. The index was fitted
on the same months, so each calendar month seen costs a degree of freedom: with 14 months, 11 of the 14 go to
the index and the interval is wide, as it should be when most months have been seen once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from analytics_jobs import transactions


def monthly(lines: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    cutoff = as_of.to_period("M").to_timestamp()
    start = lines["ordered_at"].min() if len(lines) else cutoff
    if start.day > 7:
        start = (start.to_period("M") + 1).to_timestamp()  # history begins late in a month: that month is partial
    d = lines[(lines["ordered_at"] >= start) & (lines["ordered_at"] < cutoff)]
    d = d.assign(month=d["ordered_at"].dt.to_period("M").astype(str))
    g = d.groupby(["month", "category", "country"], observed=True)
    out = g.agg(revenue=("net", "sum"), orders=("order_id", "nunique"), customers=("customer_id", "nunique"))
    return out.reset_index().sort_values(["month", "category", "country"], ignore_index=True)


def seasonality(total: pd.Series) -> pd.DataFrame:
    """total: revenue indexed by month string (YYYY-MM), complete months in order."""
    s = total.astype(float)
    if len(s) >= 24:
        ma = s.rolling(12, center=True).mean().rolling(2).mean().shift(-1)  # centred 2x12 moving average
        ratio = s / ma
    else:
        ratio = s / s.mean()
    cal = pd.Series([int(m[5:7]) for m in s.index], index=s.index)
    idx = ratio.groupby(cal).mean().reindex(range(1, 13))
    idx = idx.fillna(1.0)
    idx = idx * 12 / idx.sum()  # indices average to 1 over the year
    seen = cal.value_counts().reindex(range(1, 13), fill_value=0).to_numpy()
    return pd.DataFrame({"calendar_month": range(1, 13), "seasonal_index": idx.to_numpy(), "observations": seen})


def forecast(total: pd.Series, season: pd.DataFrame, horizon: int = 3) -> pd.DataFrame:
    """Months whose calendar month never had revenue (index 0) can't be deseasonalised and stay out of the fit;
    their forecast is 0. With no degree of freedom left for the noise (every month seen once), there is a point
    forecast but no interval (low and high empty) rather than a falsely exact one."""
    s = total.astype(float)
    index = season.set_index("calendar_month")["seasonal_index"] if len(season) else pd.Series(dtype=float)
    months = pd.PeriodIndex(s.index, freq="M")
    si_seen = index.reindex(months.month).to_numpy()
    fit = si_seen > 0
    if fit.sum() < 4:
        return pd.DataFrame(columns=["month", "revenue", "low", "high"])
    de = s.to_numpy()[fit] / si_seen[fit]
    t = np.arange(len(s), dtype=float)[fit]
    slope, intercept = np.polyfit(t, de, 1)
    resid = de - (intercept + slope * t)
    seasonal_params = max(len(set(months.month[fit])) - 1, 0)  # the index was fitted on these same months
    dof = len(t) - 2 - seasonal_params
    sigma = float(np.sqrt(np.sum(resid**2) / dof)) if dof >= 1 else np.nan
    quantile = float(stats.t.ppf(0.9, dof)) if dof >= 1 else np.nan
    rows = []
    for h in range(1, horizon + 1):
        tt = len(s) - 1 + h
        month = months[-1] + h
        si = float(index[month.month])
        se = sigma * np.sqrt(1 + 1 / len(t) + (tt - t.mean()) ** 2 / np.sum((t - t.mean()) ** 2))
        point = (intercept + slope * tt) * si
        rows.append(
            {
                "month": str(month),
                "revenue": point,
                "low": max(point - quantile * se * si, 0.0) if dof >= 1 else np.nan,
                "high": point + quantile * se * si,
            }
        )
    return pd.DataFrame(rows)


def run(lines: pd.DataFrame, as_of: pd.Timestamp, horizon: int = 3) -> dict[str, pd.DataFrame]:
    table = monthly(lines, as_of)
    total = table.groupby("month")["revenue"].sum().sort_index()
    if len(total):  # months without any order are zeros, not gaps
        full = pd.period_range(total.index[0], total.index[-1], freq="M").astype(str)
        total = total.reindex(full, fill_value=0.0)
    empty = pd.DataFrame(columns=["calendar_month", "seasonal_index", "observations"])
    season = seasonality(total) if len(total) else empty
    return {"trends": table, "seasonality": season, "forecast": forecast(total, season, horizon)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.trends", description="revenue trends and forecast")
    ap.add_argument("--lines", required=True)
    ap.add_argument("--as-of", required=True, type=pd.Timestamp)
    ap.add_argument("--horizon", type=int, default=3)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    result = run(transactions.read_lines(a.lines), a.as_of, a.horizon)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in result.items():
        df.to_parquet(out / f"{name}.parquet", index=False)
    print(result["forecast"].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
