"""`python3 -m infra.build`: build what template.yaml deploys.

- .build/layer/python/: the `crm` package and the `api` extra's dependencies, installed for Lambda's
  Python 3.11 on arm64 (manylinux wheels), shipped as the CrmLayer.
- .build/api/deployment.zip: `chalice package` of functions/api (app.py + chalicelib + Chalice's runtime), the
  one package every API function runs (each serves the routes its API_ROUTES names);
  functions/api/requirements.txt stays empty on purpose, the dependencies come from the layer.
Both carry compiled bytecode for the runtime's Python (3.11, unchecked-hash .pyc beside each module): Lambda's
code and layer directories are read-only, so a module without it would be compiled again at every cold start.
Then deploy with `sam deploy --guided` (docs/operations.md).
"""

from __future__ import annotations

import argparse
import compileall
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from infra import botocore_trim
from infra.bootstrap import ROOT, ensure_venv
from infra.template import TEMPLATE, load

BUILD = ROOT / ".build"
RUNTIME = (3, 11)  # template.yaml's python3.11: the .pyc files carry its magic number


def compile_bytecode(directory: Path) -> None:
    """Every module under `directory` compiled for the runtime, checked by nothing at import (unchecked-hash:
    no source timestamp to compare, which a zip's extraction would not keep anyway)."""
    if sys.version_info[:2] != RUNTIME:
        raise SystemExit(f"build with Python {RUNTIME[0]}.{RUNTIME[1]} (the Lambda runtime's), not {sys.version}")
    ok = compileall.compile_dir(
        directory, quiet=1, workers=0, force=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
    )
    if not ok:
        raise SystemExit(f"some modules under {directory} do not compile")


def _with_bytecode(zip_path: Path) -> None:
    """The zip rewritten with each module's .pyc beside it (file modes kept)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pkg"
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(root)
            modes = {i.filename: i.external_attr for i in z.infolist()}
        compile_bytecode(root)
        rebuilt = Path(tmp) / "out.zip"
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = path.relative_to(root).as_posix()
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = modes.get(name, 0o644 << 16)
                info.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(info, path.read_bytes())
        shutil.move(rebuilt, zip_path)


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
    keep = botocore_trim.layer_services(load(TEMPLATE))
    botocore_trim.trim(site, keep)
    botocore_trim.trim_endpoints(site, keep)
    compile_bytecode(site)


def build_api(target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-1")}
    env["API_ROUTES"] = "platform"  # chalice imports the app to list routes we do not use: the smallest share
    out = target / "chalice"
    subprocess.run(
        [str(Path(sys.executable).parent / "chalice"), "package", "--pkg-format", "cloudformation", str(out)],
        cwd=ROOT / "functions" / "api",
        env=env,
        check=True,
    )
    zip_path = target / "deployment.zip"
    shutil.move(out / "deployment.zip", zip_path)
    _with_bytecode(zip_path)
    return zip_path


def main() -> int:
    p = argparse.ArgumentParser(prog="python3 -m infra.build", description=(__doc__ or "").splitlines()[0])
    p.add_argument("--api-only", action="store_true", help="build only the API deployment package")
    p.add_argument("--out", type=Path, default=BUILD, help="where to build (default .build/)")
    p.add_argument(
        "--platform",
        default="manylinux2014_aarch64",
        help="wheels for this platform (default: Lambda's arm64; benchmarks.cold_start builds for this machine)",
    )
    args = p.parse_args()
    ensure_venv("infra.build")
    if not args.api_only:
        build_layer(args.out / "layer", args.platform)
        print(f"layer: {args.out / 'layer'}")
    print(f"api:   {build_api(args.out / 'api')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
