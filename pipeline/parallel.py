"""Run independent jobs in worker processes while the calling process does other work."""

import contextlib
import importlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator

VARIABLE = "PIPELINE_WORKERS"  # how many worker processes; 1 runs every job in the calling process


def worker_count() -> int:
    """PIPELINE_WORKERS when set, else the CPUs this process may use."""
    given = os.environ.get(VARIABLE, "")
    return max(int(given), 1) if given.isdigit() else len(os.sched_getaffinity(0))


def _start_worker(warm_up: str | None) -> None:
    # A worker leaves Ctrl-C to the build, which stops the pool itself: no second message, no traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm_up is not None:
        module, _, name = warm_up.rpartition(".")
        # a pool whose initializer fails restarts it for ever: ignore it here, and the job will say what is wrong
        with contextlib.suppress(Exception):
            getattr(importlib.import_module(module), name)()


class Workers:
    """Worker processes, started before they are needed so that their imports overlap the caller's own work.

    Use as a context manager: leaving the block, by an error or a signal too, stops them."""

    def __init__(self, count: int, warm_up: str | None = None):
        """count processes, each running the function named warm_up ("package.module.function") when it starts;
        by name, so that it is imported in the workers only."""
        self.count = count
        self._warm_up = warm_up
        self._pool = None

    def start(self) -> "Workers":
        if self._pool is None:
            # forkserver, not fork: the parent may already hold threads (vl-convert's renderer) that a fork would copy
            # broken. The server imports the warm-up's module once (it starts no renderer), and each worker is forked
            # from it with those imports done: one process pays for pandas and altair instead of every worker.
            context = multiprocessing.get_context("forkserver")
            if self._warm_up is not None:
                context.set_forkserver_preload([self._warm_up.rpartition(".")[0]])  # heeded once, when the server starts
            self._pool = context.Pool(self.count, _start_worker, (self._warm_up,))
        return self

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def run_alongside(self, job: Callable, arguments: list[tuple], alongside: Callable[[], object],
                      minimum: int = 2) -> tuple[Iterator, object]:
        """Start job(*each) in the workers, run alongside() here meanwhile; return (results in order, its result).

        With fewer than `minimum` jobs (and no workers started yet) or a single worker, starting processes costs
        more than it saves, so the jobs run here after alongside()."""
        if self.count < 2 or (self._pool is None and len(arguments) < minimum) or not arguments:
            other = alongside()
            return (job(*each) for each in arguments), other
        pool = self.start()._pool
        try:
            pending = [pool.apply_async(job, each) for each in arguments]
            other = alongside()
        except BaseException:
            self.stop()
            raise
        return self._collect(pending), other

    def _collect(self, pending: list) -> Iterator:
        """Each result in order; the workers are stopped at once on any failure or signal."""
        try:
            for result in pending:
                yield result.get()
        except BaseException:
            self.stop()
            raise

