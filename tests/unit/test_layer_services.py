"""The layer keeps botocore's models only for the services its functions' IAM policies allow (infra/botocore_trim.py):
every client the code deployed with the layer creates must be among them, or it would fail in AWS only."""

from __future__ import annotations

import re
from pathlib import Path

from infra.bootstrap import ROOT
from infra.botocore_trim import layer_services, trim
from infra.template import load, resources_of_type

CLIENT = re.compile(r"""client\(\s*["']([a-z0-9-]+)["']""")


def _code_with_the_layer() -> list[Path]:
    template = load()
    dirs = {ROOT / "layers" / "crm" / "python", ROOT / "functions" / "api"}
    for res in resources_of_type(template, "AWS::Serverless::Function").values():
        props = res["Properties"]
        if {"Ref": "CrmLayer"} in (props.get("Layers") or []) and not str(props["CodeUri"]).endswith(".zip"):
            dirs.add(ROOT / str(props["CodeUri"]))
    return sorted(dirs)


def test_every_client_the_layers_code_creates_keeps_its_botocore_model():
    used = {"dynamodb"}  # pynamodb's and the idempotency utility's
    for root in _code_with_the_layer():
        for path in root.rglob("*.py"):
            used |= set(CLIENT.findall(path.read_text()))
    assert len(used) > 8, used  # the scan found the code's clients
    assert used - layer_services(load()) == set()


def test_trim_keeps_the_named_services_and_botocores_shared_files(tmp_path):
    data = tmp_path / "botocore" / "data"
    for name in ("dynamodb", "s3", "ec2", "sagemaker"):
        (data / name / "2020-01-01").mkdir(parents=True)
    (data / "endpoints.json").write_text("{}")
    assert trim(tmp_path, {"dynamodb", "s3"}) == 2
    assert sorted(p.name for p in data.iterdir()) == ["dynamodb", "endpoints.json", "s3"]
