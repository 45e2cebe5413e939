"""`python3 -m infra.build`: build what template.yaml deploys.

- .build/layer/python/: the `crm` package and the `api` extra's dependencies, installed for Lambda's
  Python 3.11 on arm64 (manylinux wheels), shipped as the CrmLayer.
- .build/api/deployment.zip: `chalice package` of functions/api (app.py + chalicelib + Chalice's runtime);
  functions/api/requirements.txt stays empty on purpose, the dependencies come from the layer.
Then deploy with `sam deploy --guided` (docs/operations.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from infra.bootstrap import ROOT, ensure_venv

BUILD = ROOT / ".build"


def layer_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["optional-dependencies"]["api"]


def build_layer(target: Path, platform: str = "manylinux2014_aarch64") -> None:
    site = target / "python"
    shutil.rmtree(target, ignore_errors=True)
    site.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--target",
            str(site),
            "--only-binary=:all:",
            "--platform",
            platform,
            "--python-version",
            "3.11",
            "--implementation",
            "cp",
            *[r for r in layer_requirements() if not r.startswith("boto3")],  # the runtime has boto3
        ],
        check=True,
    )
    shutil.copytree(
        ROOT / "layers" / "crm" / "python" / "crm", site / "crm", ignore=shutil.ignore_patterns("__pycache__")
    )


def build_api(target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-1")}
    out = target / "chalice"
    subprocess.run(
        [str(Path(sys.executable).parent / "chalice"), "package", "--pkg-format", "cloudformation", str(out)],
        cwd=ROOT / "functions" / "api",
        env=env,
        check=True,
    )
    zip_path = target / "deployment.zip"
    shutil.move(out / "deployment.zip", zip_path)
    return zip_path


def main() -> int:
    p = argparse.ArgumentParser(prog="python3 -m infra.build", description=(__doc__ or "").splitlines()[0])
    p.add_argument("--api-only", action="store_true", help="build only the API deployment package")
    only_api = p.parse_args().api_only
    ensure_venv("infra.build")
    if not only_api:
        build_layer(BUILD / "layer")
        print(f"layer: {BUILD / 'layer'}")
    print(f"api:   {build_api(BUILD / 'api')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
