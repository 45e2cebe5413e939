"""Market basket: association rules between products bought in the same order, and the next product to offer
each customer.

`python -m analytics_jobs.basket --lines FILE [--min-support S] [--min-confidence C] --out DIR` writes
DIR/basket_rules.parquet and DIR/next_product.parquet.

Rules are one product -> one product (A -> B), over orders as baskets (a product counted once per order):
  support(A -> B)    = orders with A and B / all orders
  confidence(A -> B) = orders with A and B / orders with A
  lift(A -> B)       = confidence / (orders with B / all orders)   (> 1: bought together more than by chance)
Pair counts come from one sparse product: X^T X of the order x product incidence matrix, so the cost grows with
orders, not with pairs of orders.

Next product per customer: among the rules whose A the customer has bought and whose B it has not, the one with
the highest confidence (then lift) and lift > 1; without one, the most widely bought product the customer lacks
("popular"). Each row says why.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from analytics_jobs import transactions

RULE_COLUMNS = ["antecedent", "consequent", "orders_both", "support", "confidence", "lift"]


def _incidence(lines: pd.DataFrame, key: str) -> tuple[sparse.csr_matrix, pd.Index, pd.Index]:
    pairs = lines[[key, "sku"]].drop_duplicates()
    rows, row_index = pd.factorize(pairs[key], sort=True)
    cols, col_index = pd.factorize(pairs["sku"], sort=True)
    m = sparse.csr_matrix((np.ones(len(pairs), dtype=np.int32), (rows, cols)), shape=(len(row_index), len(col_index)))
    return m, pd.Index(row_index), pd.Index(col_index)


def rules(lines: pd.DataFrame, min_support: float = 0.005, min_confidence: float = 0.05) -> pd.DataFrame:
    x, orders, skus = _incidence(lines, "order_id")
    n = x.shape[0]
    if n == 0:
        return pd.DataFrame(columns=RULE_COLUMNS)
    both = (x.T @ x).toarray().astype(np.int64)
    single = np.diag(both).astype(float)
    np.fill_diagonal(both, 0)
    a, b = np.nonzero(both)
    count = both[a, b]
    support = count / n
    confidence = count / single[a]
    lift = confidence / (single[b] / n)
    out = pd.DataFrame(
        {
            "antecedent": skus[a],
            "consequent": skus[b],
            "orders_both": count,
            "support": support,
            "confidence": confidence,
            "lift": lift,
        }
    )
    out = out[(out["support"] >= min_support) & (out["confidence"] >= min_confidence)]
    return out.sort_values(
        ["confidence", "lift", "antecedent", "consequent"], ascending=[False, False, True, True], ignore_index=True
    )


def next_product(lines: pd.DataFrame, rule_table: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: next_product, reason, confidence and lift of the rule (NaN for "popular")."""
    x, customers, skus = _incidence(lines, "customer_id")
    owned = pd.DataFrame({"customer_id": customers[x.nonzero()[0]], "sku": skus[x.nonzero()[1]]})
    good = rule_table[rule_table["lift"] > 1]
    cand = owned.merge(good, left_on="sku", right_on="antecedent")
    have = set(zip(owned["customer_id"], owned["sku"], strict=True))
    cand = cand[[(c, s) not in have for c, s in zip(cand["customer_id"], cand["consequent"], strict=True)]]
    best = cand.sort_values(
        ["customer_id", "confidence", "lift", "consequent"], ascending=[True, False, False, True]
    ).drop_duplicates("customer_id")
    best = best.assign(
        next_product=best["consequent"],
        reason=[
            f"bought {a}: {c:.0%} of orders with {a} also had {b} (lift {lift:.2f})"
            for a, b, c, lift in zip(
                best["antecedent"], best["consequent"], best["confidence"], best["lift"], strict=True
            )
        ],
    )[["customer_id", "next_product", "reason", "confidence", "lift"]]
    popularity = lines.groupby("sku")["order_id"].nunique().sort_values(ascending=False, kind="stable")
    rest = [c for c in customers if c not in set(best["customer_id"])]
    fallback = []
    for c in rest:
        mine = {s for s in skus[x[customers.get_loc(c)].indices]}
        top = next((s for s in popularity.index if s not in mine), None)
        if top is not None:
            fallback.append(
                {
                    "customer_id": c,
                    "next_product": top,
                    "confidence": np.nan,
                    "lift": np.nan,
                    "reason": f"popular: {top} is in {popularity[top]} orders",
                }
            )
    out = pd.concat([best, pd.DataFrame(fallback, columns=best.columns)], ignore_index=True)
    return out.sort_values("customer_id", ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics_jobs.basket", description="association rules")
    ap.add_argument("--lines", required=True, help="CSV/Parquet: order_id, customer_id, ordered_at, sku, ...")
    ap.add_argument("--min-support", type=float, default=0.005)
    ap.add_argument("--min-confidence", type=float, default=0.05)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    lines = transactions.read_lines(a.lines)
    table = rules(lines, a.min_support, a.min_confidence)
    nxt = next_product(lines, table)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_parquet(out / "basket_rules.parquet", index=False)
    nxt.to_parquet(out / "next_product.parquet", index=False)
    print(table.head(10).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
