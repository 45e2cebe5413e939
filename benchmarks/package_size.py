"""Unzipped size of what each kind of function ships, against Lambda's 250 MB limit for zip + layers
(run on demand: `python3 -m benchmarks.package_size`).

1. The CrmLayer as `infra.build` makes it (the `api` extra for Lambda's Python 3.11 on arm64 + the crm package):
   what every zip function (API, Connect hooks, stream consumers, messaging) carries.
2. The same plus the `analytics` extra (pandas, pyarrow, scipy, matplotlib, numpy) — what a zip analytics
   function would need; over 250 MB is why template.yaml makes the analytics jobs a container image
   (analytics_jobs/Dockerfile, limit 10 GB).
Sizes are of the installed files (what Lambda unzips), summed per top-level package.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from benchmarks.verdicts import verdict
from infra.bootstrap import ROOT, ensure_venv
from infra.build import build_layer

LIMIT_MB = 250


def _mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _largest(site: Path, n: int = 6) -> str:
    sizes = sorted(((_mb(p), p.name) for p in site.iterdir() if p.is_dir()), reverse=True)[:n]
    return ", ".join(f"{name} {mb:.0f}" for mb, name in sizes)


def main() -> int:
    argparse.ArgumentParser(
        prog="python3 -m benchmarks.package_size", description=(__doc__ or "").splitlines()[0]
    ).parse_args()
    ensure_venv("benchmarks.package_size")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    with tempfile.TemporaryDirectory() as tmp:
        layer = Path(tmp) / "layer"
        build_layer(layer)
        base = _mb(layer)
        print(
            f"CrmLayer (api extra + crm), arm64: {base:.1f} MB unzipped "
            f"({base / LIMIT_MB:.0%} of {LIMIT_MB} MB); largest: {_largest(layer / 'python')}"
        )
        site = layer / "python"
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
                "manylinux2014_aarch64",
                "--python-version",
                "3.11",
                "--implementation",
                "cp",
                "--upgrade",
                *extras["analytics"],
            ],
            check=True,
        )
        total = _mb(layer)
        fits = "does not fit" if total > LIMIT_MB else "fits"
        print(
            f"+ analytics extra ({', '.join(extras['analytics'])}): {total:.1f} MB unzipped "
            f"({total / LIMIT_MB:.0%} of {LIMIT_MB} MB) -> {fits} a zip function; largest: {_largest(site)}"
        )
        print()
        ok = verdict(base <= LIMIT_MB, f"the layer <= {LIMIT_MB} MB unzipped", f"{base:.1f} MB")
        # the analytics jobs ship as a container image (template.yaml), so this one is information, not a target
        print(f"(analytics extra in a zip: {fits}; the jobs are a container image)")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
