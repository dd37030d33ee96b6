"""One pass of all scheduled work that is due at `now`.

The database owns due work; this function is what both the in-process scheduler and
`mgrbot tick` call. The foundation has no scheduled work yet: check-ins and digests add their
passes here.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from bot.db import Database

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    at: dt.datetime
    done: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{name}={count}" for name, count in sorted(self.done.items())] or ["nothing due"]
        return f"tick at {self.at.isoformat()}: " + ", ".join(parts)


def tick(*, db: Database, now: dt.datetime) -> TickReport:
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    return TickReport(at=now.astimezone(dt.UTC))
