"""`python3 -m infra.token GROUP`: print a fresh ID token of that group's demo user (local stack running)."""

from __future__ import annotations

import json
import os
import sys

from infra.bootstrap import ROOT, ensure_venv


def main() -> int:
    ensure_venv("infra.token")
    group = sys.argv[1] if len(sys.argv) > 1 else "sales"
    state = json.loads((ROOT / ".local" / "stack.json").read_text())
    os.environ.update(state["environment"])
    from infra.users import id_token

    print(id_token(state["client_id"], state["users"][group], state["password"], state["region"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
