"""`python3 -m infra.mail`: the local stack's mailbox. Every email the CRM sends is an .eml file in the outbox
folder (open it in any mail client); this command lists them, shows their links, and answers one as the
recipient would — the reply goes the way SES delivers it (stored in the mail bucket's inbound/ prefix) and the
template's inbound-email function puts it on the customer's timeline.

  python3 -m infra.mail list
  python3 -m infra.mail links 20261124T221500-confirm_x.eml
  python3 -m infra.mail reply 20261124T221500-msg_x.eml --text "Yes, please call me"
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid
from pathlib import Path

from infra.bootstrap import ROOT, ensure_venv


def _read(path: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())  # type: ignore[return-value]


def main() -> int:
    ensure_venv("infra.mail")
    p = argparse.ArgumentParser(prog="python3 -m infra.mail", description=__doc__.splitlines()[0])
    p.add_argument("command", choices=["list", "links", "reply"])
    p.add_argument("file", nargs="?")
    p.add_argument("--text", default="Thank you, please call me back.")
    p.add_argument("--state-file", default=str(ROOT / ".local" / "stack.json"))
    args = p.parse_args(sys.argv[1:])
    state = json.loads(Path(args.state_file).read_text())
    os.environ.update(state["environment"])
    outbox = Path(state["environment"]["MAIL_OUTBOX_DIR"])
    if args.command == "list":
        for f in sorted(outbox.glob("*.eml")):
            m = _read(f)
            print(f"{f.name}\n    to {m['To']}: {m['Subject']}")
        return 0
    path = outbox / args.file if not Path(args.file).exists() else Path(args.file)
    msg = _read(path)
    if args.command == "links":
        for part in ("html", "plain"):
            body = msg.get_body(preferencelist=(part,))
            if body is not None:
                found = (
                    re.findall(r'href="([^"]+)"', body.get_content())
                    if part == "html"
                    else re.findall(r"https?://\S+", body.get_content())
                )
                for url in dict.fromkeys(found):
                    print(url)
        if msg["List-Unsubscribe"]:
            print(f"List-Unsubscribe: {msg['List-Unsubscribe']}  (one click = POST)")
        return 0
    reply = EmailMessage()
    reply["From"], reply["To"] = msg["To"], f"reply@{str(msg['From']).split('@')[-1]}"
    reply["Subject"] = f"Re: {msg['Subject']}"
    reply["Message-ID"], reply["In-Reply-To"] = make_msgid(domain="customer.example"), msg["Message-ID"]
    reply.set_content(f"{args.text}\n\nOn an earlier day, the CRM wrote:\n> {msg['Subject']}")
    from infra.call import local_stack
    from infra.functions import Context, handler

    globals_state = Path(args.state_file)
    import infra.call as call_module

    call_module.STATE_FILE = globals_state
    stack = local_stack()
    import boto3

    bucket = stack.physical("MailBucket")
    key = f"inbound/{reply['Message-ID'].strip('<>')}"
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=reply.as_bytes())
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "awsRegion": stack.region,
                "s3": {"bucket": {"name": bucket}, "object": {"key": key}},
            }
        ]
    }
    out = handler(stack, "InboundEmailFunction")(event, Context("InboundEmailFunction"))
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
