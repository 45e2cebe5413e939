"""Stdlib only: make sure .venv exists with the project installed, then re-run the command inside it.

This is what lets README's two commands work on a machine with nothing but Python 3.11 and pip.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"


def _stamp() -> Path:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return VENV / f".installed-{digest}"


def ensure_venv(module: str, extras: str = "dev") -> None:
    """Return when running inside an up-to-date .venv; otherwise set it up and exec `python -m module`."""
    inside = Path(sys.prefix).resolve() == VENV.resolve()
    if inside and _stamp().exists():
        return
    if not PYTHON.exists():
        print(f"creating {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    if not _stamp().exists():
        print(f"installing the project with extras [{extras}] into .venv (first run only) ...", flush=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip<26.3"], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "-e", f".[{extras}]"], cwd=ROOT, check=True)
        for old in VENV.glob(".installed-*"):
            old.unlink()
        _stamp().touch()
    os.chdir(ROOT)
    os.execv(str(PYTHON), [str(PYTHON), "-m", module, *sys.argv[1:]])
