"""Norway's time (CET, CEST in summer), from the zone database: the history counts and
shows commits in it, whatever the author's clock or the machine's zone said.

Windows has no zone database of its own; the ``tzdata`` package (a dependency) gives it
one, and ``zoneinfo`` reads the system's where there is one."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo


@functools.cache
def norway() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo("Europe/Oslo")


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in Norway, as an aware time."""
    return dt.datetime.combine(day, dt.time(), norway())


def in_norway(instant: dt.datetime) -> dt.datetime:
    """``instant`` (aware) on Norway's clock."""
    return instant.astimezone(norway())
