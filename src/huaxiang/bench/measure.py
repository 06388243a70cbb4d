"""Run a command as a child process and measure its wall time and peak RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def log(message: str) -> None:
    """Progress line, flushed at once (the bench is long)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


@dataclass(frozen=True)
class Measured:
    """Outcome of one measured command."""

    seconds: float
    peak_rss_mb: float
    returncode: int


def _status_kib(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _process_tree(pid: int) -> list[int]:
    """The process and its descendants (from /proc/<pid>/task/*/children)."""
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return tree


class _PeakPoller(threading.Thread):
    """Poll the high-water RSS (VmHWM) of a process tree until stopped.

    VmHWM is the peak of each process's own memory since it exec'd, so a
    poll shortly before exit still sees the peak; the sum over the tree is
    taken at each poll.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            total = sum(_status_kib(p, "VmHWM") for p in _process_tree(self.pid))
            self.peak_kib = max(self.peak_kib, total)
            self.stopped.wait(self.interval)


def run_measured(
    command: list[str],
    env: dict[str, str],
    cwd: Path,
    log_file: Path | None = None,
) -> Measured:
    """Run `command` and return its wall time, exit code and peak RSS.

    The peak RSS is the high-water resident set of the child process tree,
    polled from /proc (dbt-duckdb runs DuckDB and the Python models inside
    the dbt process, so for a build this is the build's peak). Where /proc
    is missing it falls back to wait4's ru_maxrss, which also counts the
    parent's memory at fork time.
    """
    stdout = log_file.open("w", encoding="utf-8") if log_file else None
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.STDOUT
        )
        poller = _PeakPoller(process.pid)
        poller.start()
        # Wait until the child is a zombie (still in /proc) for a last poll.
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        poller.stopped.set()
        poller.join()
        last = sum(_status_kib(p, "VmHWM") for p in _process_tree(process.pid))
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout:
            stdout.close()
    elapsed = time.monotonic() - started
    peak_kib = max(poller.peak_kib, last)
    if peak_kib == 0:
        # ru_maxrss is in KiB on Linux (bytes on macOS).
        peak_kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return Measured(elapsed, peak_kib / 1024, process.returncode)


def require_success(measured: Measured, label: str, log_file: Path | None) -> None:
    """Fail with the step and where its output is when a command failed."""
    if measured.returncode != 0:
        where = f"; its output is in {log_file}" if log_file else ""
        raise RuntimeError(
            f"bench step '{label}' failed with exit code {measured.returncode} "
            f"after {measured.seconds:.0f} s{where}"
        )
