"""How long a failed send waits before its next try: shared by every database-owned queue."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

MAX_BACKOFF = dt.timedelta(minutes=15)


class QueueState(StrEnum):
    """The one state every queue claims rows in: each queued row's own states (CheckinState,
    DigestPostState) spell PENDING the same."""

    PENDING = "pending"


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 minutes after the 1st..4th failure, then every 15 minutes; never gives up."""
    return min(dt.timedelta(minutes=2 ** min(max(attempts, 1) - 1, 10)), MAX_BACKOFF)
