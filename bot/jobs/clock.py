"""The clock a tick stamps its claims with."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def running_from(start: dt.datetime) -> Clock:
    """`start` plus the (monotonic) time elapsed since this call.

    A tick decides what is due at its start, but claims a batch when it gets to it; minutes may
    have passed by then. Counting from the tick's start rather than reading the wall clock keeps
    `mgrbot tick --at ...` and tests consistent, and equals real time when the tick runs now.
    """
    began = time.monotonic()
    return lambda: start + dt.timedelta(seconds=time.monotonic() - began)
