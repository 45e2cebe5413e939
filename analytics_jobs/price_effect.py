"""Price-cut effect: per product, the sales uplift in discount weeks against a baseline, and a price elasticity
with its uncertainty — from the price history (list prices day by day, rebuilt from the catalog's price lists
and list-price changes: analytics_jobs.raw.list_prices) and the orders (each line keeps the price paid).

`python -m analytics_jobs.price_effect --lines FILE [--list-prices FILE] --out DIR` writes
DIR/price_effect.parquet; the list-price file has columns sku, day, list_price (EUR).

Per product and ISO week: units, paid price per unit (net / units, EUR), list price (mean over the week's days)
and the week's orders of the whole business (traffic).
- Discount weeks, from the price history where the product has one (windows_from = "price history"): the
  regular list price of a week is the median weekly list price of the 26 weeks before it (at least 4; earlier
  weeks are unclassified), and a week is a discount week when its list price is at least 5 % below that — a
  promotional price list or a list-price cut, on the days it was in force. A permanent cut counts as a discount
  until it has become the regular price (half a year at the new price); an increase never does.
- Without a price history (windows_from = "paid prices"), the same rule runs on the paid price instead, which
  also sees promotions priced some other way (rules, campaigns). Customers with standing discounts are in every
  week, so only a price CUT moves a week.
- Uplift: units per 100 orders of the business in discount weeks vs baseline weeks, minus 1. Dividing by traffic
  keeps season and growth out (a summer promotion is not blamed for the summer). 95 % interval from Welch's
  standard error of the difference (delta method over the baseline mean); p from Welch's t-test.
- Elasticity: OLS of log(units) on log(paid price) and log(orders of the business), weekly; the price
  coefficient with its standard error, 95 % interval (t distribution) and R². Weeks without sales are left out
  (log 0). Only products with at least two discount weeks get an estimate: without a real price change the
  weekly price moves only with the customer mix (big accounts with standing discounts buying more), and a
  regression on that measures the mix, not the customers' response. Fewer than 8 weeks: no estimate either.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analytics_jobs import transactions

CUT = 0.05  # at least 5 % below the regular price
REFERENCE_WEEKS = 26
MIN_WEEKS = 8


def _regular(prices: pd.Series) -> pd.Series:
    return prices.shift(1).rolling(REFERENCE_WEEKS, min_periods=4).median()


def _week(at: pd.Series) -> pd.Series:
    return at.dt.to_period("W-SUN").dt.start_time


def weekly(lines: pd.DataFrame, list_prices: pd.DataFrame | None = None) -> pd.DataFrame:
    d = lines.assign(week=_week(lines["ordered_at"]))
    traffic = d.groupby("week")["order_id"].nunique().rename("business_orders")
    g = d.groupby(["sku", "week"]).agg(units=("quantity", "sum"), net=("net", "sum")).reset_index()
    g = g.merge(traffic.reset_index(), on="week").sort_values(["sku", "week"], ignore_index=True)
    g["price"] = g["net"] / g["units"]
    g["regular_price"] = g.groupby("sku")["price"].transform(_regular)
    g["list_price"] = g["regular_list_price"] = np.nan
    if list_prices is not None and len(list_prices):
        lp = list_prices.assign(week=_week(pd.to_datetime(list_prices["day"])))
        lw = lp.groupby(["sku", "week"], as_index=False)["list_price"].mean().sort_values(["sku", "week"])
        lw["regular_list_price"] = lw.groupby("sku")["list_price"].transform(_regular)  # weeks without sales too
        g = g.drop(columns=["list_price", "regular_list_price"]).merge(lw, on=["sku", "week"], how="left")
    return g


def _uplift(w: pd.DataFrame) -> dict[str, Any]:
    history = bool(w["list_price"].notna().any())
    price, regular = ("list_price", "regular_list_price") if history else ("price", "regular_price")
    known = w[w[regular].notna() & w[price].notna()]
    rate = known["units"] / known["business_orders"] * 100
    depth = 1 - known[price] / known[regular]
    cut = depth >= CUT
    on, off = rate[cut], rate[~cut]
    out: dict[str, Any] = {
        "windows_from": "price history" if history else "paid prices",
        "discount_weeks": int(cut.sum()),
        "baseline_weeks": int((~cut).sum()),
        "unclassified_weeks": int(len(w) - len(known)),
        "mean_discount_pct": float(depth[cut].mean() * 100) if cut.any() else 0.0,
        "uplift": np.nan,
        "uplift_low": np.nan,
        "uplift_high": np.nan,
        "uplift_p": np.nan,
    }
    if len(on) >= 2 and len(off) >= 2 and off.mean() > 0:
        diff = on.mean() - off.mean()
        se = np.sqrt(on.var(ddof=1) / len(on) + off.var(ddof=1) / len(off))
        out.update(
            uplift=diff / off.mean(),
            uplift_low=(diff - 1.96 * se) / off.mean(),
            uplift_high=(diff + 1.96 * se) / off.mean(),
            uplift_p=float(stats.ttest_ind(on, off, equal_var=False).pvalue),
        )
    return out


def _elasticity(w: pd.DataFrame) -> dict[str, float]:
    ok = w[(w["units"] > 0) & (w["price"] > 0)]
    out = {
        "elasticity": np.nan,
        "elasticity_se": np.nan,
        "elasticity_low": np.nan,
        "elasticity_high": np.nan,
        "r_squared": np.nan,
        "weeks": int(len(ok)),
    }
    logp = np.log(ok["price"].to_numpy())
    if len(ok) < MIN_WEEKS or np.ptp(logp) < 1e-6:
        return out
    y = np.log(ok["units"].to_numpy())
    x = np.column_stack([np.ones(len(ok)), logp, np.log(ok["business_orders"].to_numpy())])
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    dof = len(y) - x.shape[1]
    sigma2 = float(resid @ resid) / dof
    cov = sigma2 * np.linalg.pinv(x.T @ x)
    se = float(np.sqrt(cov[1, 1]))
    t = stats.t.ppf(0.975, dof)
    r2 = 1 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())
    out.update(
        elasticity=float(beta[1]),
        elasticity_se=se,
        elasticity_low=float(beta[1] - t * se),
        elasticity_high=float(beta[1] + t * se),
        r_squared=r2,
    )
    return out


def run(lines: pd.DataFrame, list_prices: pd.DataFrame | None = None) -> pd.DataFrame:
    w = weekly(lines, list_prices)
    rows = []
    for sku, g in w.groupby("sku", sort=True):
        category = lines.loc[lines["sku"] == sku, "category"].iloc[0]
        up = _uplift(g)
        el = _elasticity(g) if up["discount_weeks"] >= 2 else _elasticity(g.iloc[:0])
        rows.append({"sku": sku, "category": category, **up, **el})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.price_effect", description="price-cut effects")
    ap.add_argument("--lines", required=True)
    ap.add_argument("--list-prices", help="CSV or Parquet: sku, day, list_price (EUR)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    history = None
    if a.list_prices:
        history = (
            pd.read_parquet(a.list_prices)
            if a.list_prices.endswith((".parquet", ".pq"))
            else pd.read_csv(a.list_prices)
        )
        missing = {"sku", "day", "list_price"} - set(history.columns)
        if missing:
            raise SystemExit(f"{a.list_prices} lacks column(s) {', '.join(sorted(missing))}")
        history = history.assign(sku=history["sku"].astype(str), day=pd.to_datetime(history["day"]))
    result = run(transactions.read_lines(a.lines), history)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    result.to_parquet(out / "price_effect.parquet", index=False)
    print(result.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
