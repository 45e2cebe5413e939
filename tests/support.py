"""Small helpers shared by the test suites (kept out of conftest files so importing them starts nothing)."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


def sms_outbox() -> list[dict[str, str]]:
    """Every text message moto's SNS accepted (in this process), oldest first."""
    from moto.sns.models import sns_backends

    backend = sns_backends["123456789012"]["eu-west-1"]
    return [{"PhoneNumber": number, "Message": text} for number, text in backend.sms_messages.values()]


def links(msg: Any, kind: str = "html") -> list[str]:
    """The links of an email's HTML (href) or text part."""
    import re

    body = msg.get_body(preferencelist=(kind,)).get_content()
    return re.findall(r'href="([^"]+)"', body) if kind == "html" else re.findall(r"https?://\S+", body)


def path_of(url: str) -> str:
    """A link's path and query, as the API in-process is called."""
    from urllib.parse import urlparse

    u = urlparse(url)
    return f"{u.path}?{u.query}"


def deliver_campaign_queue(aws: dict) -> list[dict]:
    """Hand the campaign queue's messages to the template's SendWorkerFunction as SQS would."""
    import boto3

    from infra.functions import Context, handler

    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=aws["stack"].physical("CampaignSendQueue").rsplit("/", 1)[-1])["QueueUrl"]
    records = []
    while msgs := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for m in msgs:
            records.append(
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": {},
                    "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:q",
                    "awsRegion": "eu-west-1",
                }
            )
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    if records:
        out = handler(aws["stack"], "SendWorkerFunction")({"Records": records}, Context("SendWorkerFunction"))
        assert out == {"batchItemFailures": []}
    return records


class Receiver:
    """An HTTP endpoint that records what it got and answers with `status`."""

    def __init__(self, status: int = 200) -> None:
        self.got: list[dict] = []
        self.status = status
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.got.append({"headers": self.headers, "body": body})  # case-insensitive names
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def drain_queue(stack: Any, queue: str) -> None:
    """Delete what waits in a template queue (messages other tests left; PurgeQueue is allowed once a minute)."""
    import boto3

    sqs, url = boto3.client("sqs"), stack.physical(queue)
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for m in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
