"""Run the template's non-API Lambda functions locally: find each function's code and handler in template.yaml,
build the event AWS would send (EventBridge schedule, DynamoDB stream), and call the handler in-process.

The local stack runs scheduled functions on their template rate (or faster, for demos and e2e tests); tests
invoke them with the same events. Nothing here knows what a function does.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import re
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from infra.bootstrap import ROOT
from infra.provision import ACCOUNT_ID, Stack
from infra.template import api_functions

_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_UNIT = {"minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Scheduled:
    logical_id: str
    every_seconds: int | None  # None: a cron schedule (run on demand locally)
    expression: str
    name: str = ""  # the event's name in the template
    input: str | None = None  # the schedule's fixed Input (JSON): then that is the whole event


def functions(stack: Stack) -> dict[str, dict[str, Any]]:
    """The template's functions besides the API's, without those whose Condition is false for this stack."""
    api = api_functions(stack.template)
    return {
        k: v
        for k, v in stack.template["Resources"].items()
        if v["Type"] == "AWS::Serverless::Function"
        and k not in api
        and ("Condition" not in v or stack.resolver.condition(v["Condition"]))
    }


def api_environment(stack: Stack) -> dict[str, str]:
    """The API functions' environment, for one process that serves every route (the local stack, the tests):
    their variables merged, without the one that splits the routes among them."""
    env: dict[str, str] = {}
    for logical in api_functions(stack.template):
        env.update(stack.environment(logical))
    env.pop("API_ROUTES", None)
    env["POWERTOOLS_SERVICE_NAME"] = "crm-api"
    return env


def scheduled(stack: Stack) -> list[Scheduled]:
    out = []
    for logical, res in functions(stack).items():
        for name, event in res["Properties"].get("Events", {}).items():
            if event["Type"] not in ("Schedule", "ScheduleV2"):  # an EventBridge rule or a Scheduler schedule
                continue
            expr = event["Properties"].get("Schedule") or event["Properties"]["ScheduleExpression"]
            m = _RATE.fullmatch(expr)
            out.append(
                Scheduled(
                    logical,
                    int(m.group(1)) * _UNIT[m.group(2).rstrip("s")] if m else None,
                    expr,
                    name,
                    event["Properties"].get("Input"),
                )
            )
    return out


PER_FUNCTION = frozenset(
    {
        "POWERTOOLS_SERVICE_NAME",
        "DDB_CONNECT_TIMEOUT",
        "DDB_READ_TIMEOUT",
        "DDB_MAX_RETRIES",
        "HOOK_BUDGET_SECONDS",
        "CONNECT_INSTANCE_ID",
    }
)


def environment(stack: Stack) -> dict[str, str]:
    """Every function's environment merged (they share table, bucket and topic names); settings that belong to
    one function only (service name, the Connect hooks' short timeouts and budget) stay out."""
    env: dict[str, str] = {}
    for logical in functions(stack):
        env.update({k: v for k, v in stack.environment(logical).items() if k not in PER_FUNCTION})
    return env


_modules: dict[str, ModuleType] = {}


def handler(stack: Stack, logical_id: str) -> Any:
    res = stack.template["Resources"][logical_id]
    props = res["Properties"]
    if props.get("PackageType") == "Image":  # the image's CMD names the handler; its code is importable here
        command = props.get("ImageConfig", {}).get("Command")
        dockerfile = (ROOT / res["Metadata"]["Dockerfile"]).read_text()
        target = command[0] if command else re.search(r'^CMD \["([\w.]+)"\]', dockerfile, re.M).group(1)  # type: ignore[union-attr]
        module_name, func = target.rsplit(".", 1)
        return getattr(importlib.import_module(module_name), func)
    module_name, func = props["Handler"].rsplit(".", 1)
    path = ROOT / props["CodeUri"] / f"{module_name.replace('.', '/')}.py"
    key = str(path)
    if str(path.parent) not in sys.path:  # Lambda puts the CodeUri on the path: sibling modules import by name
        sys.path.insert(0, str(path.parent))
    if key not in _modules:
        spec = importlib.util.spec_from_file_location(f"lambda_{logical_id}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        _modules[key] = module
    return getattr(_modules[key], func)


class Context:
    """The attributes of a Lambda context that Powertools reads."""

    def __init__(self, name: str, timeout_s: int = 60) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 512
        self.invoked_function_arn = f"arn:aws:lambda:eu-west-1:{ACCOUNT_ID}:function:{name}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "local"
        self._deadline = datetime.now(UTC).timestamp() + timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - datetime.now(UTC).timestamp()) * 1000))


def schedule_event(stack: Stack, logical_id: str, at: datetime | None = None) -> dict[str, Any]:
    """The event EventBridge Scheduler/rules send (shape of `sam local generate-event cloudwatch scheduled-event`)."""
    at = at or datetime.now(UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": stack.region,
        "resources": [f"arn:aws:events:{stack.region}:{ACCOUNT_ID}:rule/{stack.name}-{logical_id}"],
        "detail": {},
    }


def run_scheduled(stack: Stack, logical_id: str, event_name: str | None = None) -> Any:
    """Invoke as the schedule would: its Input as the event when the template sets one, else the scheduled event."""
    sched = next((s for s in scheduled(stack) if s.logical_id == logical_id and event_name in (None, s.name)), None)
    event = json.loads(sched.input) if sched and sched.input else schedule_event(stack, logical_id)
    return handler(stack, logical_id)(event, Context(f"{stack.name}-{logical_id}"))


def code_dirs(stack: Stack) -> list[Path]:
    return sorted({ROOT / f["Properties"]["CodeUri"] for f in functions(stack).values()})


def stream_functions(stack: Stack) -> list[tuple[str, str, str]]:
    """(function logical id, table logical id, starting position) of every DynamoDB stream event source."""
    out = []
    for logical, res in functions(stack).items():
        for event in res["Properties"].get("Events", {}).values():
            if event["Type"] == "DynamoDB":
                table = event["Properties"]["Stream"]["Fn::GetAtt"]
                table = table.split(".")[0] if isinstance(table, str) else table[0]
                out.append((logical, table, event["Properties"].get("StartingPosition", "LATEST")))
    return out


def _matches(pattern: Any, value: Any) -> bool:
    """Equality patterns of Lambda event filtering: a dict matches key by key, a list is the allowed values."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and _matches(p, value[k]) for k, p in pattern.items())
    if any(isinstance(p, dict) for p in pattern):
        raise NotImplementedError(f"content filter {pattern} is not emulated; add it here")
    return value in pattern


class StreamPump:
    """Reads a table's stream like Lambda's event source mapping and invokes the function with each batch.

    Records arrive in the event shape Lambda delivers (`Records[].dynamodb`, `eventSourceARN`). As Lambda does
    with ReportBatchItemFailures, a batch with failed items is retried from the first failed record, up to the
    event source's MaximumRetryAttempts; then the batch's description goes to its OnFailure destination (an SQS
    dead-letter queue) with condition RetryAttemptsExhausted, and the pump moves past it.
    """

    def __init__(self, stack: Stack, function_id: str, table_id: str, position: str) -> None:
        import boto3

        self.stack, self.function_id = stack, function_id
        self.ddb, self.streams = boto3.client("dynamodb"), boto3.client("dynamodbstreams")
        self.arn = self.ddb.describe_table(TableName=stack.physical(table_id))["Table"]["LatestStreamArn"]
        self.position = position
        self.iterators: dict[str, str | None] = {}
        self.behind = False  # the last poll filled a batch
        self._shards_checked = -math.inf
        event = next(
            e["Properties"]
            for e in functions(stack)[function_id]["Properties"]["Events"].values()
            if e["Type"] == "DynamoDB"
        )
        self.max_retries = int(event.get("MaximumRetryAttempts", 0))
        target = event.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        self.dlq = target["Fn::GetAtt"][0] if isinstance(target, dict) else None
        self.patterns = [json.loads(f["Pattern"]) for f in event.get("FilterCriteria", {}).get("Filters", [])]
        self._open_shards()

    def _wanted(self, record: dict[str, Any]) -> bool:
        """Lambda's event filtering: a record is delivered when any pattern matches (no patterns: all are)."""
        return not self.patterns or any(_matches(p, record) for p in self.patterns)

    def _open_shards(self) -> None:
        """New shards get an iterator; asked at most every 30 s (a table's shards change over hours)."""
        if time.monotonic() < self._shards_checked + 30:
            return
        self._shards_checked = time.monotonic()
        for shard in self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]:
            if shard["ShardId"] not in self.iterators:
                self.iterators[shard["ShardId"]] = self.streams.get_shard_iterator(
                    StreamArn=self.arn, ShardId=shard["ShardId"], ShardIteratorType=self.position
                )["ShardIterator"]

    def poll(self, batch_size: int = 100) -> dict[str, Any] | None:
        """One batch from every shard; returns the function's response, or None when there was nothing new."""
        self._open_shards()
        records: list[dict[str, Any]] = []
        self.behind = False
        for shard, iterator in list(self.iterators.items()):
            if iterator is None:
                continue
            page = self.streams.get_records(ShardIterator=iterator, Limit=batch_size)
            self.iterators[shard] = page.get("NextShardIterator")
            self.behind |= len(page["Records"]) == batch_size  # more waiting: Lambda polls again at once
            for r in page["Records"]:
                r["eventSourceARN"] = self.arn
                created = r["dynamodb"].get("ApproximateCreationDateTime")
                if created is not None and hasattr(created, "timestamp"):  # boto3 parsed it; Lambda sends epoch
                    r["dynamodb"]["ApproximateCreationDateTime"] = int(created.timestamp())
                records.append(r)
        if not records:
            return None
        records = [r for r in records if self._wanted(r)]
        if not records:
            return {}  # everything new was filtered out: Lambda does not invoke the function
        fn = handler(self.stack, self.function_id)
        context = Context(f"{self.stack.name}-{self.function_id}")
        response = fn({"Records": records}, context)
        for attempt in range(self.max_retries + 1):
            failed = {f["itemIdentifier"] for f in (response or {}).get("batchItemFailures", [])}
            if not failed:
                return response
            first = next(i for i, r in enumerate(records) if r["dynamodb"]["SequenceNumber"] in failed)
            records = records[first:]
            if attempt < self.max_retries:
                response = fn({"Records": records}, context)
        self._to_dead_letter_queue(records, self.max_retries + 1)
        return response

    def _to_dead_letter_queue(self, records: list[dict[str, Any]], invocations: int) -> None:
        """The message Lambda sends to a stream source's OnFailure destination: where the batch is, not its data."""
        if self.dlq is None:
            return
        import json

        import boto3

        sqs = boto3.client("sqs")
        url = sqs.get_queue_url(QueueName=self.stack.resolver.attributes[self.dlq]["QueueName"])["QueueUrl"]
        sqs.send_message(
            QueueUrl=url,
            MessageBody=json.dumps(
                {
                    "requestContext": {
                        "condition": "RetryAttemptsExhausted",
                        "approximateInvokeCount": invocations,
                        "functionArn": f"{self.stack.name}-{self.function_id}",
                    },
                    "DDBStreamBatchInfo": {
                        "streamArn": self.arn,
                        "batchSize": len(records),
                        "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
                        "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
                    },
                }
            ),
        )


def queue_functions(stack: Stack) -> list[tuple[str, str]]:
    """(function logical id, queue logical id) of every SQS event source."""
    out = []
    for logical, res in functions(stack).items():
        for event in res["Properties"].get("Events", {}).values():
            if event["Type"] == "SQS":
                q = event["Properties"]["Queue"]["Fn::GetAtt"]
                out.append((logical, q.split(".")[0] if isinstance(q, str) else q[0]))
    return out


@functools.cache
def _sqs() -> Any:
    """One client for the life of the process: the pump runs every second and a new client costs ~30 ms."""
    import boto3

    return boto3.client("sqs")


def pump_queue(stack: Stack, function_id: str, queue_id: str, max_batches: int = 10) -> int:
    """Deliver waiting SQS messages to the function like Lambda's event source mapping (deleting the ones it
    did not report as failed). Returns how many were delivered."""
    sqs = _sqs()
    url = stack.physical(queue_id)
    delivered = 0
    for _ in range(max_batches):
        msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not msgs:
            break
        records = [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": {},
                "messageAttributes": {},
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{stack.region}:{ACCOUNT_ID}:{url.rsplit('/', 1)[-1]}",
                "awsRegion": stack.region,
            }
            for m in msgs
        ]
        result = handler(stack, function_id)({"Records": records}, Context(f"{stack.name}-{function_id}"))
        failed = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
        for m in msgs:
            if m["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        delivered += len(msgs)
    return delivered
