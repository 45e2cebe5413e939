"""`python3 -m infra.test [pytest args]`: set up .venv if needed, run the static checks, then every test.

Static checks, in order, each stopping the run on failure: ruff (lint, complexity), ruff format --check, mypy on
the deployed code (crm, the API, the Lambda handlers, the analytics jobs), import-linter (the contracts in
pyproject.toml: layers, contexts through their public modules), checkov on template.yaml with the waivers in
infra/checkov-waivers.yaml. The e2e tests start their own local stack on free
ports, so nothing needs to be running; the console's browser tests use Debian's chromium, installed here when
missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from infra.bootstrap import ROOT, ensure_venv

# the plain Lambda handlers: each directory is a function's code (its modules import each other by name)
HANDLER_DIRS = ["functions/connect", "functions/jobs", "functions/messaging", "functions/streams"]
CHECKS: list[list[str]] = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy", "layers/crm/python/crm", "functions/api/app.py", "functions/api/chalicelib", *HANDLER_DIRS],
    ["importlinter", "--no-cache"],
    ["infra.iac_scan"],
]


ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "functions" / "api"), str(ROOT)])}


CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium() -> None:
    """The console's browser tests drive Debian's Chromium (no browser download): install it when missing."""
    if CHROMIUM.exists():
        return
    print("installing Debian's chromium for the console's browser tests ...", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=False)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "chromium"], env=env, check=True)


def main() -> int:
    ensure_venv("infra.test")
    ensure_chromium()
    for check in CHECKS:
        print(f"== {' '.join(check[:3])}", flush=True)
        command = (
            [str(Path(sys.executable).parent / "lint-imports"), *check[1:]]
            if check[0] == "importlinter"
            else [sys.executable, "-m", *check]
        )
        result = subprocess.run(command, cwd=ROOT, env=ENV)
        if result.returncode != 0:
            return result.returncode
    return subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
