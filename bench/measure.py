"""Run a command as a child process and measure it: wall and CPU seconds, peak memory, and when each stderr line came."""

import ctypes
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


@dataclass
class Measured:
    """One finished run of a command."""

    wall: float
    cpu: float
    peak_mb: float
    exit_code: int
    stdout: str
    stderr: list[tuple[float, str]] = field(default_factory=list)
    tree_peak_mb: float = 0.0  # the most the command and its worker processes held at once (sampled)

    def steps(self) -> list[tuple[str, float]]:
        """Seconds from each 'build: ...' progress line to the next one (the last runs to the end)."""
        marks = [(at, line.removeprefix("build: ")) for at, line in self.stderr if line.startswith("build: ")]
        marks.insert(0, (0.0, "starting Python and importing the pipeline"))
        ends = [at for at, _ in marks[1:]] + [self.wall]
        return [(text, end - at) for (at, text), end in zip(marks, ends, strict=True)]


def _resident_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def _descendants(root: int) -> list[int]:
    """root and every process below it, from the parent ids in /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


PR_SET_CHILD_SUBREAPER = 36  # Linux prctl option


def adopt_orphans() -> bool:
    """Make this process the one that reaps any process orphaned below it (Linux), so the CPU of a build's worker
    processes is counted even when they hang from a process the build never waits for (multiprocessing's fork server)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans() -> float:
    """Wait for every process left below this one (adopted once its parent ended); their CPU seconds, with their own
    reaped children's."""
    spent = 0.0
    while True:
        try:
            _, _, usage = os.wait4(-1, 0)
        except ChildProcessError:
            return spent
        spent += usage.ru_utime + usage.ru_stime


def run(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> Measured:
    """Run command to the end; peak memory is the largest resident set of the child or of any worker it waited for,
    and tree_peak_mb the largest sum over the child and its workers, sampled every 50 ms."""
    adopt_orphans()
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[tuple[float, str]] = []
    chunks: list[str] = []

    def drain_stderr():
        for line in child.stderr:
            lines.append((time.perf_counter() - started, line.rstrip("\n")))

    def drain_stdout():
        chunks.append(child.stdout.read())

    tree_peak = [0]
    finished = threading.Event()

    def sample_memory():
        while not finished.wait(0.05):
            tree_peak[0] = max(tree_peak[0], sum(_resident_kb(pid) for pid in _descendants(child.pid)))

    readers = [threading.Thread(target=drain_stderr), threading.Thread(target=drain_stdout),
               threading.Thread(target=sample_memory)]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    finished.set()
    for reader in readers:
        reader.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime + reap_orphans()
    return Measured(wall, cpu, usage.ru_maxrss / 1024, child.returncode, "".join(chunks), lines,
                    max(tree_peak[0] / 1024, usage.ru_maxrss / 1024))


def python(*arguments: str) -> list[str]:
    return [sys.executable, *arguments]


def machine() -> str:
    """The machine the figures come from, and how busy it was when they were taken."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0.0)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"machine: {os.cpu_count()} CPU(s) (nproc {len(os.sched_getaffinity(0))}), {model}, {memory:.1f} GiB memory, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}; load average {load} "
            "(other work on the machine slows wall-clock times; CPU seconds are less affected)")


def seconds(measured: Measured) -> str:
    return (f"{measured.wall:6.2f} s wall, {measured.cpu:6.2f} s CPU (workers included), {measured.peak_mb:6.0f} MB peak "
            f"in one process, {measured.tree_peak_mb:6.0f} MB with its workers")
