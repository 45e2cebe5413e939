"""The local stack's data across restarts: the emulator's own state, saved under `.local/state/`.

moto keeps every service's state in its backends (plain Python objects), so the robust snapshot is those objects
pickled, with the provisioned stack (physical names, the template as it was) beside them: no replay of requests,
no re-provisioning, every id, Cognito `sub`, object and item exactly as it was. A snapshot belongs to the moto
version and the template that made it; with either changed it is set aside (kept as `moto.pickle.old`) and the
stack starts fresh, saying why. Saved on stop, and every two minutes while something was written (a save of the
full demo takes ~1 s of CPU, so not more often).
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import threading
import time
from pathlib import Path
from typing import Any

from infra.bootstrap import ROOT

SERVICES = (  # every service template.yaml's resources and the product's code use locally
    "dynamodb",
    "s3",
    "cognitoidp",
    "sqs",
    "sns",
    "events",
    "ses",
    "sesv2",
    "glue",
    "athena",
    "secretsmanager",
    "scheduler",
)


def _fingerprint() -> dict[str, str]:
    import moto

    template = hashlib.sha256((ROOT / "template.yaml").read_bytes()).hexdigest()[:16]
    return {"moto": moto.__version__, "template": template}


def _reducers() -> None:
    """The few objects in moto's state pickle cannot copy: locks (new ones) and Cognito's signing key (its JWK)."""
    from joserfc import jwk

    copyreg.pickle(type(threading.Lock()), lambda _lock: (threading.Lock, ()))
    copyreg.pickle(type(threading.RLock()), lambda _lock: (threading.RLock, ()))
    copyreg.pickle(jwk.RSAKey, lambda key: (jwk.RSAKey.import_key, (key.as_dict(private=True),)))


def save(path: Path, stack: Any, state: dict[str, Any]) -> float:
    """Pickle the backends (writes paused so the tables are consistent); returns the seconds it took."""
    from moto.backends import get_backend

    from infra.moto_patches import WRITE_LOCK

    _reducers()
    started = time.perf_counter()
    for attempt in range(3):
        try:
            with WRITE_LOCK:
                data = pickle.dumps(
                    {
                        **_fingerprint(),
                        "backends": {name: get_backend(name) for name in SERVICES},  # type: ignore[call-overload]
                        "stack": stack,
                        "state": state,
                    },
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            break
        except RuntimeError:  # another service changed a dict while it was copied: try again
            if attempt == 2:
                raise
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # a stop in the middle leaves the previous snapshot whole
    return time.perf_counter() - started


def load(path: Path) -> tuple[Any, dict[str, Any]] | str:
    """Put a snapshot's backends in place; returns (stack, state), or why the stack starts fresh instead."""
    if not path.exists():
        return "nothing saved yet"
    _reducers()
    try:
        saved = pickle.loads(path.read_bytes())  # our own file, written by save() above
    except Exception as exc:  # unreadable: set aside, never half-loaded
        path.replace(path.with_suffix(".pickle.old"))
        return f"the saved state could not be read ({exc!r}); kept as {path.name}.old"
    now = _fingerprint()
    changed = [k for k in now if saved.get(k) != now[k]]
    if changed:
        path.replace(path.with_suffix(".pickle.old"))
        return f"{' and '.join(changed)} changed since the state was saved; the old state is kept as {path.name}.old"
    from moto.backends import get_backend

    for name, backends in saved["backends"].items():
        live = get_backend(name)
        live.clear()
        live.update(backends)
    skip_stream_backlog()
    return saved["stack"], saved["state"]


def skip_stream_backlog() -> None:
    """The stream's records so far count as delivered: those before a stop were, and the demo's history is loaded
    as if it predated the stack (its analytics raw zone is written directly). Stream functions starting at
    TRIM_HORIZON then begin after them, as a mapping resumed after the stop would."""
    from moto.backends import get_backend

    for regions in get_backend("dynamodb").values():
        for backend in regions.values():
            for table in backend.tables.values():
                shard = table.stream_shard
                if shard is not None:
                    shard.starting_sequence_number += len(shard.items)
                    shard.items = []


def reset_backends() -> None:
    """Forget what a snapshot put in place (an unfinished demo is built again from nothing)."""
    from moto.backends import get_backend

    for name in SERVICES:
        live = get_backend(name)  # type: ignore[call-overload]
        for account in live.values():
            account.reset()
        live.clear()
