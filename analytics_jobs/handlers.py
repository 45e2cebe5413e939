"""The scheduled jobs (template.yaml, container image with pandas; their Lambda entry points are in lambdas.py):
read the raw zone, compute, write Parquet to the curated zone (partitioned by run date) and the headline figures
back to the customers whose figures moved (analytics_jobs.writeback), on each one's own FIGURES item with
UpdateItem (never touching what users edit, nor another job's fields)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from analytics_jobs import raw, rfm
from crm.aws import client
from crm.config import env, required


def _put_parquet(s3: Any, bucket: str, key: str, df: pd.DataFrame) -> None:
    buffer = io.BytesIO()  # pandas' s3:// writer goes around boto3 (and so around moto): write bytes ourselves
    # millisecond timestamps: what Athena (and every Parquet reader) takes without surprises
    df.to_parquet(buffer, index=False, coerce_timestamps="ms", allow_truncated_timestamps=True)
    s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue(), ServerSideEncryption="aws:kms")


def _set_figures(customer_id: str, now: str, **fields: Any) -> None:
    from crm.customers.public import set_figures

    set_figures(customer_id, now, fields)


PLACES = {"clv": 2, "p_alive": 4, "churn_risk": 4}  # numbers as the customer's item keeps them


def _dec(v: Any, places: int = 4) -> Decimal | None:
    return None if v is None or v != v else Decimal(str(round(float(v), places)))  # NaN -> not written


def _number(field: str, v: Any) -> Any:
    """Numbers as the customer's item keeps them (Decimal, rounded; NaN not written); labels as they are."""
    if isinstance(v, float | int | Decimal) and not isinstance(v, bool):
        return _dec(v, PLACES.get(field, 4))
    return v


def _write_figures(
    s3: Any,
    bucket: str,
    job: str,
    figures: pd.DataFrame,
    tolerances: dict[str, Any] | None = None,
    follows: tuple[str, ...] = (),
) -> int:
    """The customers whose figures moved (analytics_jobs.writeback), each one UpdateItem; the number written."""
    from analytics_jobs.writeback import write_back

    now = _now()

    def write(customer_id: str, fields: dict[str, Any]) -> None:
        _set_figures(customer_id, now, **{k: _number(k, v) for k, v in fields.items()})

    return write_back(s3, bucket, job, figures, tolerances or {}, write, follows)


def _lines(s3: Any, bucket: str) -> pd.DataFrame:
    """Every kept order line, from the carried history (analytics_jobs.history)."""
    from analytics_jobs import history
    from crm.suppliers.public import fx_rates

    return history.order_lines(s3, bucket, fx_rates())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _today() -> pd.Timestamp:
    return pd.Timestamp(datetime.now(UTC).date())


def run_compaction(before: str | None = None, s3: Any = None) -> dict[str, Any]:
    """Daily, before the other jobs: each earlier day's raw batches merged into its Parquet (rawzone.compact)."""
    from analytics_jobs import rawzone

    s3 = s3 or client("s3")
    merged = rawzone.compact(s3, required("ANALYTICS_BUCKET"), before or _today().date().isoformat())
    return {"events": sum(merged.values()), "kinds": merged}


def _purchases(s3: Any, bucket: str, rebuild: bool = False) -> tuple[pd.DataFrame, dict[str, int]]:
    """One purchase per customer and day from the carried state, brought up to date (analytics_jobs.purchases)."""
    from analytics_jobs import purchases
    from crm.suppliers.public import fx_rates

    rows, read = purchases.update(s3, bucket, rebuild)
    return purchases.transactions(rows, fx_rates()), read


def run_rfm(
    as_of: pd.Timestamp | None = None, s3: Any = None, write_figures: bool = True, rebuild: bool = False
) -> dict[str, Any]:
    """Daily RFM; `write_figures=False` for a run as of an earlier date (history for the report's movements);
    `rebuild=True` reads the whole history instead of what is new."""
    s3 = s3 or client("s3")
    bucket, as_of = required("ANALYTICS_BUCKET"), as_of or _today()
    tx, read = _purchases(s3, bucket, rebuild)
    result = rfm.rfm(tx, as_of) if len(tx) else pd.DataFrame()
    curated_tx = tx.astype({"customer_id": str})  # a plain string column for Athena
    _put_parquet(
        s3, bucket, f"curated/transactions/run_date={as_of.date().isoformat()}/transactions.parquet", curated_tx
    )
    key = f"curated/rfm/run_date={as_of.date().isoformat()}/rfm.parquet"
    _put_parquet(s3, bucket, key, result)
    written = 0
    if write_figures and len(result):
        figures = result[["customer_id", "segment"]].rename(columns={"segment": "rfm_segment"})
        written = _write_figures(s3, bucket, "rfm", figures)
    return {
        "customers": int(len(result)),
        "figures_written": written,
        "transactions": int(len(tx)),
        "sources_read": read["sources_read"],
        "key": key,
        "segments": result["segment"].value_counts().to_dict() if len(result) else {},
    }


def _ltv_summary(s3: Any, bucket: str, end: pd.Timestamp, rebuild: bool) -> pd.DataFrame:
    """The BG/NBD inputs: in memory from the carried purchases, or by Athena past ATHENA_ABOVE_ROWS of them."""
    from analytics_jobs import athena_summary, ltv, purchases
    from crm.suppliers.public import fx_rates

    rows, _ = purchases.update(s3, bucket, rebuild)
    rates, run_date = fx_rates(), end.date().isoformat()
    athena_summary.write_rates(s3, bucket, run_date, rates)  # the rates this run converted with
    if rows.num_rows > int(env("ATHENA_ABOVE_ROWS", "40000000")):
        return athena_summary.ltv_summary(s3, bucket, run_date, end.date())
    return ltv.summary(purchases.transactions(rows, rates), end, "week")


def run_ltv(
    calibration_end: pd.Timestamp | None = None, horizon_weeks: int = 52, s3: Any = None, rebuild: bool = False
) -> dict[str, Any]:
    """BG/NBD + Gamma-Gamma on the purchase history (refitted weekly, analytics_jobs.ltv_model); CLV, its band and
    P(alive) back on the FIGURES items where they moved."""
    import json

    from analytics_jobs import ltv

    s3 = s3 or client("s3")
    bucket, end = required("ANALYTICS_BUCKET"), calibration_end or _today()
    s = _ltv_summary(s3, bucket, end, rebuild)
    if len(s) < 10:
        return {"customers": len(s), "skipped": "too few customers to fit"}
    from analytics_jobs.ltv_model import model

    x, tx, T = s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()
    refit_days = int(env("LTV_REFIT_DAYS", "7"))
    bg, gg, refitted = model(s3, bucket, s, end.date(), refit_days, refit=rebuild)
    s["p_alive"] = ltv.p_alive(bg, x, tx, T)
    s["expected_purchases"] = ltv.expected_purchases(bg, float(horizon_weeks), x, tx, T)
    s["predicted_clv"] = ltv.clv(bg, gg, s, horizon_weeks, 0.0015)  # ~8 % a year, weekly
    s["clv_band"] = ltv.band(s["predicted_clv"])
    day = end.date().isoformat()
    _put_parquet(s3, bucket, f"curated/ltv/run_date={day}/ltv.parquet", s.reset_index())
    s3.put_object(
        Bucket=bucket,
        Key=f"curated/ltv/run_date={day}/model.json",
        ServerSideEncryption="aws:kms",
        Body=json.dumps({"bgnbd": bg, "gamma_gamma": gg}).encode(),
    )
    from analytics_jobs.writeback import Tolerance

    figures = pd.DataFrame(
        {
            "customer_id": s.index.astype(str),
            "clv": s["predicted_clv"].round(2).to_numpy(),
            "clv_band": s["clv_band"].astype(str).to_numpy(),
            "p_alive": s["p_alive"].round(4).to_numpy(),
        }
    )
    moved = {"clv": Tolerance(absolute=1.0, relative=0.05), "p_alive": Tolerance(absolute=0.02)}
    written = _write_figures(s3, bucket, "ltv", figures, moved)
    bands = s["clv_band"].value_counts().to_dict()
    return {
        "customers": int(len(s)),
        "figures_written": written,
        "refitted": refitted,
        "bgnbd": bg,
        "gamma_gamma": gg,
        "bands": bands,
    }


def run_basket(s3: Any = None) -> dict[str, Any]:
    """Weekly: association rules and each customer's next product (on its FIGURES item, shown to agents)."""
    from analytics_jobs import basket

    s3 = s3 or client("s3")
    bucket, day = required("ANALYTICS_BUCKET"), _today().date().isoformat()
    lines = _lines(s3, bucket)
    rules = basket.rules(lines)
    nxt = basket.next_product(lines, rules)
    _put_parquet(s3, bucket, f"curated/basket_rules/run_date={day}/basket_rules.parquet", rules)
    _put_parquet(s3, bucket, f"curated/next_product/run_date={day}/next_product.parquet", nxt)
    figures = pd.DataFrame(
        {
            "customer_id": nxt["customer_id"].astype(str),
            "next_product": nxt["next_product"].astype(str),
            "next_product_reason": nxt["reason"].str[:300],
        }
    )
    written = _write_figures(s3, bucket, "basket", figures, follows=("next_product_reason",))
    return {
        "rules": int(len(rules)),
        "customers": int(len(nxt)),
        "figures_written": written,
        "top_rule": rules.iloc[0][["antecedent", "consequent", "confidence", "lift"]].to_dict() if len(rules) else None,
    }


def run_trends(as_of: pd.Timestamp | None = None, s3: Any = None) -> dict[str, Any]:
    """Daily: order lines snapshot for Athena, monthly trends, seasonality and a three-month forecast."""
    from analytics_jobs import trends

    s3 = s3 or client("s3")
    bucket, as_of = required("ANALYTICS_BUCKET"), as_of or _today()
    day = as_of.date().isoformat()
    lines = _lines(s3, bucket)
    _put_parquet(s3, bucket, f"curated/order_lines/run_date={day}/order_lines.parquet", lines)
    result = trends.run(lines, as_of)
    for name, df in result.items():
        _put_parquet(s3, bucket, f"curated/{name}/run_date={day}/{name}.parquet", df)
    fc = result["forecast"]
    return {
        "months": int(result["trends"]["month"].nunique()) if len(result["trends"]) else 0,
        "forecast": fc[["month", "revenue"]].round(2).to_dict("records"),
    }


def run_price_effect(s3: Any = None) -> dict[str, Any]:
    from analytics_jobs import price_effect
    from crm.suppliers.public import fx_rates

    s3 = s3 or client("s3")
    bucket, today = required("ANALYTICS_BUCKET"), _today().date()
    history = raw.list_prices(s3, bucket, fx_rates(), today)
    result = price_effect.run(_lines(s3, bucket), history)
    _put_parquet(s3, bucket, f"curated/price_effect/run_date={today.isoformat()}/price_effect.parquet", result)
    cut = result[result["discount_weeks"] > 0] if len(result) else result
    from_history = result[result["windows_from"] == "price history"] if len(result) else result
    return {
        "products": int(len(result)),
        "with_discount_weeks": int(len(cut)),
        "windows_from_price_history": int(len(from_history)),
    }


def run_campaigns(window_days: int = 30, s3: Any = None) -> dict[str, Any]:
    from analytics_jobs import campaigns
    from crm.suppliers.public import fx_rates

    s3 = s3 or client("s3")
    bucket, day = required("ANALYTICS_BUCKET"), _today().date().isoformat()
    sends = raw.events(s3, bucket, "campaign_send")
    if not len(sends):
        result = pd.DataFrame()
    else:
        sends = sends.rename(columns={"at": "sent_at"})[["campaign_id", "customer_id", "holdout", "sent_at"]]
        sends = sends.dropna(subset=["customer_id"])
        tracking = pd.concat([raw.events(s3, bucket, f"campaign_{k}").assign(kind=k) for k in ("open", "click")])
        if len(tracking):
            tracking = tracking[~tracking.get("automated", False).astype(bool)]  # mail scanners are not readers
        from analytics_jobs import history

        tx = history.transactions(s3, bucket, fx_rates())
        result = campaigns.run(sends, tracking.reindex(columns=["campaign_id", "customer_id", "kind"]), tx, window_days)
    _put_parquet(s3, bucket, f"curated/campaign_effect/run_date={day}/campaign_effect.parquet", result)
    return {"campaigns": int(len(result))}


def run_churn(
    as_of: pd.Timestamp | None = None, cost_per_interaction: float | None = None, s3: Any = None
) -> dict[str, Any]:
    """Weekly: churn risk and profitability per customer and category; risk and level on each FIGURES item."""
    from analytics_jobs import churn

    s3 = s3 or client("s3")
    bucket, as_of = required("ANALYTICS_BUCKET"), as_of or _today()
    day = as_of.date().isoformat()
    lines = _lines(s3, bucket)
    inter = raw.events(s3, bucket, "interaction")
    counts = inter["customer_id"].value_counts() if len(inter) else None
    cost = (
        cost_per_interaction
        if cost_per_interaction is not None
        else float(env("COST_PER_INTERACTION", str(churn.DEFAULT_COST_PER_INTERACTION)))
    )
    per_customer = churn.customers(lines, as_of, counts, cost)
    cats = churn.categories(lines, as_of)
    _put_parquet(s3, bucket, f"curated/customer_value/run_date={day}/customer_value.parquet", per_customer)
    _put_parquet(s3, bucket, f"curated/category_profitability/run_date={day}/category_profitability.parquet", cats)
    from analytics_jobs.writeback import Tolerance

    known = per_customer["churn_risk"].notna()
    figures = pd.DataFrame(
        {
            "customer_id": per_customer["customer_id"].astype(str),
            "churn_risk": per_customer["churn_risk"].astype(float).round(4),
            "churn_level": per_customer["churn_level"].astype(object).where(known, None),
        }
    )
    written = _write_figures(s3, bucket, "churn", figures, {"churn_risk": Tolerance(absolute=0.02)})
    return {
        "customers": int(len(per_customer)),
        "figures_written": written,
        "at_risk_high_value": int(per_customer["at_risk_high_value"].sum()),
        "levels": per_customer["churn_level"].value_counts().to_dict(),
    }
