"""The LTV job reproduces the published BG/NBD and Gamma-Gamma parameters on the papers' own public dataset
(CDNOW sample, tests/fixtures/cdnow/README.md), starting from the raw purchases and going through the CLI a user
runs — summary, same-day rule, week unit and both maximum-likelihood fits included."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics_jobs.ltv import main

SAMPLE = Path(__file__).parents[1] / "fixtures" / "cdnow" / "CDNOW_sample.txt.gz"
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "v": 15.44}


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    d = tmp_path_factory.mktemp("cdnow")
    raw = pd.read_csv(
        SAMPLE,
        sep=r"\s+",
        header=None,
        names=["id", "master_id", "date", "cds", "amount"],
        dtype={"id": str, "date": str},
    )
    tx = pd.DataFrame(
        {"customer_id": raw["id"], "ordered_at": pd.to_datetime(raw["date"], format="%Y%m%d"), "amount": raw["amount"]}
    )
    tx.to_csv(d / "cdnow.csv", index=False)
    assert (
        main(
            [
                "--transactions",
                str(d / "cdnow.csv"),
                "--calibration-end",
                "1997-09-30",
                "--time-unit",
                "week",
                "--horizon",
                "39",
                "--out",
                str(d / "out"),
            ]
        )
        == 0
    )
    model = json.loads((d / "out" / "model.json").read_text())
    table = pd.read_parquet(d / "out" / "ltv.parquet").set_index("customer_id")
    return model, table


def test_bgnbd_parameters_match_the_paper_within_one_percent(fitted):
    model, table = fitted
    assert len(table) == 2357
    for name, published in PUBLISHED_BGNBD.items():
        assert model["bgnbd"][name] == pytest.approx(published, rel=0.01), name
    assert model["bgnbd"]["loglik"] == pytest.approx(-9582.4, abs=0.5)


def test_gamma_gamma_parameters_match_the_paper_within_one_percent(fitted):
    model, table = fitted
    assert int((table["frequency"] > 0).sum()) == 946
    for name, published in PUBLISHED_GG.items():
        assert model["gamma_gamma"][name] == pytest.approx(published, rel=0.01), name


def test_the_papers_worked_example_customer(fitted):
    _, table = fitted
    c = table.loc["00004"]
    assert (c["frequency"], round(c["recency"], 2), round(c["T"], 2)) == (2.0, 30.43, 38.86)
    assert c["expected_purchases"] == pytest.approx(1.226, abs=0.001)
