"""The layer keeps botocore's models only for the services its functions' IAM policies allow (infra/botocore_trim.py):
every client the code deployed with the layer creates must be among them, or it would fail in AWS only."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT
from infra.botocore_trim import layer_services, trim, trim_endpoints
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


def _session(data_path: Path | None = None) -> Any:
    import botocore.session

    session = botocore.session.get_session()
    if data_path:
        session.set_config_variable("data_path", str(data_path))  # searched before botocore's own data
    return session


def test_trimmed_endpoints_resolve_every_kept_service_as_botocores_own(tmp_path):
    import botocore

    own = Path(botocore.__file__).parent / "data"
    keep = layer_services(load())
    site = tmp_path / "site"
    data = site / "botocore" / "data"
    data.mkdir(parents=True)
    shutil.copy(own / "endpoints.json", data / "endpoints.json")
    for name in keep:
        shutil.copytree(own / name, data / name)
    assert trim_endpoints(site, keep) > 1000
    assert (data / "endpoints.json").stat().st_size < (own / "endpoints.json").stat().st_size / 10

    trimmed, full = _session(data), _session()
    for service in sorted(keep):
        assert trimmed.get_available_regions(service) == full.get_available_regions(service), service
        for region in ("eu-west-1", "us-east-1", "cn-north-1", "us-gov-west-1"):
            args = {"region_name": region, "aws_access_key_id": "k", "aws_secret_access_key": "s"}
            url = trimmed.create_client(service, **args).meta.endpoint_url
            assert url == full.create_client(service, **args).meta.endpoint_url, (service, region)
