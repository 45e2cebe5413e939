"""The Athena named queries of template.yaml compute the same aggregates as the pandas jobs: DuckDB runs each
query's SQL, unchanged, over the very Parquet files the jobs wrote to the curated zone (the Glue tables'
locations), and every figure must match."""

from __future__ import annotations

from pathlib import Path

import boto3
import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from analytics_jobs import basket, churn, handlers, ltv, rfm, trends
from infra import seed as demo

ROOT = Path(__file__).parents[2]


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _template() -> dict:
    return yaml.load((ROOT / "template.yaml").read_text(), Loader=_Loader)


def _queries() -> dict[str, str]:
    res = _template()["Resources"]
    return {
        r["Properties"]["Name"]: r["Properties"]["QueryString"]
        for r in res.values()
        if r["Type"] == "AWS::Athena::NamedQuery"
    }


def _glue_tables() -> dict[str, list[dict]]:
    res = _template()["Resources"]
    return {
        r["Properties"]["TableInput"]["Name"]: r["Properties"]["TableInput"]["StorageDescriptor"]["Columns"]
        for r in res.values()
        if r["Type"] == "AWS::Glue::Table"
    }


@pytest.fixture
def curated(api, aws, tmp_path):
    """Seed, run the jobs as scheduled, and bring the curated zone down as local files: table/run_date=/x.parquet."""
    bucket = aws["stack"].physical("AnalyticsBucket")
    s3 = boto3.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=o["Key"])
    demo.seed(30)
    for job in (
        handlers.run_rfm,
        handlers.run_ltv,
        handlers.run_trends,
        handlers.run_basket,
        handlers.run_churn,
        handlers.run_price_effect,
        handlers.run_campaigns,
    ):
        job()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="curated/"):
        for o in page.get("Contents", []):
            target = tmp_path / o["Key"].removeprefix("curated/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read())
    return tmp_path


def _duck(root: Path) -> duckdb.DuckDBPyConnection:
    """Each Glue table as a DuckDB view over its Parquet with the run_date partition column, as Athena sees it."""
    con = duckdb.connect()
    for table in _glue_tables():
        if (root / table).exists():
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{root / table}/*/*.parquet', "
                "hive_partitioning = true)"
            )
    return con


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pd.DataFrame:
    return con.execute(sql, params).df()


def test_glue_tables_declare_exactly_what_the_jobs_write(curated):
    types = {
        "string": "string",
        "large_string": "string",
        "int64": "bigint",
        "int32": "int",
        "int8": "tinyint",
        "double": "double",
        "bool": "boolean",
        "timestamp[ms]": "timestamp",
    }
    declared = _glue_tables()
    written = {p.name for p in curated.iterdir() if p.is_dir()}
    assert written == set(declared)  # every curated output is a table, every table is written
    for table, columns in declared.items():
        schema = pq.read_schema(next((curated / table).glob("*/*.parquet")))
        assert [(f.name.lower(), types[str(f.type)]) for f in schema] == [(c["Name"], c["Type"]) for c in columns]


def test_athena_queries_equal_the_pandas_jobs(curated):
    q, con = _queries(), _duck(curated)
    day = next((curated / "order_lines").iterdir()).name.removeprefix("run_date=")
    as_of = pd.Timestamp(day)
    tx = pd.read_parquet(next((curated / "transactions").glob("*/*.parquet")))
    lines = pd.read_parquet(next((curated / "order_lines").glob("*/*.parquet")))

    sql_rfm = _frame(con, q["rfm_summary"], [day, day, day]).set_index("customer_id")
    job_rfm = rfm.rfm(tx, as_of).set_index("customer_id").sort_index()
    assert list(sql_rfm.index) == list(job_rfm.index)
    assert (sql_rfm["recency"].to_numpy() == job_rfm["recency"].to_numpy()).all()
    assert (sql_rfm["frequency"].to_numpy() == job_rfm["frequency"].to_numpy()).all()
    assert sql_rfm["monetary"].to_numpy() == pytest.approx(job_rfm["monetary"].to_numpy(), abs=0.006)

    sql_ltv = _frame(con, q["ltv_summary"], [day, day, day]).set_index("customer_id")
    job_ltv = ltv.summary(tx, as_of, "week").sort_index()
    for col, sql_col in (
        ("frequency", "frequency"),
        ("recency", "recency"),
        ("T", "t"),
        ("monetary_value", "monetary_value"),
        ("historic_value", "historic_value"),
    ):
        assert sql_ltv[sql_col].to_numpy() == pytest.approx(job_ltv[col].to_numpy(), rel=1e-9, abs=1e-9), col

    sql_tr = _frame(con, q["monthly_trends"], [day, day])
    job_tr = trends.monthly(lines, as_of)
    assert (
        sql_tr[["month", "category", "country", "orders", "customers"]].values.tolist()
        == job_tr[["month", "category", "country", "orders", "customers"]].values.tolist()
    )
    assert sql_tr["revenue"].to_numpy() == pytest.approx(job_tr["revenue"].to_numpy())

    sql_bk = _frame(con, q["basket_rules"], [day, 0.005, 0.05])
    job_bk = basket.rules(lines, 0.005, 0.05)
    assert len(job_bk) > 0
    assert (
        sql_bk[["antecedent", "consequent", "orders_both"]].values.tolist()
        == job_bk[["antecedent", "consequent", "orders_both"]].values.tolist()
    )
    for col in ("support", "confidence", "lift"):
        assert sql_bk[col].to_numpy() == pytest.approx(job_bk[col].to_numpy())

    sql_cat = _frame(con, q["category_profitability"], [day, day]).set_index("category")
    job_cat = churn.categories(lines, as_of).set_index("category")
    assert list(sql_cat.index) == list(job_cat.index)
    for col in ("revenue", "cost_of_goods", "orders", "customers", "gross_margin", "margin_pct"):
        assert sql_cat[col].to_numpy() == pytest.approx(job_cat[col].to_numpy()), col

    # and what the jobs wrote is that same answer (the curated tables are the pandas results)
    written = pd.read_parquet(next((curated / "category_profitability").glob("*/*.parquet"))).set_index("category")
    assert written["gross_margin"].to_numpy() == pytest.approx(sql_cat["gross_margin"].to_numpy())
