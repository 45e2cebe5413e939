"""The analytical jobs' findings as the managers look at them, beside the report's headline tables: the RFM
grid, the seasonal index, basket rules and how many customers get a rule-based next-product offer, price-cut
effects with their 95 % intervals, campaign uplift against the holdout, service against the SLA by cut,
lifecycle movements and the customers' best channels. Each comes from the latest curated run
of its job (the run is named with it); report.build adds them to the report's tables, so they reach the dashboard
snapshot and the mail's CSV attachments alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

GRID_COLUMNS = ["r_score", "fm_score", "segment", "customers", "revenue"]
SEASON_COLUMNS = ["calendar_month", "seasonal_index", "observations"]
RULE_COLUMNS = ["antecedent", "consequent", "orders_both", "support", "confidence", "lift"]
COVERAGE_COLUMNS = ["basis", "customers", "share"]
PRICE_COLUMNS = [
    "sku",
    "category",
    "windows_from",
    "discount_weeks",
    "mean_discount_pct",
    "uplift",
    "uplift_low",
    "uplift_high",
    "uplift_p",
    "elasticity",
    "elasticity_low",
    "elasticity_high",
]
CAMPAIGN_COLUMNS = [
    "campaign_id",
    "name",
    "mailed",
    "holdout",
    "open_rate",
    "click_rate",
    "conversion_mailed",
    "conversion_holdout",
    "conversion_uplift_pts",
    "conversion_p",
    "revenue_uplift_per_customer",
    "incremental_revenue",
    "revenue_p",
]


SERVICE_COLUMNS = [
    "cut",
    "value",
    "cases",
    "first_response_median_minutes",
    "first_response_within_sla",
    "resolution_median_hours",
    "resolution_within_sla",
    "first_contact_resolution",
    "csat",
    "csat_answers",
    "nps",
    "nps_answers",
]
MOVE_COLUMNS = ["from_stage", "to_stage", "customers"]
CHANNEL_COLUMNS = ["best_channel", "customers", "share"]


def service(summary: pd.DataFrame) -> pd.DataFrame:
    """Service against the SLA, overall and by priority, category, team and agent (service analysis job)."""
    return _shaped(summary, SERVICE_COLUMNS)


def lifecycle_movements(moves: pd.DataFrame, limit: int = 20) -> pd.DataFrame:
    """Customers who changed lifecycle stage over the job's period, the largest movements first."""
    if not len(moves):
        return _shaped(moves, MOVE_COLUMNS)
    moved = moves[moves["moved"].astype(bool)].sort_values("customers", ascending=False)
    return _shaped(moved.head(limit), MOVE_COLUMNS)


def best_channels(pref: pd.DataFrame) -> pd.DataFrame:
    """How many customers answer best on each channel (channel preference job)."""
    if not len(pref):
        return _shaped(pref, CHANNEL_COLUMNS)
    counts = pref.drop_duplicates("customer_id")["best_channel"].dropna().value_counts()
    out = counts.rename_axis("best_channel").reset_index(name="customers")
    out["share"] = (out["customers"] / max(1, int(out["customers"].sum()))).round(4)
    return out


def _shaped(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return df.reindex(columns=columns) if len(df) else pd.DataFrame(columns=columns)


def rfm_grid(rfm: pd.DataFrame) -> pd.DataFrame:
    """Customers and their all-time spend per cell of recency score x the frequency-monetary score (1-5 each),
    with the segment the cell belongs to: the grid the segments are cut from."""
    if not len(rfm):
        return pd.DataFrame(columns=GRID_COLUMNS)
    cells = rfm.groupby(["r_score", "fm_score"], observed=True).agg(
        segment=("segment", "first"), customers=("customer_id", "size"), revenue=("monetary", "sum")
    )
    out = cells.reset_index().astype({"r_score": int, "fm_score": int})
    return out.sort_values(["r_score", "fm_score"], ascending=[False, True], ignore_index=True).round(2)


def seasonality(season: pd.DataFrame) -> pd.DataFrame:
    """The trends job's multiplicative index per calendar month (1.0 = an average month), January first."""
    return _shaped(season, SEASON_COLUMNS).sort_values("calendar_month", ignore_index=True).round(3)


def top_rules(rules: pd.DataFrame, limit: int = 15) -> pd.DataFrame:
    """The strongest associations (lift above 1), by lift and then confidence."""
    if not len(rules):
        return pd.DataFrame(columns=RULE_COLUMNS)
    good = rules[rules["lift"] > 1].sort_values(["lift", "confidence"], ascending=False, ignore_index=True)
    return good.head(limit)[RULE_COLUMNS].round(4)


def next_product_coverage(nxt: pd.DataFrame) -> pd.DataFrame:
    """How many customers have a next product from a rule, and how many only the popular fallback."""
    if not len(nxt):
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    basis = nxt["confidence"].notna().map({True: "rule", False: "popular"})
    counts = basis.value_counts().reindex(["rule", "popular"], fill_value=0)
    out = pd.DataFrame({"basis": counts.index, "customers": counts.to_numpy()})
    return out.assign(share=(out["customers"] / len(nxt)).round(4))


def price_effects(effects: pd.DataFrame) -> pd.DataFrame:
    """Products with an estimate (an uplift or an elasticity), the largest uplift first."""
    if not len(effects):
        return pd.DataFrame(columns=PRICE_COLUMNS)
    known = effects[effects["uplift"].notna() | effects["elasticity"].notna()]
    known = known.sort_values("uplift", ascending=False, na_position="last", ignore_index=True)
    return known[PRICE_COLUMNS].round(4)


def campaign_uplift(effects: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One row per launched campaign: mailed vs holdout, with the p-values of the differences."""
    if not len(effects):
        return pd.DataFrame(columns=CAMPAIGN_COLUMNS)
    out = effects.assign(name=effects["campaign_id"].map(names).fillna(""))
    return out[CAMPAIGN_COLUMNS].round(4)


def campaign_names(ids: list[str]) -> dict[str, str]:
    from crm.messaging.public import campaign_names as names

    return names(ids)


def insights(read: Any, as_of: date, rfm: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, str | None]]:
    """(tables, the run each comes from); `read(table, as_of)` is report.latest bound to the bucket, `rfm` the
    latest RFM run's customers."""
    runs: dict[str, str | None] = {}
    runs["seasonality"], season = read("seasonality", as_of)
    runs["basket_rules"], rules = read("basket_rules", as_of)
    runs["next_product"], nxt = read("next_product", as_of)
    runs["price_effect"], price = read("price_effect", as_of)
    runs["campaign_effect"], camp = read("campaign_effect", as_of)
    runs["service_summary"], svc = read("service_summary", as_of)
    runs["lifecycle_movements"], moves = read("lifecycle_movements", as_of)
    runs["channel_preference"], pref = read("channel_preference", as_of)
    ids = [str(i) for i in camp["campaign_id"]] if len(camp) else []
    tables = {
        "rfm_grid": rfm_grid(rfm),
        "seasonality": seasonality(season),
        "basket_rules": top_rules(rules),
        "next_product_coverage": next_product_coverage(nxt),
        "price_effects": price_effects(price),
        "campaign_uplift": campaign_uplift(camp, campaign_names(ids)),
        "service": service(svc),
        "lifecycle_movements": lifecycle_movements(moves),
        "best_channels": best_channels(pref),
    }
    return tables, runs
