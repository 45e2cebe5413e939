"""The local stack's terminal and log files: people read one line per thing that happened; the JSON logs the
functions write (Powertools, to stdout as on Lambda) go to files under `.local/logs/`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

_terminal: TextIO = sys.stdout


def say(line: str) -> None:
    """One line for the person at the terminal."""
    print(line, file=_terminal, flush=True)


def logs_to(path: Path) -> None:
    """From now on this process's stdout (the functions' JSON logs) goes to `path`; `say` keeps the terminal."""
    global _terminal
    path.parent.mkdir(parents=True, exist_ok=True)
    _terminal = sys.stdout
    sys.stdout = open(path, "a", buffering=1)  # noqa: SIM115 - for the life of the process
