"""Start the real local stack (`python -m infra.local`) on free ports for the e2e tests, talk HTTP to it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests

from tests.support import free_port

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked runs_last (the fuzzer, which leaves random data in the shared stack) go after all others."""
    items.sort(key=lambda item: item.get_closest_marker("runs_last") is not None)


def start_local_stack(data_dir: Path, seed: int, *more: str) -> tuple[subprocess.Popen, dict]:
    """`python -m infra.local` on free ports with its data, logs and outbox in `data_dir`; returns when the API
    answers, with the state it wrote (plus `state_file`)."""
    state_file = data_dir / "stack.json"
    state_file.unlink(missing_ok=True)
    port, moto_port, console_port = free_port(), free_port(), free_port()
    log = open(data_dir / "terminal.log", "a")  # noqa: SIM115 - the process writes to it for its life
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "COGNITO_", "TABLE_", "IDEMPOTENCY_"))}
    args = ["--port", str(port), "--moto-port", str(moto_port), "--console-port", str(console_port)]
    args += ["--seed", str(seed), "--data-dir", str(data_dir)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "infra.local", *args, *more],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    deadline = time.monotonic() + 180
    while not state_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("local stack did not start:\n" + (data_dir / "terminal.log").read_text())
        time.sleep(0.3)
    state = json.loads(state_file.read_text())
    state["state_file"] = str(state_file)
    assert requests.get(f"{state['api_url']}/health", timeout=5).json() == {"status": "ok"}
    return proc, state


def stop_local_stack(proc: subprocess.Popen) -> None:
    """As Ctrl-C would: the stack saves its data and exits."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> dict:
    proc, state = start_local_stack(tmp_path_factory.mktemp("stack"), 16, "--schedule-every", "1")
    yield state
    stop_local_stack(proc)


@pytest.fixture(scope="session")
def login(stack: dict):
    """Log in like a client would: Cognito USER_PASSWORD_AUTH against the stack's user pool."""
    idp = boto3.client(
        "cognito-idp",
        region_name=stack["region"],
        endpoint_url=stack["moto_url"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )

    def token(group: str) -> str:
        result = idp.initiate_auth(
            ClientId=stack["portal_client_id"] if group == "customer" else stack["client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": stack["users"][group], "PASSWORD": stack["password"]},
        )
        return result["AuthenticationResult"]["IdToken"]

    return token
