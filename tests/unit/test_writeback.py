"""Which customers a job rewrites: a moved label, a number past its tolerance, a customer new to the job."""

from __future__ import annotations

import math

import pandas as pd

from analytics_jobs.writeback import Tolerance, changed


def test_only_moved_labels_numbers_past_tolerance_and_new_customers_are_written():
    before = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e"],
            "band": ["low", "high", "top", "low", "low"],
            "clv": [100.0, 200.0, 300.0, math.nan, 50.0],
            "why": ["x", "y", "z", "w", "v"],
        }
    )
    now = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e", "f"],
            "band": ["low", "top", "top", "low", "low", "low"],  # b moved band
            "clv": [104.0, 200.0, 330.0, 10.0, 50.0, 1.0],  # a within 5 %, c past it, d was unknown
            "why": ["changed wording", "y", "z", "w", "v", "new"],  # wording alone never causes a write
        }
    )
    due = changed(now, before, {"clv": Tolerance(absolute=1.0, relative=0.05)}, follows=("why",))
    assert list(now.loc[due, "customer_id"]) == ["b", "c", "d", "f"]


def test_a_number_that_becomes_unknown_is_written_and_a_first_run_writes_everyone():
    before = pd.DataFrame({"customer_id": ["a", "b"], "risk": [0.5, 0.5]})
    now = pd.DataFrame({"customer_id": ["a", "b"], "risk": [math.nan, 0.515]})
    assert list(changed(now, before, {"risk": Tolerance(absolute=0.02)})) == [True, False]
    assert changed(now, pd.DataFrame(), {"risk": Tolerance(absolute=0.02)}).all()
