"""`python3 -m infra.test [pytest args]`: set up .venv if needed, lint (ruff, then checkov on template.yaml with
the waivers in infra/checkov-waivers.yaml), then run every test.

The e2e tests start their own local stack on free ports, so nothing needs to be running.
"""

from __future__ import annotations

import subprocess
import sys

from infra.bootstrap import ROOT, ensure_venv


def main() -> int:
    ensure_venv("infra.test")
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT)
    if lint.returncode != 0:
        return lint.returncode
    scan = subprocess.run([sys.executable, "-m", "infra.iac_scan"], cwd=ROOT)
    if scan.returncode != 0:
        return scan.returncode
    return subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
