"""The layer ships botocore (pynamodb needs it, and the layer's copy shadows the runtime's); its data directory
holds the models of ~450 services (28 MB), and creating a client lists every one of them. The layer keeps only
the services its functions may call: those their IAM policies in template.yaml allow (a function cannot call a
service its role does not allow), mapped to botocore's names. A test checks that every client deployed code
creates is among them. Its `endpoints.json` (1.2 MB, parsed whenever a session creates its first client) keeps
those services' entries only; every other partition field stays, so regions and defaults resolve as before."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from infra.template import resources_of_type

# IAM action prefixes whose services botocore splits into several models.
BOTOCORE_NAMES = {
    "dynamodb": ("dynamodb", "dynamodbstreams"),
    "ses": ("ses", "sesv2"),
    "kinesisvideo": ("kinesisvideo", "kinesis-video-media", "kinesis-video-archived-media"),
    "lex": ("lexv2-runtime",),
    "states": ("stepfunctions",),
}


def layer_services(template: dict[str, Any]) -> set[str]:
    """botocore service names the IAM policies of the functions using the CRM layer allow actions of."""
    prefixes: set[str] = set()
    for res in resources_of_type(template, "AWS::Serverless::Function").values():
        props = res.get("Properties", {})
        if any(_is_crm_layer(layer) for layer in props.get("Layers") or []):
            prefixes |= {action.split(":")[0] for action in _actions(props.get("Policies"))}
    return {name for prefix in prefixes for name in BOTOCORE_NAMES.get(prefix, (prefix,))}


def trim(site: Path, keep: set[str]) -> int:
    """Remove the models of every other service from the layer's botocore; the number removed."""
    removed = 0
    for service in (site / "botocore" / "data").iterdir():
        if service.is_dir() and service.name not in keep:
            shutil.rmtree(service)
            removed += 1
    return removed


def trim_endpoints(site: Path, keep: set[str]) -> int:
    """Drop the other services from every partition in endpoints.json; the number of entries removed. Entries
    are keyed by the endpoint prefix in each kept service's model."""
    data = site / "botocore" / "data"
    prefixes = {_endpoint_prefix(data / name) for name in keep if (data / name).is_dir()}
    path = data / "endpoints.json"
    endpoints = json.loads(path.read_text())
    removed = 0
    for partition in endpoints["partitions"]:
        services = partition["services"]
        removed += len(services)
        partition["services"] = {k: v for k, v in services.items() if k in prefixes}
        removed -= len(partition["services"])
    path.write_text(json.dumps(endpoints, separators=(",", ":")))
    return removed


def _endpoint_prefix(service: Path) -> str:
    latest = max(v for v in service.iterdir() if v.is_dir())
    model = latest / "service-2.json.gz"
    raw = gzip.decompress(model.read_bytes()) if model.exists() else (latest / "service-2.json").read_bytes()
    return str(json.loads(raw)["metadata"]["endpointPrefix"])


def _is_crm_layer(layer: Any) -> bool:
    return layer == {"Ref": "CrmLayer"}


def _actions(node: Any) -> Iterator[str]:
    """Every action string under an `Action` key anywhere in a policy document (or a list of them)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Action":
                yield from [value] if isinstance(value, str) else [a for a in value if isinstance(a, str)]
            else:
                yield from _actions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _actions(item)
