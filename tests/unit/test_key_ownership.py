"""Each context spells its keys in one module: its repository (the privacy context's audit module and the
kernel's throttle are their own only stores). A key literal anywhere else in deployed code means a second owner,
which this test names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOYED = [ROOT / "layers/crm/python/crm", ROOT / "functions", ROOT / "analytics_jobs"]
KEY = re.compile(r"^[!#]?[A-Z][A-Z_]+#")


def _docstrings(tree: ast.Module) -> set[int]:
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef))]
    return {
        id(body[0].value)
        for body in (n.body for n in nodes)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    }


def key_literals(path: Path, root: Path = ROOT) -> list[str]:
    """String constants (and the leading text of f-strings) that look like a key prefix, docstrings aside."""
    tree = ast.parse(path.read_text(), str(path))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            skip.add(id(node.values[0]))
            text = str(node.values[0].value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
        else:
            continue
        if KEY.match(text):
            found.append(f"{path.relative_to(root)}:{node.lineno} {text!r}")
    return found


def _owner(path: Path) -> bool:
    return path.name == "repository.py" or path.as_posix().endswith(("privacy/audit.py", "crm/throttle.py"))


def test_key_literals_appear_only_in_their_contexts_repository_modules() -> None:
    files = [p for base in DEPLOYED for p in base.rglob("*.py")]
    strays = [hit for p in files if not _owner(p) for hit in key_literals(p)]
    assert strays == []


def test_the_check_sees_a_key_written_outside_a_repository(tmp_path: Path) -> None:
    stray = tmp_path / "service.py"
    stray.write_text('"""Mentions ORDER#<id> in prose."""\nKEY = f"CUSTORDERS#{1}"\nOTHER = "!ID#PHONE#"\n')
    hits = [h.split(" ", 1)[1] for h in key_literals(stray, tmp_path)]
    assert hits == ["'CUSTORDERS#'", "'!ID#PHONE#'"]
