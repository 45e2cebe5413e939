"""Channel preference per customer: how they reach us, how they answer when we reach them, and the best channel
to reach them.

`python -m analytics_jobs.channels --interactions FILE [--clicks FILE] --as-of DATE --out DIR` writes
DIR/channel_preference.parquet (one row per customer and channel) and prints the best channels' counts.

Inputs are the timeline's contacts (raw zone `interaction`: channel, direction, and for Connect calls whether the
call was answered) and campaign link clicks by real readers. Channels are told apart as email, sms, phone (calls,
voice, voicemail), chat (Connect chat, the portal's chat) and in_person (meetings).

- Inbound share per channel: the customer's own contacts (they wrote, called, chatted, answered a survey) on that
  channel over all their own contacts, in the last 365 days (`WINDOW_DAYS`).
- Response rate per channel we can use to reach out (email, sms, phone): of our outbound contacts on it, the share
  the customer answered: an outbound call that connected, or an inbound contact on the same channel within
  `RESPONSE_DAYS` (7) after it, or (email) a click in a campaign email within that time.
- Best channel to reach them: the reachable channel with the highest score = 0.7 x the response rate smoothed
  toward that channel's rate over all customers (as if `PRIOR` more attempts had had the average outcome, so two
  lucky emails do not beat twenty answered calls) + 0.3 x the inbound share. Customers with no contact at all in
  the window get none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REACHABLE = ("email", "sms", "phone")
CHANNELS = ("email", "sms", "phone", "chat", "in_person")
WINDOW_DAYS = 365
RESPONSE_DAYS = 7
PRIOR = 3.0
WEIGHT_RESPONSE, WEIGHT_INBOUND = 0.7, 0.3
NAMES = {
    "voice": "phone",
    "call": "phone",
    "phone": "phone",
    "voicemail": "phone",
    "chat": "chat",
    "web": "chat",
    "meeting": "in_person",
    "in_person": "in_person",
    "email": "email",
    "sms": "sms",
}


def normalise(interactions: pd.DataFrame) -> pd.DataFrame:
    """One row per contact (a call's "answered" update folded into it), channel named, direction known."""
    df = interactions.copy()
    df["contact"] = df["event_id"].astype(str).str.split("|").str[0]
    answered = df.groupby("contact")["answered"].apply(lambda s: bool(s.fillna(False).astype(bool).any()))
    df = df.drop_duplicates("contact", keep="first").set_index("contact")
    df["answered"] = answered.reindex(df.index).fillna(False).astype(bool)
    df["channel"] = df["channel"].fillna(df.get("interaction")).astype(str).str.lower().map(NAMES)
    df = df[df["channel"].notna() & df["direction"].isin(["inbound", "outbound"]) & df["customer_id"].notna()]
    df["at"] = df["at"].astype("datetime64[ns]")
    return df.reset_index()[["customer_id", "at", "channel", "direction", "answered"]]


def _responded(outbound: pd.DataFrame, answers: pd.DataFrame) -> pd.Series:
    """Per outbound contact: did an answer on its channel follow within RESPONSE_DAYS?"""
    if not len(outbound):
        return pd.Series(dtype=bool)
    out = outbound.reset_index(drop=True).reset_index(names="n").sort_values("at")
    ans = answers.sort_values("at").rename(columns={"at": "answered_at"})
    nearest = pd.merge_asof(
        out,
        ans[["customer_id", "channel", "answered_at"]],
        left_on="at",
        right_on="answered_at",
        by=["customer_id", "channel"],
        direction="forward",
        tolerance=pd.Timedelta(days=RESPONSE_DAYS),
    )
    replied = nearest["answered_at"].notna() | nearest["answered"]
    return pd.Series(replied.to_numpy(), index=nearest["n"].to_numpy()).sort_index()


def per_channel(contacts: pd.DataFrame, clicks: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """customer_id, channel, inbound, outbound, responded (counts in the window)."""
    since = as_of - pd.Timedelta(days=WINDOW_DAYS)
    c = contacts[(contacts["at"] > since) & (contacts["at"] < as_of + pd.Timedelta(days=1))]
    inbound = c[c["direction"] == "inbound"]
    outbound = c[c["direction"] == "outbound"].reset_index(drop=True)
    answers = inbound[["customer_id", "channel", "at"]]
    if len(clicks):
        clicked = clicks.assign(channel="email", at=clicks["at"].astype("datetime64[ns]"))
        answers = pd.concat([answers, clicked[["customer_id", "channel", "at"]]])
    outbound = outbound.assign(responded=_responded(outbound, answers).to_numpy() if len(outbound) else [])
    counts = pd.concat(
        [
            inbound.groupby(["customer_id", "channel"]).size().rename("inbound"),
            outbound.groupby(["customer_id", "channel"]).size().rename("outbound"),
            outbound.groupby(["customer_id", "channel"])["responded"].sum().rename("responded"),
        ],
        axis=1,
    )
    return counts.fillna(0).astype(int).reset_index()


def preference(counts: pd.DataFrame) -> pd.DataFrame:
    """The per-channel counts with inbound share, response rate, score, and each customer's best channel."""
    df = counts.copy()
    total_in = df.groupby("customer_id")["inbound"].transform("sum")
    df["inbound_share"] = np.where(total_in > 0, df["inbound"] / total_in.where(total_in > 0, 1), 0.0)
    df["response_rate"] = np.where(
        df["outbound"] > 0, df["responded"] / df["outbound"].where(df["outbound"] > 0, 1), np.nan
    )
    sums = df.groupby("channel")[["responded", "outbound"]].sum()
    base = (sums["responded"] / sums["outbound"].where(sums["outbound"] > 0)).fillna(0.0)
    smoothed = (df["responded"] + PRIOR * df["channel"].map(base).fillna(0.0)) / (df["outbound"] + PRIOR)
    reachable = df["channel"].isin(REACHABLE)
    df["score"] = np.where(reachable, WEIGHT_RESPONSE * smoothed + WEIGHT_INBOUND * df["inbound_share"], np.nan)
    best = df[reachable].sort_values(["customer_id", "score", "inbound"], ascending=[True, False, False])
    best = best.drop_duplicates("customer_id").set_index("customer_id")["channel"]
    df["best_channel"] = df["customer_id"].map(best)
    return df.sort_values(["customer_id", "channel"], ignore_index=True)


def figures(pref: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: best_channel, share_<channel> for every channel, response_<channel> for reachable."""
    wide_share = pref.pivot(index="customer_id", columns="channel", values="inbound_share")
    wide_rate = pref.pivot(index="customer_id", columns="channel", values="response_rate")
    out = pd.DataFrame(index=wide_share.index)
    out["best_channel"] = pref.drop_duplicates("customer_id").set_index("customer_id")["best_channel"]
    for ch in CHANNELS:
        out[f"share_{ch}"] = wide_share.get(ch, pd.Series(0.0, index=out.index)).fillna(0.0)
    for ch in REACHABLE:
        out[f"response_{ch}"] = wide_rate.get(ch, pd.Series(np.nan, index=out.index))
    return out.reset_index().astype({"customer_id": str})


def run(interactions: pd.DataFrame, clicks: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    contacts = normalise(interactions) if len(interactions) else pd.DataFrame(columns=["customer_id", "at"])
    if not len(contacts):
        return pd.DataFrame(
            columns=["customer_id", "channel", "inbound", "outbound", "responded", "inbound_share", "response_rate"]
        )
    return preference(per_channel(contacts, clicks, as_of))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.channels", description="channel preference")
    ap.add_argument("--interactions", required=True, help="Parquet or CSV: event_id, customer_id, at, channel, ...")
    ap.add_argument("--clicks", help="CSV or Parquet: customer_id, at")
    ap.add_argument("--as-of", required=True, type=pd.Timestamp)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)

    def read(path: str) -> pd.DataFrame:
        df = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path, dtype={"customer_id": str})
        df["at"] = pd.to_datetime(df["at"], utc=True, format="ISO8601").dt.tz_localize(None)
        return df

    inter = read(a.interactions)
    for column in ("answered", "interaction"):
        if column not in inter:
            inter[column] = None
    result = run(inter, read(a.clicks) if a.clicks else pd.DataFrame(columns=["customer_id", "at"]), a.as_of)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    result.to_parquet(out / "channel_preference.parquet", index=False)
    print(result.drop_duplicates("customer_id")["best_channel"].value_counts(dropna=False).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
