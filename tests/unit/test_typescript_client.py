"""The console's client is generated from docs/openapi.json by openapi-typescript: the committed types are
current, compile under `tsc --strict`, and type every JSON answer (none comes out `unknown`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from infra.bootstrap import ROOT

WEB = ROOT / "web"
SCHEMA = WEB / "src" / "api" / "schema.d.ts"
pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="Node and npm are part of the dev setup")


@pytest.fixture(scope="module")
def node_modules() -> Path:
    if not (WEB / "node_modules" / ".bin" / "openapi-typescript").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True, capture_output=True)
    return WEB / "node_modules" / ".bin"


def test_generated_types_are_current(node_modules: Path, tmp_path: Path):
    fresh = tmp_path / "schema.d.ts"
    subprocess.run(
        [str(node_modules / "openapi-typescript"), str(ROOT / "docs" / "openapi.json"), "-o", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert SCHEMA.read_text() == fresh.read_text(), "stale: run `npm run gen:api` in web/"


def test_generated_client_compiles_strict_with_every_answer_typed(node_modules: Path):
    result = subprocess.run([str(node_modules / "tsc"), "--noEmit", "-p", str(WEB)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    untyped = re.findall(r'"application/json": (unknown|Record<string, never>)', SCHEMA.read_text())
    assert untyped == []
