"""`python -m infra.openapi [--check]`: write docs/openapi.json from the app's routes (or fail if it is stale)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from infra.bootstrap import ROOT, ensure_venv

TARGET = ROOT / "docs" / "openapi.json"


def render() -> str:
    sys.path.insert(0, str(ROOT / "functions" / "api"))
    os.environ.setdefault("PUBLIC_API_URL", "https://api.example.com")  # the route table is read; no link is built
    from chalicelib.openapi import document
    from chalicelib.table import SPECS

    return json.dumps(document(SPECS), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(prog="python3 -m infra.openapi", description=(__doc__ or "").splitlines()[0])
    p.add_argument("--check", action="store_true", help="fail when the committed file is stale; write nothing")
    args = p.parse_args()
    ensure_venv("infra.openapi")
    text = render()
    if args.check:
        if not TARGET.exists() or TARGET.read_text() != text:
            print("docs/openapi.json is stale: run python3 -m infra.openapi", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
