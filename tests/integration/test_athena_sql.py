"""The Athena named queries of template.yaml compute the same aggregates as the pandas jobs: DuckDB runs each
query's SQL, unchanged, over the very Parquet files the jobs wrote to the curated zone (the Glue tables'
locations), and every figure must match."""

from __future__ import annotations

import io
from pathlib import Path

import boto3
import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from analytics_jobs import basket, churn, handlers, ltv, rfm, service_handlers, trends
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


@pytest.fixture(scope="module")
def curated(aws, tmp_path_factory):
    """Seed, run the jobs as scheduled, and bring the curated zone down as local files: table/run_date=/x.parquet.
    Once for the module: the tests only read these files."""
    from infra.provision import recreate_tables

    recreate_tables(aws["stack"])
    tmp_path = tmp_path_factory.mktemp("curated")
    bucket = aws["stack"].physical("AnalyticsBucket")
    s3 = boto3.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=o["Key"])
    demo.seed(30)
    handlers.run_compaction((pd.Timestamp.now() + pd.Timedelta(days=1)).date().isoformat())
    for job in (
        handlers.run_rfm,
        handlers.run_ltv,
        handlers.run_trends,
        handlers.run_basket,
        handlers.run_churn,
        handlers.run_price_effect,
        handlers.run_campaigns,
        service_handlers.run_channels,
        service_handlers.run_lifecycle,
        service_handlers.run_service,
    ):
        job()
    for zone, into in (("curated/", tmp_path), ("compact/", tmp_path / RAW)):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=zone):
            for o in page.get("Contents", []):
                target = into / o["Key"].removeprefix(zone)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read())
    return tmp_path


RAW = "_compacted"  # the compacted raw zone beside the curated tables (raw_<kind> tables read it)


def _duck(root: Path) -> duckdb.DuckDBPyConnection:
    """Each Glue table as a DuckDB view over its Parquet with the run_date partition column, as Athena sees it."""
    con = duckdb.connect()
    for table in _glue_tables():
        where = root / RAW / table.removeprefix("raw_") if table.startswith("raw_") else root / table
        if where.exists():
            files = f"{where}/*/events.parquet" if table.startswith("raw_") else f"{where}/*/*.parquet"
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{files}', hive_partitioning = true)")
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
    written = {p.name for p in curated.iterdir() if p.is_dir() and p.name != RAW}
    written |= {f"raw_{p.name}" for p in (curated / RAW).iterdir() if p.name.startswith("order_")}
    assert written == set(declared)  # every curated output and compacted order kind is a table, and written
    for table, columns in declared.items():
        raw = table.startswith("raw_")
        where = curated / RAW / table.removeprefix("raw_") if raw else curated / table
        schema = pq.read_schema(next(where.glob("*/events.parquet" if raw else "*/*.parquet")))
        if raw:  # a raw table declares the columns Athena needs of the compacted files
            schema = pa.schema([schema.field(c["Name"]) for c in columns])
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


def test_athena_summary_from_the_raw_zone_equals_the_in_memory_one(curated):
    """The query the LTV job hands to Athena past one Lambda gives the summary it computes in memory."""
    q, con = _queries(), _duck(curated)
    day = next((curated / "fx_rates").iterdir()).name.removeprefix("run_date=")
    end = pd.Timestamp(day)
    sql = _frame(con, q["ltv_summary_from_raw"], [day, day, day]).set_index("customer_id").sort_index()
    tx = pd.read_parquet(next((curated / "transactions").glob("*/*.parquet")))
    job = ltv.summary(tx, end, "week").sort_index()
    assert list(sql.index) == list(job.index) and len(job) > 20
    for col, sql_col in (("frequency", "frequency"), ("recency", "recency"), ("T", "t")):
        assert sql[sql_col].to_numpy() == pytest.approx(job[col].to_numpy(), abs=1e-9), col
    for col in ("monetary_value", "historic_value"):
        assert sql[col].to_numpy() == pytest.approx(job[col].to_numpy(), abs=0.011), col


class DuckAthena:
    """Athena played by DuckDB for the LTV job's Athena path: the named query from template.yaml, run on the
    jobs' own Parquet, its answer unloaded as Parquet where the job asked (the test of our orchestration)."""

    def __init__(self, con, s3) -> None:
        self.con, self.s3, self.sql = con, s3, None

    def get_named_query(self, NamedQueryId):
        return {"NamedQuery": {"QueryString": _queries()["ltv_summary_from_raw"]}}

    def start_query_execution(self, QueryString, QueryExecutionContext, WorkGroup, ExecutionParameters):
        inner = QueryString[len("UNLOAD (") : QueryString.index(") TO 's3://")]
        bucket, prefix = QueryString.split(" TO 's3://", 1)[1].split("'", 1)[0].split("/", 1)
        answer = self.con.execute(inner, [p.strip("'") for p in ExecutionParameters]).to_arrow_table()
        buffer = io.BytesIO()
        pq.write_table(answer, buffer)
        self.s3.put_object(Bucket=bucket, Key=f"{prefix}part-0.parquet", Body=buffer.getvalue())
        return {"QueryExecutionId": "q-1"}

    def get_query_execution(self, QueryExecutionId):
        return {"QueryExecution": {"Status": {"State": "SUCCEEDED"}}}


def test_past_the_threshold_the_ltv_job_takes_its_summary_from_athena(curated, aws, monkeypatch):
    from analytics_jobs import athena_summary

    s3 = boto3.client("s3")
    monkeypatch.setattr(athena_summary, "client", lambda name: DuckAthena(_duck(curated), s3))
    monkeypatch.setenv("ATHENA_ABOVE_ROWS", "0")  # any history is past it
    monkeypatch.setenv("ATHENA_LTV_QUERY", "ltv-summary-from-raw")
    monkeypatch.setenv("ATHENA_DATABASE", "crm_analytics")
    monkeypatch.setenv("ATHENA_WORKGROUP", "crm-analytics")
    in_memory = pd.read_parquet(next((curated / "ltv").glob("*/ltv.parquet"))).set_index("customer_id").sort_index()
    day = next((curated / "fx_rates").iterdir()).name.removeprefix("run_date=")
    run = handlers.run_ltv(pd.Timestamp(day), rebuild=True)
    bucket = aws["stack"].physical("AnalyticsBucket")
    body = s3.get_object(Bucket=bucket, Key=f"curated/ltv/run_date={day}/ltv.parquet")["Body"].read()
    by_athena = pd.read_parquet(io.BytesIO(body)).set_index("customer_id").sort_index()
    assert run["customers"] == len(in_memory) and list(by_athena.index) == list(in_memory.index)
    # the same summary up to cent rounding of day amounts: the fitted spend moves by well under 1 %
    assert by_athena["predicted_clv"].to_numpy() == pytest.approx(in_memory["predicted_clv"].to_numpy(), rel=0.01)
    assert (by_athena["clv_band"] == in_memory["clv_band"]).mean() > 0.97
