"""One moto server for the whole test session, with template.yaml's resources created in it, unless only unit
tests run: they need no AWS, and get an endpoint that refuses every connection, so a unit test that reached
AWS would fail.

This runs before any test imports `crm`, so settings (table names, user pool) come from the template, exactly
as the API function would get them. Tests that need clean data use the `clean_tables` fixture.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from tests.support import free_port


def start_session() -> dict:
    """moto in this process with template.yaml's resources and the demo users (the integration tests' AWS; the
    benchmarks that run product code in-process use it too)."""
    from moto.server import ThreadedMotoServer

    from infra.local import local_aws_environment

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    os.environ.update(local_aws_environment(url))
    from infra import moto_patches

    moto_patches.apply()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    from infra.provision import provision

    stack = provision("crm-test", "eu-west-1")
    from infra import local_lambda

    local_lambda.install(stack)
    from infra.functions import api_environment
    from infra.functions import environment as functions_environment

    env = {**functions_environment(stack), **api_environment(stack)}
    env["PUBLIC_API_URL"] = "https://crm.test"
    from infra import lex_runtime

    env["AWS_ENDPOINT_URL_LEX_RUNTIME_V2"] = lex_runtime.serve("127.0.0.1", stack)  # moto has no Lex runtime
    os.environ.update(env)
    from infra.users import create_demo_users, link_portal_user

    users = create_demo_users(stack.physical("UserPool"), "eu-west-1")
    # the portal's user in the group matrix: linked to a customer id the tests need not create
    users["customer"] = link_portal_user(stack.physical("UserPool"), "eu-west-1", "customer@crm.local", "C-MATRIX")
    return {"server": server, "stack": stack, "users": users, "url": url}


UNIT = Path(__file__).parent / "unit"
NO_AWS = {
    "AWS_ENDPOINT_URL": "http://127.0.0.1:9",  # the discard port: nothing answers
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "unit-tests",
    "AWS_SECRET_ACCESS_KEY": "unit-tests",
    "PUBLIC_API_URL": "https://crm.test",
}
SESSION: dict = {}


def _unit_only(config: pytest.Config) -> bool:
    paths = [Path(str(a).split("::")[0]).resolve() for a in config.args]
    return bool(paths) and all(p == UNIT or UNIT in p.parents for p in paths)


def pytest_configure(config: pytest.Config) -> None:
    if _unit_only(config):
        os.environ.update(NO_AWS)
    else:
        SESSION.update(start_session())


@pytest.fixture(scope="session")
def aws() -> dict:
    assert SESSION, "this test needs the moto session: run it with the integration tests"
    return SESSION


@pytest.fixture
def clean_tables(aws: dict) -> None:
    """Recreate every table of the template (empty), keeping names and the user pool."""
    from infra.provision import recreate_tables

    recreate_tables(aws["stack"])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if SESSION:
        _check_least_privilege(session)
        SESSION["server"].stop()


def _check_least_privilege(session: pytest.Session) -> None:
    """Fail the run when an API function did something its IAM policy would refuse in AWS."""
    from tests import iam_observed

    if not iam_observed.SEEN:
        return
    if os.environ.get("CRM_IAM_REPORT"):  # what each function was seen doing, to review its policy
        seen = {f: sorted(f"{a} {t}".strip() for a, t in actions) for f, actions in iam_observed.SEEN.items()}
        Path(os.environ["CRM_IAM_REPORT"]).write_text(json.dumps(seen, indent=2, sort_keys=True))
    gaps = iam_observed.missing(SESSION["stack"].template)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for function, actions in gaps.items():
        line = f"IAM: {function} calls {', '.join(f'{a} on {t}' if t else a for a, t in actions)} not in its policy"
        if reporter:
            reporter.write_line(line, red=True)
    if gaps:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
