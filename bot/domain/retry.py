"""How long a failed send waits before its next try: shared by every database-owned queue."""

from __future__ import annotations

import datetime as dt

MAX_BACKOFF = dt.timedelta(minutes=15)


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 minutes after the 1st..4th failure, then every 15 minutes; never gives up."""
    return min(dt.timedelta(minutes=2 ** min(max(attempts, 1) - 1, 10)), MAX_BACKOFF)
