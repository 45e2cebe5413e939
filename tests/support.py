"""Small helpers shared by the test suites (kept out of conftest files so importing them starts nothing)."""

from __future__ import annotations

import socket
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def company(name: str = "Acme Maschinenbau GmbH", **extra: Any) -> dict[str, Any]:
    """A typical company body a web client sends."""
    body = {
        "kind": "company",
        "name": name,
        "emails": ["Info@Acme.example"],
        "phones": ["030 1234567"],
        "address": {"line1": "Hauptstraße 1", "city": "Berlin", "country": "DE", "latitude": 52.52, "longitude": 13.4},
        "tags": ["vip"],
        "owner": "sales@crm.local",
    }
    body.update(extra)
    return body


def ses_outbox() -> list:
    """Every email moto's SES accepted (in this process), parsed as the real MIME it is."""
    from email import policy
    from email.parser import BytesParser

    from moto.ses.models import ses_backends

    backend = ses_backends["123456789012"]["eu-west-1"]
    return [
        BytesParser(policy=policy.default).parsebytes(
            m.raw_data.encode() if isinstance(m.raw_data, str) else m.raw_data
        )
        for m in backend.sent_messages
    ]
