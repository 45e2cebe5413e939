"""`python -m infra.openapi [--check]`: write docs/openapi.json from the app's routes (or fail if it is stale)."""

from __future__ import annotations

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
    ensure_venv("infra.openapi")
    text = render()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text() != text:
            print("docs/openapi.json is stale: run python3 -m infra.openapi", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
