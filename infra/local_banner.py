"""What `python3 -m infra.local` prints once the API answers: where everything is and what to try first."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def banner(
    args: argparse.Namespace, state: dict[str, Any], stack: Any, state_file: Path, outbox: Path, up_s: float
) -> str:
    from infra.functions import scheduled
    from infra.users import id_token

    api_url, seeded = state["api_url"], state["seeded"]
    token = id_token(state["client_id"], state["users"]["sales"], region=state["region"])
    if state["restored"]:
        data = f"data: carried on from {state_file.parent / 'state'} (saved at the last stop; --fresh starts over)"
    else:
        why = f" ({state['fresh_because']})" if state["fresh_because"] not in ("nothing saved yet", "not kept") else ""
        data = (
            f"data: a new stack{why}; demo: {seeded['created']} customers; history: {seeded.get('business') or 'none'}"
        )
    schedules = ", ".join(f"{s.logical_id} ({s.expression})" for s in scheduled(stack))
    every = f" -- overridden: every {args.schedule_every:g} s" if args.schedule_every else ""
    analytics = (
        "Analytics jobs are running once now in the background (a line says when they are done); "
        "run them again any time with `python3 -m infra.jobs`."
        if not seeded.get("complete", True)
        else "Analytics: `python3 -m infra.jobs` runs every job again now."
    )
    return f"""
CRM is up in {up_s:.1f} s   API {api_url} ({args.workers} workers)   moto {state["moto_url"]}
console: {state.get("console_url") or "not served (--no-console)"}   (sign in as any user below)
created from template.yaml: {", ".join(sorted(state["resources"]))}
served in-process (not emulated by moto): {", ".join(sorted(state["not_emulated"]))}
{data}
users (password {state["password"]}): {", ".join(state["users"].values())}
state (pool, client, env): {state_file}   logs (JSON, per function): {state_file.parent / "logs"}
sent email, one .eml file each: {outbox}   (python3 -m infra.mail list | links FILE | reply FILE)

Try it (token of sales@crm.local, valid 60 min; get another with `python3 -m infra.token sales`):
  TOKEN={token}
  curl -s {api_url}/health
  curl -s -H "Authorization: Bearer $TOKEN" '{api_url}/customers?limit=3'
  curl -s -H "Authorization: Bearer $TOKEN" '{api_url}/customers/lookup?email={seeded.get("example_email", "")}'
  curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' {api_url}/customers \\
       -d '{{"kind":"company","name":"Acme GmbH","phones":["030 1234567"],"address":{{"country":"DE"}}}}'
Scheduled functions run in this process: {schedules}{every}
The table stream feeds the domain-events, analytics and audit functions; each request and schedule run is a line below.
{analytics}
Ctrl-C stops everything and saves the data.
"""
