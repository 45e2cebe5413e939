"""Peak memory of the current process, for benchmarks that run each method in a fresh child process."""

from __future__ import annotations


def peak_mb() -> float:
    """VmHWM: the resident high-water mark of this process image. It starts afresh at exec, unlike
    getrusage's ru_maxrss, which carries a forking parent's peak over into the child."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
