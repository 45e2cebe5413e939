"""The local stack's mail outbox: every raw email the emulated SES accepts is also written to MAIL_OUTBOX_DIR as
an .eml file a person can open (python3 -m infra.mail reads them). A message whose HTML shows inline images
(the managers' report) is also written as .html with the images embedded, ready for a browser. An emulator
patch: deployed code sends through SES and knows nothing of it."""

from __future__ import annotations

import base64
import os
import re
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from moto.ses.models import SESBackend


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "message"


def _html_with_images(msg: EmailMessage) -> str | None:
    html = msg.get_body(preferencelist=("html",))
    if html is None or "cid:" not in html.get_content():
        return None
    page = html.get_content()
    for part in msg.walk():
        cid = (part.get("Content-ID") or "").strip("<>")
        if cid and part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_payload(decode=True)).decode()
            page = page.replace(f"cid:{cid}", f"data:{part.get_content_type()};base64,{data}")
    return page


def write(raw: bytes, directory: Path) -> list[Path]:
    """The message as .eml (and .html when it shows inline images); returns the files written."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{_slug(str(msg.get('Subject', '')))}"
    files = [directory / f"{stem}.eml"]
    files[0].write_bytes(raw)
    page = _html_with_images(msg)  # type: ignore[arg-type]
    if page is not None:
        files.append(directory / f"{stem}.html")
        files[1].write_text(page)
    return files


def install() -> None:
    """Wrap the emulated SES so each accepted raw message also lands in MAIL_OUTBOX_DIR (when it is set)."""
    original = SESBackend.send_raw_email
    if getattr(original, "__crm_outbox__", False):
        return

    def send_raw_email(self: SESBackend, source: str, destinations: list[str], raw_data: str) -> Any:
        message = original(self, source, destinations, raw_data)
        directory = os.environ.get("MAIL_OUTBOX_DIR")
        if directory:
            write(raw_data.encode() if isinstance(raw_data, str) else raw_data, Path(directory))
        return message

    send_raw_email.__crm_outbox__ = True  # type: ignore[attr-defined]
    SESBackend.send_raw_email = send_raw_email  # type: ignore[method-assign]
