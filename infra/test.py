"""`python3 -m infra.test [pytest args]`: set up .venv if needed, run the static checks, then every test.

Static checks, in order, each stopping the run on failure: ruff (lint), ruff format --check, mypy on `crm` and
`functions`, import-linter (the layers and the independence of contexts, `.importlinter`), checkov on
template.yaml with the waivers in infra/checkov-waivers.yaml. The e2e tests start their own local stack on free
ports, so nothing needs to be running.
"""

from __future__ import annotations

import subprocess
import sys

from infra.bootstrap import ROOT, ensure_venv

CHECKS: list[list[str]] = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["infra.iac_scan"],
]


def main() -> int:
    ensure_venv("infra.test")
    for check in CHECKS:
        print(f"== python -m {' '.join(check)}", flush=True)
        result = subprocess.run([sys.executable, "-m", *check], cwd=ROOT)
        if result.returncode != 0:
            return result.returncode
    return subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
