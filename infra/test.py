"""`python3 -m infra.test [pytest args]`: set up .venv if needed, run the static checks, then every test.

Static checks, in order, each stopping the run on failure: ruff (lint, complexity), ruff format --check, mypy on
the deployed code (crm, the API, the Lambda handlers, the analytics jobs), import-linter (the contracts in
pyproject.toml: layers, contexts through their public modules), checkov on template.yaml with the waivers in
infra/checkov-waivers.yaml. Then the tests: the e2e tests (a local stack of their own on free ports, the console in
Chromium) and the unit tests in one pytest process while the integration tests (moto in-process) run in another,
each on one of the two cores CI has; the first one's output follows the other's. With pytest arguments, one
pytest runs just those. The console's browser tests use Debian's chromium, installed here when missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from infra.bootstrap import ROOT, ensure_venv

# the plain Lambda handlers: each directory is a function's code (its modules import each other by name)
HANDLER_DIRS = [f"functions/{d}" for d in ("connect", "jobs", "messaging", "streams", "workflows")]
JOB_DIRS = ["analytics_jobs"]  # the analytics jobs' container image
CHECKS: list[list[str]] = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy", "layers/crm/python/crm", "functions/api/app.py", "functions/api/chalicelib", *HANDLER_DIRS, *JOB_DIRS],
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
    if sys.argv[1:]:
        return subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT).returncode
    return run_in_two()


def run_in_two() -> int:
    """The e2e and unit tests beside the integration tests (about equal halves): two processes, the first one's
    output printed when both are done. The console is installed and built first, so the two never run npm in web/
    at once."""
    from infra.local_web import ensure_built

    ensure_built()
    with tempfile.TemporaryFile("w+") as e2e_out:
        first = [sys.executable, "-m", "pytest", "tests/e2e", "tests/unit"]
        e2e = subprocess.Popen(first, cwd=ROOT, stdout=e2e_out, stderr=subprocess.STDOUT)
        try:
            rest = subprocess.run([sys.executable, "-m", "pytest", "tests/integration"], cwd=ROOT)
            e2e.wait()
        finally:
            if e2e.poll() is None:
                e2e.terminate()
        e2e_out.seek(0)
        print("\n== the e2e and unit tests (run beside the above)", flush=True)
        print(e2e_out.read(), flush=True)
    return rest.returncode or (e2e.returncode or 0)


if __name__ == "__main__":
    sys.exit(main())
