"""Norway's time (CET, CEST in summer), worked out from its rule rather than read from the
zone database, which is not on every machine (Windows has none unless a package brings
it): the history counts and shows commits in it, whatever the author's clock said."""

from __future__ import annotations

import datetime as dt

WINTER = dt.timezone(dt.timedelta(hours=1))
SUMMER = dt.timezone(dt.timedelta(hours=2))
_SWITCH = dt.time(1, tzinfo=dt.UTC)
"""Summer time begins and ends at 01:00 UTC on its Sunday (02:00 and 03:00 in Norway)."""


def summer_time(year: int) -> tuple[dt.datetime, dt.datetime] | None:
    """When Norway's summer time begins and ends in ``year``: the last Sunday of March to
    the last Sunday of September (October from 1996, the EU's rule), since 1981 (before,
    Norway had summer time in a few years only: None)."""
    if year < 1981:
        return None
    last_month = 10 if year >= 1996 else 9
    begins = dt.datetime.combine(_last_sunday(year, 3), _SWITCH)
    return begins, dt.datetime.combine(_last_sunday(year, last_month), _SWITCH)


def offset_at(instant: dt.datetime) -> dt.timezone:
    """Norway's offset from UTC at ``instant`` (aware)."""
    utc = instant.astimezone(dt.UTC)
    summer = summer_time(utc.year)
    return SUMMER if summer is not None and summer[0] <= utc < summer[1] else WINTER


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in Norway, as an aware time. Summer time switches at
    night, never at midnight: the offset an hour before midnight UTC is midnight's."""
    an_hour_before = dt.datetime.combine(day, dt.time(tzinfo=dt.UTC)) - dt.timedelta(hours=1)
    return dt.datetime.combine(day, dt.time(), offset_at(an_hour_before))


def in_norway(instant: dt.datetime) -> dt.datetime:
    """``instant`` (aware) on Norway's clock."""
    return instant.astimezone(offset_at(instant))


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)
