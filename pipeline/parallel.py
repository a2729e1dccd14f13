"""Run independent jobs in worker processes while the calling process does other work."""

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator

VARIABLE = "PIPELINE_WORKERS"  # how many worker processes; 1 runs every job in the calling process


def worker_count() -> int:
    """PIPELINE_WORKERS when set, else the CPUs this process may use."""
    given = os.environ.get(VARIABLE, "")
    return max(int(given), 1) if given.isdigit() else len(os.sched_getaffinity(0))


def _quiet_worker() -> None:
    # A worker leaves Ctrl-C to the build, which stops the pool itself: no second message, no traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_alongside(job: Callable, arguments: list[tuple], alongside: Callable[[], object],
                  minimum: int = 2) -> tuple[Iterator, object]:
    """Start job(*each) in worker processes, run alongside() here meanwhile; return (results in order, its result).

    With fewer than `minimum` jobs or a single worker, starting processes costs more than it saves, so the jobs
    run here after alongside(). Results come as they are ready, in the order of `arguments`."""
    workers = min(worker_count(), len(arguments))
    if len(arguments) < minimum or workers < 2:
        other = alongside()
        return (job(*each) for each in arguments), other
    # spawn, not fork: the parent may already hold threads (vl-convert's renderer) that a fork would copy broken
    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_quiet_worker)
    try:
        pending = [pool.apply_async(job, each) for each in arguments]
        other = alongside()
    except BaseException:
        pool.terminate()
        raise
    return _collect(pool, pending), other


def _collect(pool, pending: list) -> Iterator:
    """Each result in order; the pool is closed after the last, and stopped at once on any failure or signal."""
    try:
        for result in pending:
            yield result.get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
