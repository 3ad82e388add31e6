"""Worker processes for charts and PDFs (bot/insights/jobs.py holds what they run).

In a thread the drawing held the GIL and set off full garbage collections of the whole bot, for
100–200 ms at a time, stalling every other user's replies (bench/bench_insights_loop.py). At most
MAX_WORKERS run at once; further jobs queue. The pool is shut down when the bot stops
(handlers/stats.py installs `shutdown` as a stop hook).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TypeVar

T = TypeVar("T")
MAX_WORKERS = 2  # charts/PDFs made at once: one per core of the small server this runs on

_workers: ProcessPoolExecutor | None = None


def _pool() -> ProcessPoolExecutor:
    global _workers
    if _workers is None:
        # "spawn": a fresh interpreter, so no lock held by one of this process's threads (the database's,
        # the HTTP client's) is copied into the child in a locked state, as "fork" could. Workers start on
        # first use (about 1–2 s to import matplotlib) and then stay up.
        # Ctrl-C is the bot's to handle: it stops the workers on its way out (no tracebacks from them).
        ignore_ctrl_c = partial(signal.signal, signal.SIGINT, signal.SIG_IGN)
        _workers = ProcessPoolExecutor(
            MAX_WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=ignore_ctrl_c
        )
    return _workers


async def in_worker(work: Callable[[], T]) -> T:
    """Run picklable CPU work (a module-level function with its arguments) in a worker process."""
    global _workers
    pool = _pool()
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, work)
    except BrokenProcessPool:
        if _workers is pool:
            _workers = None  # a worker died (out of memory?): start afresh next time
        raise


def shutdown() -> None:
    """Stop the workers (they are started again on the next job)."""
    global _workers
    pool, _workers = _workers, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
