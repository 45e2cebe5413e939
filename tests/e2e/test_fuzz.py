"""schemathesis against the local stack's own OpenAPI document: every operation, as every group, with generated
valid and invalid input; zero 5xx and zero responses that break the document. Runs last (it leaves random data
behind); `python3 -m infra.fuzz --examples 25` is the longer run."""

from __future__ import annotations

import pytest

from infra.fuzz import fuzz

pytestmark = [pytest.mark.e2e, pytest.mark.runs_last]


def test_every_operation_as_every_group_answers_as_documented_and_never_5xx(stack, login):
    tokens = {group: login(group) for group in stack["users"]}
    report = fuzz(stack["api_url"], tokens, examples=2)
    print(f"\nfuzz: {report.calls} calls in {report.seconds:.0f} s, statuses {dict(sorted(report.by_status.items()))}")
    from chalicelib.table import SPECS

    every = {(spec.method, spec.path, group) for spec in SPECS for group in tokens}
    assert sorted(every - report.called) == []  # every operation of the route table ran as every group
    assert report.server_errors == 0
    assert report.failures == []
