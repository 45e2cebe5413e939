"""The emulator's Query at the cost of the partition (infra/moto_query_index.py) answers exactly as moto's own
walk over the whole table: the same queries, run both ways over a random table, page by page."""

from __future__ import annotations

import random
from typing import Any

import boto3
import pytest
from moto.dynamodb.models.table import Table

from infra import moto_query_index

PARTITIONS = [f"P#{i}" for i in range(12)]
GSI_KEYS = [f"G#{i}" for i in range(6)]


@pytest.fixture
def table(aws, clean_tables):
    return aws["stack"].physical("CrmTable")


def _random_table(ddb: Any, table: str, rng: random.Random) -> None:
    for n in range(400):
        item = {"pk": {"S": rng.choice(PARTITIONS)}, "sk": {"S": f"{rng.choice('ABC')}#{n:04d}"}}
        item["n"] = {"N": str(rng.randint(0, 50))}
        if rng.random() < 0.8:  # some items are in no index
            item["gsi1pk"], item["gsi1sk"] = {"S": rng.choice(GSI_KEYS)}, {"S": f"{rng.randint(0, 99):02d}#{n}"}
        if rng.random() < 0.5:
            item["gsi2pk"], item["gsi2sk"] = {"S": rng.choice(GSI_KEYS)}, {"S": f"{n:04d}"}
        ddb.put_item(TableName=table, Item=item)
    _mutate(ddb, table, rng)


def _mutate(ddb: Any, table: str, rng: random.Random) -> None:
    keys = [i for p in PARTITIONS for i in ddb.query(**_q(table, "pk", p))["Items"]]
    for item in rng.sample(keys, 60):  # moves between index partitions and out of them, and deletes
        key = {"pk": item["pk"], "sk": item["sk"]}
        if rng.random() < 0.5:
            ddb.update_item(
                TableName=table,
                Key=key,
                UpdateExpression="SET gsi1pk = :g, gsi1sk = :s",
                ExpressionAttributeValues={":g": {"S": rng.choice(GSI_KEYS)}, ":s": {"S": "50#moved"}},
            )
        else:
            ddb.delete_item(TableName=table, Key=key)


def _q(table: str, attr: str, value: str, index: str | None = None, **more: Any) -> dict[str, Any]:
    names = {"#h": attr, **more.pop("names", {})}
    values = {":h": {"S": value}, **more.pop("values", {})}
    cond = "#h = :h" + more.pop("range", "")
    query = {"TableName": table, "KeyConditionExpression": cond, "ExpressionAttributeNames": names}
    query |= {"ExpressionAttributeValues": values, **more}
    return query | ({"IndexName": index} if index else {})


def _queries(table: str) -> list[dict[str, Any]]:
    out = []
    for p in PARTITIONS[:6]:
        out += [
            _q(table, "pk", p),
            _q(table, "pk", p, ScanIndexForward=False, Limit=7),
            _q(table, "pk", p, range=" AND begins_with(#r, :r)", names={"#r": "sk"}, values={":r": {"S": "B#"}}),
            _q(table, "pk", p, FilterExpression="n > :n", values={":n": {"N": "25"}}, Limit=5),
            _q(table, "pk", p, ProjectionExpression="sk, n"),
        ]
    for g in GSI_KEYS:
        between = " AND #r BETWEEN :a AND :b"
        out += [
            _q(table, "gsi1pk", g, "gsi1"),
            _q(table, "gsi1pk", g, "gsi1", ScanIndexForward=False, Limit=4),
            _q(
                table,
                "gsi1pk",
                g,
                "gsi1",
                range=between,
                names={"#r": "gsi1sk"},
                values={":a": {"S": "20"}, ":b": {"S": "60#~"}},
            ),
            _q(table, "gsi2pk", g, "gsi2", Limit=3, FilterExpression="n < :n", values={":n": {"N": "30"}}),
            _q(table, "gsi2pk", g, "gsi2", Select="COUNT"),
        ]
    return out + [_q(table, "pk", "P#none"), _q(table, "gsi1pk", "G#none", "gsi1")]


def _pages(ddb: Any, query: dict[str, Any]) -> list[dict[str, Any]]:
    pages, start = [], None
    while True:
        answer = ddb.query(**query, **({"ExclusiveStartKey": start} if start else {}))
        pages.append({k: answer.get(k) for k in ("Items", "Count", "LastEvaluatedKey")})
        start = answer.get("LastEvaluatedKey")
        if not start or len(pages) > 200:
            return pages


def test_emulator_query_by_partition_answers_as_the_whole_table_walk(table, monkeypatch):
    ddb = boto3.client("dynamodb")
    _random_table(ddb, table, random.Random(20261201))
    walks = 0
    original = moto_query_index._original_all_items

    def counted(self: Table) -> list[Any]:
        nonlocal walks
        walks += 1
        return original(self)

    monkeypatch.setattr(moto_query_index, "_original_all_items", counted)
    queries = _queries(table)
    fast = [_pages(ddb, q) for q in queries]
    fast_walks = walks
    monkeypatch.setattr(moto_query_index, "enabled", False)
    slow = [_pages(ddb, q) for q in queries]
    assert sum(len(p) for p in fast) > len(queries)  # paging happened
    assert sum(page["Count"] for pages in fast for page in pages) > 300
    for query, a, b in zip(queries, fast, slow, strict=True):
        assert a == b, query
    assert fast_walks <= 1  # the base table never, the indexes' map built once (no write in between)
    assert walks > len(queries)  # moto's own path walks the table for every page


def test_emulator_query_index_follows_writes_made_after_it_was_built(table, monkeypatch):
    """Updates that move items between index partitions, deletes, puts and a transaction, between queries."""
    ddb, rng = boto3.client("dynamodb"), random.Random(20261202)
    _random_table(ddb, table, rng)
    queries = _queries(table)
    [_pages(ddb, q) for q in queries]  # the maps exist now
    walks = 0
    original = moto_query_index._original_all_items

    def counted(self: Table) -> list[Any]:
        nonlocal walks
        walks += 1
        return original(self)

    monkeypatch.setattr(moto_query_index, "_original_all_items", counted)
    for round_ in range(3):
        _mutate(ddb, table, rng)
        g = {"S": rng.choice(GSI_KEYS)}
        ddb.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": table,
                        "Item": {
                            "pk": {"S": PARTITIONS[0]},
                            "sk": {"S": f"T#{round_}"},
                            "gsi1pk": g,
                            "gsi1sk": {"S": "77"},
                        },
                    }
                },
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"pk": {"S": PARTITIONS[1]}, "sk": {"S": f"T#{round_}"}},
                        "UpdateExpression": "SET gsi2pk = :g, gsi2sk = :s",
                        "ExpressionAttributeValues": {":g": g, ":s": {"S": "1"}},
                    }
                },
            ]
        )
        fast = [_pages(ddb, q) for q in queries]
        assert walks == 0  # kept up to date from the written keys, never rebuilt
        monkeypatch.setattr(moto_query_index, "enabled", False)
        slow = [_pages(ddb, q) for q in queries]
        monkeypatch.setattr(moto_query_index, "enabled", True)
        walks = 0
        for query, a, b in zip(queries, fast, slow, strict=True):
            assert a == b, query
