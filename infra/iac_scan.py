"""`python3 -m infra.iac_scan`: checkov on template.yaml; every failure must be waived in infra/checkov-waivers.yaml.

checkov pins dozens of libraries that clash with the project's, so it lives in its own venv (.venv-iac, made on
first use). The scan fails on any failed check no waiver covers, and on a waiver that no longer matches anything
(so the list never outlives the reasons). The test command runs it after ruff.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT

CHECKOV = "checkov==3.3.30"
IAC_VENV = ROOT / ".venv-iac"
WAIVERS = ROOT / "infra" / "checkov-waivers.yaml"


def _checkov() -> Path:
    exe = IAC_VENV / "bin" / "checkov"
    stamp = IAC_VENV / f".installed-{CHECKOV}"
    if not stamp.exists():
        print(f"installing {CHECKOV} into {IAC_VENV.name} (first run only) ...", flush=True)
        venv.create(IAC_VENV, with_pip=True, clear=True)
        pip = subprocess.run(
            [str(IAC_VENV / "bin" / "python"), "-m", "pip", "install", "-q", CHECKOV], capture_output=True, text=True
        )
        if pip.returncode:
            raise RuntimeError(f"installing {CHECKOV} failed:\n{pip.stderr[-3000:]}")
        stamp.touch()
    return exe


def failures(template: Path = ROOT / "template.yaml") -> tuple[list[tuple[str, str, str]], int]:
    """(check id, logical id, title) of every failed check, and the number of passed checks."""
    proc = subprocess.run(
        [
            str(_checkov()),
            "-f",
            str(template),
            "--framework",
            "cloudformation",
            "-o",
            "json",
            "--quiet",
            "--skip-download",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"checkov failed to run:\n{proc.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(proc.stdout)
    results = report.get("results", {})
    failed = [
        (c["check_id"], c["resource"].split(".", 1)[1], c["check_name"]) for c in results.get("failed_checks", [])
    ]
    passed = report.get("summary", {}).get("passed", len(results.get("passed_checks", [])))
    return failed, passed


def load_waivers(path: Path = WAIVERS) -> list[dict[str, Any]]:
    import yaml

    waivers = yaml.safe_load(path.read_text())
    for w in waivers:
        if not w.get("why") or not w.get("check") or not w.get("resources"):
            raise ValueError(f"{path.name}: every waiver needs check, resources and why: {w}")
    return waivers


def covered(waiver: dict[str, Any], check: str, resource: str) -> bool:
    return waiver["check"] == check and (waiver["resources"] == "*" or resource in waiver["resources"])


def main() -> int:
    argparse.ArgumentParser(prog="python3 -m infra.iac_scan", description=(__doc__ or "").splitlines()[0]).parse_args()
    from infra.bootstrap import ensure_venv

    ensure_venv("infra.iac_scan")
    failed, passed = failures()
    waivers = load_waivers()
    open_failures = [f for f in failed if not any(covered(w, f[0], f[1]) for w in waivers)]
    unused = [w for w in waivers if not any(covered(w, c, r) for c, r, _ in failed)]
    waived = len(failed) - len(open_failures)
    print(
        f"checkov on template.yaml: {passed} passed, {waived} waived (infra/checkov-waivers.yaml), "
        f"{len(open_failures)} failed"
    )
    for check, resource, title in open_failures:
        print(f"  FAILED {check} {resource}: {title}")
    for w in unused:
        print(f"  STALE waiver {w['check']} for {w['resources']}: nothing fails it any more; remove it")
    return 1 if open_failures or unused else 0


if __name__ == "__main__":
    sys.exit(main())
