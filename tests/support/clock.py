from __future__ import annotations

import datetime as dt

# Monday 23 November 2026, 15:00 UTC: where every test's clock starts.
START = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


class FrozenClock:
    """The injected clock: tests set `now` and the app reads it."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)
