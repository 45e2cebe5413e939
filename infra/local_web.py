"""The web console beside the local API: built when its sources changed (npm ci, vite build), served as static
files with the SPA fallback and a runtime `config.json` that points it at this stack's API and user pool.

For hot reload, `--console-dev` writes that config into web/public/ instead and lets the API accept Vite's dev
server (`cd web && npm run dev`, http://127.0.0.1:5173).
"""

from __future__ import annotations

import json
import subprocess
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT
from infra.local_console import say

WEB = ROOT / "web"
DIST = WEB / "dist"
DEV_ORIGIN = "http://127.0.0.1:5173"


def runtime_config(state: dict[str, Any]) -> dict[str, str]:
    """What web/src/config.ts reads: the same shape the deploy writes for AWS."""
    return {
        "apiUrl": state["api_url"],
        "region": state["region"],
        "userPoolId": state["user_pool_id"],
        "clientId": state["client_id"],
        "portalClientId": state["portal_client_id"],
        "cognitoEndpoint": state["moto_url"] + "/",
    }


def _newest_source() -> float:
    files = [WEB / "index.html", WEB / "package-lock.json", WEB / "vite.config.ts", *WEB.joinpath("src").rglob("*")]
    return max(f.stat().st_mtime for f in files if f.is_file())


def ensure_built() -> None:
    """npm ci when node_modules is missing, vite build when a source is newer than the last build."""
    if not (WEB / "node_modules" / ".bin" / "vite").exists():
        say("installing the console's packages (npm ci, first run only) ...")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True, capture_output=True)
    index = DIST / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest_source():
        say("building the console (vite build) ...")
        subprocess.run(["npx", "vite", "build"], cwd=WEB, check=True, capture_output=True)


class _Console(SimpleHTTPRequestHandler):
    config: bytes = b"{}"

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/config.json":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(self.config)))
            self.end_headers()
            self.wfile.write(self.config)
            return
        if path != "/" and not (DIST / path.lstrip("/")).is_file():
            self.path = "/index.html"  # the SPA's own routes (/customers/…) are index.html
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """Static files are not worth a terminal line each."""


def serve(host: str, port: int, state: dict[str, Any]) -> ThreadingHTTPServer:
    handler = type("Console", (_Console,), {"config": json.dumps(runtime_config(state)).encode()})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(DIST)))
    threading.Thread(target=server.serve_forever, daemon=True, name="console").start()
    return server


def write_dev_config(state: dict[str, Any]) -> Path:
    target = WEB / "public" / "config.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(runtime_config(state), indent=2))
    return target
