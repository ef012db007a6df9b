"""Python's cyclic garbage collector, run less often than its default while the tool works.

With the default first threshold (700 container allocations) the collector walks the young
objects again and again: while a command starts (importing Typer and pydantic and building
the models makes some 60,000 long-lived containers), and while pilots are read (hundreds
of thousands of small containers that form no cycles and that reference counting frees).
Starting ``validate`` on one pilot ran 34 collections, about 7 % of its CPU time. mypy
raises its threshold for the same reason. Memory stays bounded: a collection still runs
every ``COLLECT_EVERY`` allocations.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: The collector's first threshold while the tool works (Python's default is 700).
COLLECT_EVERY = 100_000


def collect_less() -> tuple[int, ...]:
    """Raise the collector's first threshold to ``COLLECT_EVERY`` (never lower it); the
    thresholds before. The command line does this for its whole process, at its start."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], COLLECT_EVERY), *before[1:])
    return before


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """``collect_less`` within the block, for callers of the library (the thresholds come
    back after it)."""
    before = collect_less()
    try:
        yield
    finally:
        gc.set_threshold(*before)
