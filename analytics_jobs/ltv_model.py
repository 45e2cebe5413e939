"""The fitted BG/NBD and Gamma-Gamma parameters, kept between runs: population-level figures that move slowly, so
a daily run scores every customer with the parameters fitted at most LTV_REFIT_DAYS ago (template.yaml) and
refits only then — or when asked, as a full rebuild does. Kept at `state/ltv/model.json` with the day it was
fitted; each run's curated output still names the parameters it used."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd

from analytics_jobs import ltv

KEY = "state/ltv/model.json"


def model(
    s3: Any, bucket: str, s: pd.DataFrame, today: date, refit_days: int, refit: bool = False
) -> tuple[dict[str, float], dict[str, float], bool]:
    """(BG/NBD, Gamma-Gamma, whether they were fitted now) for the summary `s` (ltv.summary)."""
    kept = None
    if not refit:
        try:
            kept = json.loads(s3.get_object(Bucket=bucket, Key=KEY)["Body"].read())
        except s3.exceptions.NoSuchKey:
            kept = None
    if kept and (today - date.fromisoformat(kept["fitted_on"])).days < refit_days:
        return kept["bgnbd"], kept["gamma_gamma"], False
    x, tx, T = s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()
    bg, gg = ltv.fit_bgnbd(x, tx, T), ltv.fit_gamma_gamma(x, s["monetary_value"].to_numpy())
    body = json.dumps({"bgnbd": bg, "gamma_gamma": gg, "fitted_on": today.isoformat(), "customers": len(s)})
    s3.put_object(Bucket=bucket, Key=KEY, Body=body.encode(), ServerSideEncryption="aws:kms")
    return bg, gg, True
