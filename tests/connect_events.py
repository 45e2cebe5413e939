"""Contact-flow events for tests: the committed real samples (tests/fixtures/connect) and variants derived from
them for what they do not cover. Nothing here is typed from scratch."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "connect"
SAMPLES = (
    "powertools_connectContactFlowEventAll.json",
    "powertools_connectContactFlowEventMin.json",
    "sam_generate_event_contact_flow.json",
)


def sample(name: str = "sam_generate_event_contact_flow.json") -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def call(
    phone: str | None,
    *,
    parameters: dict[str, str] | None = None,
    attributes: dict[str, str] | None = None,
    contact_id: str | None = None,
    base: str = "sam_generate_event_contact_flow.json",
) -> dict[str, Any]:
    """The SAM sample with this caller, parameters and attributes (a fresh contact id unless given)."""
    e = sample(base)
    data = e["Details"]["ContactData"]
    data["ContactId"] = data["InitialContactId"] = contact_id or str(uuid.uuid4())
    data["CustomerEndpoint"] = {"Address": phone, "Type": "TELEPHONE_NUMBER"} if phone else None
    data["Attributes"] = dict(attributes or {})
    e["Details"]["Parameters"] = dict(parameters or {})
    return e


def variants() -> dict[str, dict[str, Any]]:
    """What the samples lack: channels TASK/EMAIL, QUEUE_TRANSFER, no MediaStreams, Queue as string, withheld."""
    base = sample("powertools_connectContactFlowEventAll.json")
    out: dict[str, dict[str, Any]] = {}

    def v(name: str, change: Any) -> None:
        e = copy.deepcopy(base)
        change(e["Details"]["ContactData"])
        out[name] = e

    v("task_channel", lambda d: d.update(Channel="TASK", CustomerEndpoint=None))
    v(
        "email_channel",
        lambda d: d.update(Channel="EMAIL", CustomerEndpoint={"Address": "a@b.example", "Type": "EMAIL_ADDRESS"}),
    )
    v("queue_transfer", lambda d: d.update(InitiationMethod="QUEUE_TRANSFER"))
    v("no_media_streams", lambda d: d.pop("MediaStreams"))
    v("queue_as_string", lambda d: d.update(Queue=d["Queue"]["ARN"]))
    v("queue_null", lambda d: d.update(Queue=None))
    v("withheld_number", lambda d: d.update(CustomerEndpoint={"Address": "anonymous", "Type": "TELEPHONE_NUMBER"}))
    v("no_endpoint", lambda d: d.update(CustomerEndpoint=None))
    return out
