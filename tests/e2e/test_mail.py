"""Issue 7's "tried as a new user would", over HTTP against the local stack and its .eml outbox: subscribe and
confirm by link, receive a campaign, unsubscribe with one click, receive nothing more, reply by email."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e
EMAIL = "e2e.reader@mailtest.example"


def _mails(stack: dict) -> list:
    box = Path(stack["environment"]["MAIL_OUTBOX_DIR"])
    out = []
    for f in sorted(box.glob("*.eml")):
        m = BytesParser(policy=policy.default).parsebytes(f.read_bytes())
        if m["To"] == EMAIL:
            out.append((f, m))
    return out


def _wait_for(stack: dict, count: int, seconds: float = 20) -> list:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if len(found := _mails(stack)) >= count:
            return found
        time.sleep(0.5)
    return _mails(stack)


def test_subscribe_confirm_campaign_unsubscribe_nothing_more_and_reply(stack, login):
    api = stack["api_url"]
    h = lambda role: {"Authorization": f"Bearer {login(role)}", "Content-Type": "application/json"}  # noqa: E731
    customer = requests.post(
        f"{api}/customers",
        headers=h("sales"),
        timeout=30,
        data=json.dumps({"kind": "person", "first_name": "Rita", "last_name": "Reader", "emails": [EMAIL]}),
    ).json()
    nl = requests.post(
        f"{api}/newsletters",
        headers=h("manager"),
        timeout=30,
        data=json.dumps({"name": "Workshop news", "wording_version": "v3"}),
    ).json()
    requests.put(
        f"{api}/message-templates/workshop/en",
        headers=h("manager"),
        timeout=30,
        data=json.dumps(
            {
                "subject": "Workshop news for {first_name}",
                "text": "New dates are out.",
                "html": '<p>New dates: <a href="https://example.com/dates">see them</a></p>',
            }
        ),
    )

    r = requests.post(
        f"{api}/newsletters/{nl['list_id']}/subscribe",
        timeout=30,
        json={"email": EMAIL, "first_name": "Rita", "source": "e2e-form"},
    )  # no login
    assert r.status_code == 202
    ((_, confirm),) = _wait_for(stack, 1)
    link = re.search(
        r"(http://\S+/newsletters/confirm\?token=\S+)", confirm.get_body(preferencelist=("plain",)).get_content()
    ).group(1)
    assert requests.get(link, timeout=30).status_code == 200

    campaign = requests.post(
        f"{api}/campaigns",
        headers=h("manager"),
        timeout=30,
        data=json.dumps({"name": "Dates", "template": "workshop", "list_id": nl["list_id"]}),
    ).json()
    assert (
        requests.post(f"{api}/campaigns/{campaign['campaign_id']}/launch", headers=h("manager"), timeout=30).json()[
            "queued"
        ]
        == 1
    )
    mails = _wait_for(stack, 2)
    assert len(mails) == 2 and mails[1][1]["Subject"] == "Workshop news for Rita"
    news_file, news = mails[1]
    one_click = re.search(r"<(http://[^>]+/unsubscribe\?token=[^>]+)>", news["List-Unsubscribe"]).group(1)
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    bad = requests.post(
        one_click[:-3] + "xyz",
        data="List-Unsubscribe=One-Click",
        timeout=30,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert bad.status_code == 400
    done = requests.post(
        one_click,
        data="List-Unsubscribe=One-Click",
        timeout=30,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200

    again = requests.post(
        f"{api}/campaigns",
        headers=h("manager"),
        timeout=30,
        data=json.dumps({"name": "More dates", "template": "workshop", "list_id": nl["list_id"]}),
    ).json()
    assert (
        requests.post(f"{api}/campaigns/{again['campaign_id']}/launch", headers=h("manager"), timeout=30).json()[
            "queued"
        ]
        == 0
    )
    time.sleep(2)
    assert len(_mails(stack)) == 2  # nothing more

    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "infra.mail",
            "reply",
            str(news_file),
            "--text",
            "Please book me in",
            "--state-file",
            stack["state_file"],
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    timeline = requests.get(
        f"{api}/customers/{customer['customer_id']}/timeline", headers=h("sales"), timeout=30
    ).json()
    reply = next(e for e in timeline["items"] if e["summary"].startswith(f"Email from {EMAIL}"))
    assert reply["body"] == "Please book me in" and urlparse(link).path == "/newsletters/confirm"
