"""Run a submission's tests on several boxes at once, with the sequential result.

Tests are handed out strictly in order, one at a time, to whichever box is
free. With early stop (ICPC), once test i is known to fail no test after i
is started, and every test before i still finishes: a slower, earlier
failure (a TLE on test 2 while test 5 already failed with WA) lowers the
stop point, so the result is exactly the first failing test in order and
what came before it — the same list a one-box run produces.

Threads suffice: each run is a sandboxed subprocess the thread waits on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

from judge.config import settings

# How many tests of one submission run at once: $PANDA_JUDGE_PARALLEL, else one per core.
PARALLEL_ENV = "PANDA_JUDGE_PARALLEL"

Worker = TypeVar("Worker")
Result = TypeVar("Result")


def parallelism_from_env(environ: dict[str, str] | None = None) -> int:
    """$PANDA_JUDGE_PARALLEL (a positive integer), else the cores this process may use."""
    return settings(environ).judge_parallel


class OrderedRun(Generic[Worker, Result]):
    """Runs ``run(worker, index)`` for index 0..count-1 across the given workers.

    ``on_start(index)`` is called just before a test starts, in index order
    and never concurrently, so progress reports stay monotonic.
    """

    def __init__(
        self,
        count: int,
        run: Callable[[Worker, int], Result],
        *,
        failed: Callable[[Result], bool],
        stop_at_first_failure: bool,
        on_start: Callable[[int], None],
    ) -> None:
        self.count, self._run, self._failed = count, run, failed
        self._stop_at_first_failure, self._on_start = stop_at_first_failure, on_start
        self._lock = threading.Lock()
        self._next = 0
        self._first_failure: int | None = None
        self._aborted = False
        self._results: dict[int, Result] = {}

    def _take(self) -> int | None:
        with self._lock:
            index = self._next
            if self._aborted or index >= self.count:
                return None
            if self._first_failure is not None and index > self._first_failure:
                return None
            self._next += 1
            self._on_start(index)  # under the lock: starts are reported in order
            return index

    def _record(self, index: int, result: Result) -> None:
        with self._lock:
            self._results[index] = result
            earlier = self._first_failure is None or index < self._first_failure
            if self._stop_at_first_failure and earlier and self._failed(result):
                self._first_failure = index

    def _work(self, worker: Worker) -> None:
        try:
            while (index := self._take()) is not None:
                self._record(index, self._run(worker, index))
        except BaseException:
            with self._lock:
                self._aborted = True  # the others finish their current test and stop
            raise

    def results(self) -> list[Result]:
        """In index order; with early stop, up to and including the first failure."""
        last = self.count - 1 if self._first_failure is None else self._first_failure
        return [self._results[i] for i in range(last + 1)]

    def __call__(self, workers: Sequence[Worker]) -> list[Result]:
        if not workers:
            raise ValueError("no worker to run the tests on")
        if len(workers) == 1:  # no thread for the plain sequential case
            self._work(workers[0])
            return self.results()
        with ThreadPoolExecutor(max_workers=len(workers), thread_name_prefix="test-run") as pool:
            futures = [pool.submit(self._work, worker) for worker in workers]
            errors = [error for future in futures if (error := future.exception()) is not None]
        if errors:
            raise errors[0]
        return self.results()
