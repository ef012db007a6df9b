"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def time_runs(action: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Seconds per call of ``action``, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        action()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return runs


def median_seconds(action: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """The median of ``time_runs``."""
    return statistics.median(time_runs(action, repeat, warmup))


def cpu_runs(action: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """CPU seconds (user + system) of this process per call of ``action``, after ``warmup``
    untimed calls: unlike wall time, hardly inflated when other work loads the machine."""
    for _ in range(warmup):
        action()
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        runs.append(time.process_time() - start)
    return runs
