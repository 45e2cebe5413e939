"""The console's own checks: ESLint, Vitest, and the bundle budget (initial JavaScript <= 300 KB gzip), on the
same build the local stack serves."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from infra.bootstrap import ROOT

WEB = ROOT / "web"
BUDGET_KB = 300
pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="Node and npm are part of the dev setup")


@pytest.fixture(scope="module")
def node_modules() -> Path:
    if not (WEB / "node_modules" / ".bin" / "vite").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True, capture_output=True)
    return WEB / "node_modules" / ".bin"


def test_console_passes_eslint(node_modules: Path):
    run = subprocess.run([str(node_modules / "eslint"), "."], cwd=WEB, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_console_unit_tests_pass(node_modules: Path):
    run = subprocess.run([str(node_modules / "vitest"), "run"], cwd=WEB, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_initial_javascript_fits_the_budget(node_modules: Path, tmp_path: Path):
    subprocess.run(
        [str(node_modules / "vite"), "build", "--outDir", str(tmp_path)], cwd=WEB, check=True, capture_output=True
    )
    index = (tmp_path / "index.html").read_text()
    initial = re.findall(r'src="/(assets/[^"]+\.js)"', index) + re.findall(r'href="/(assets/[^"]+\.js)"', index)
    assert initial, index
    size = sum(len(gzip.compress((tmp_path / p).read_bytes())) for p in initial) / 1024
    print(f"initial JavaScript: {size:.0f} KB gzip (budget {BUDGET_KB})")
    assert size <= BUDGET_KB
