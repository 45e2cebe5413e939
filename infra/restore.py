"""`python3 -m infra.restore`: prove that backups restore, on the running local stack (docs/operations.md,
"Recovery", has the runbook this follows in AWS).

  python3 -m infra.restore table                   an on-demand backup of CrmTable now, restored into a new table,
                                                   compared item by item with the source
  python3 -m infra.restore table --backup ARN      restore that backup instead (what was lost since shows as a
                                                   difference: the recovery point)
  python3 -m infra.restore table --latest          point-in-time recovery to the latest restorable time
  python3 -m infra.restore object BUCKET KEY       bring back a deleted or overwritten object of a versioned bucket
                                                   (the newest version that is not a delete marker)

The restored table keeps its own name (`<table>-restored-<time>`): in AWS the application is pointed at it, or its
items copied back, only after the comparison says it is whole.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from infra.bootstrap import ensure_venv


@dataclass
class Comparison:
    """A restored table against its source, item by item (keys and every attribute)."""

    source: str
    restored: str
    items: int = 0
    missing: list[dict[str, Any]] = field(default_factory=list)  # in the source, not restored
    extra: list[dict[str, Any]] = field(default_factory=list)  # restored, not in the source
    different: list[dict[str, Any]] = field(default_factory=list)  # the same key, other attributes
    schema_matches: bool = True

    @property
    def whole(self) -> bool:
        return self.schema_matches and not (self.missing or self.extra or self.different)

    def summary(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "restored": self.restored,
            "items": self.items,
            "missing": len(self.missing),
            "extra": len(self.extra),
            "different": len(self.different),
            "schema_matches": self.schema_matches,
            "whole": self.whole,
        }


def _items(ddb: Any, table: str, keys: list[str]) -> dict[tuple[str, ...], dict[str, Any]]:
    """Every item by its key (a Scan: an operator's check, never a request path)."""
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    for page in ddb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        for item in page["Items"]:
            out[tuple(json.dumps(item[k], sort_keys=True) for k in keys)] = item
    return out


def _shape(ddb: Any, table: str) -> tuple[Any, ...]:
    t = ddb.describe_table(TableName=table)["Table"]
    indexes = sorted((g["IndexName"], json.dumps(g["KeySchema"])) for g in t.get("GlobalSecondaryIndexes", []))
    return json.dumps(t["KeySchema"]), tuple(indexes)


def compare(ddb: Any, source: str, restored: str) -> Comparison:
    keys = [k["AttributeName"] for k in ddb.describe_table(TableName=source)["Table"]["KeySchema"]]
    result = Comparison(source, restored, schema_matches=_shape(ddb, source) == _shape(ddb, restored))
    want, got = _items(ddb, source, keys), _items(ddb, restored, keys)
    result.items = len(got)
    result.missing = [want[k] for k in want.keys() - got.keys()]
    result.extra = [got[k] for k in got.keys() - want.keys()]
    result.different = [got[k] for k in want.keys() & got.keys() if want[k] != got[k]]
    return result


def _active(ddb: Any, table: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while ddb.describe_table(TableName=table)["Table"]["TableStatus"] != "ACTIVE":
        if time.monotonic() > deadline:
            raise TimeoutError(f"{table} is not ACTIVE after {timeout:.0f} s")
        time.sleep(2)


def backup(ddb: Any, table: str) -> str:
    """An on-demand backup: a recovery point kept until deleted (PITR keeps 35 days of them)."""
    name = f"{table}-{datetime.now(UTC):%Y%m%dT%H%M%S}"[:255]
    return str(ddb.create_backup(TableName=table, BackupName=name)["BackupDetails"]["BackupArn"])


def restore_table(ddb: Any, table: str, backup_arn: str | None = None, latest: bool = False) -> str:
    """The backup (or the latest point in time) restored into a new table; its name."""
    target = f"{table}-restored-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    if latest:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=target, UseLatestRestorableTime=True)
    else:
        ddb.restore_table_from_backup(TargetTableName=target, BackupArn=backup_arn or backup(ddb, table))
    _active(ddb, target)
    return target


def restore_object(s3: Any, bucket: str, key: str) -> str | None:
    """A versioned bucket's deleted or overwritten object back: the delete marker removed, or the newest earlier
    version copied over the current one. The version now current (None: the key never existed)."""
    versions = s3.list_object_versions(Bucket=bucket, Prefix=key)  # newest first
    latest_marker = next((m for m in versions.get("DeleteMarkers", []) if m["Key"] == key and m["IsLatest"]), None)
    kept = [v for v in versions.get("Versions", []) if v["Key"] == key]
    earlier = next((v for v in kept if not v["IsLatest"]), None)
    if latest_marker is not None:
        s3.delete_object(Bucket=bucket, Key=key, VersionId=latest_marker["VersionId"])
    elif earlier is not None:
        s3.copy_object(
            Bucket=bucket,
            Key=key,
            CopySource={"Bucket": bucket, "Key": key, "VersionId": earlier["VersionId"]},
            ServerSideEncryption="aws:kms",
        )
    else:
        return kept[0]["VersionId"] if kept else None
    return str(s3.head_object(Bucket=bucket, Key=key).get("VersionId"))


def main() -> int:
    ensure_venv("infra.restore")
    p = argparse.ArgumentParser(prog="python3 -m infra.restore", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="what", required=True)
    t = sub.add_parser("table")
    t.add_argument("--table", default="CrmTable", help="the template's logical id (default CrmTable)")
    t.add_argument("--backup", default=None, help="restore this backup ARN (default: one made now)")
    t.add_argument("--latest", action="store_true", help="point-in-time recovery to the latest restorable time")
    o = sub.add_parser("object")
    o.add_argument("bucket", help="the template's logical id (e.g. MailBucket) or a bucket name")
    o.add_argument("key")
    p.add_argument("--state-file", default=None, help="the running local stack's state file")
    args = p.parse_args(sys.argv[1:])
    import boto3

    from infra.call import local_stack

    stack = local_stack(args.state_file)
    if args.what == "object":
        bucket = stack.created.get(args.bucket, args.bucket)
        print(
            json.dumps(
                {"bucket": bucket, "key": args.key, "version": restore_object(boto3.client("s3"), bucket, args.key)}
            )
        )
        return 0
    ddb, source = boto3.client("dynamodb"), stack.physical(args.table)
    started = time.perf_counter()
    target = restore_table(ddb, source, args.backup, args.latest)
    restored_s = time.perf_counter() - started
    result = compare(ddb, source, target)
    print(
        json.dumps(
            {
                **result.summary(),
                "restore_s": round(restored_s, 1),
                "compare_s": round(time.perf_counter() - started - restored_s, 1),
            }
        )
    )
    return 0 if result.whole else 1


if __name__ == "__main__":
    sys.exit(main())
