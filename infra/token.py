"""`python3 -m infra.token GROUP`: print a fresh ID token of that group's demo user (local stack running)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from infra.bootstrap import ROOT, ensure_venv


def main() -> int:
    p = argparse.ArgumentParser(prog="python3 -m infra.token", description=(__doc__ or "").splitlines()[0])
    p.add_argument(
        "group",
        nargs="?",
        default="sales",
        help="a Cognito group: sales, agent, manager, admin, ..., customer (the portal's demo customer)",
    )
    group = p.parse_args().group
    ensure_venv("infra.token")
    state = json.loads((ROOT / ".local" / "stack.json").read_text())
    os.environ.update(state["environment"])
    from infra.users import id_token

    client = state["portal_client_id"] if group == "customer" else state["client_id"]  # the portal's own client
    print(id_token(client, state["users"][group], state["password"], state["region"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
