"""Documents generated from the code and the template stay current, and docs say what is (no issue history)."""

from __future__ import annotations

import re

from infra.bootstrap import ROOT
from infra.operations_doc import DOC, render


def test_operations_functions_table_matches_the_template():
    assert DOC.read_text() == render(), "docs/operations.md is stale: run python3 -m infra.operations_doc"


def test_docs_and_docstrings_name_no_issue_numbers():
    places = [*ROOT.glob("docs/*.md"), ROOT / "README.md", *ROOT.glob("layers/crm/python/crm/**/*.py")]
    places += [*ROOT.glob("functions/**/*.py"), *ROOT.glob("analytics_jobs/*.py")]
    found = [
        f"{p.relative_to(ROOT)}: {m.group(0)}" for p in places for m in re.finditer(r"\b[Ii]ssue \d+", p.read_text())
    ]
    assert found == []
