"""The loop every expiry job shares: take rows a batch per transaction, then talk to Slack."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.db import Database

T = TypeVar("T")


def in_batches(
    *,
    db: Database,
    take: Callable[[Session, int], Sequence[T]],
    tell: Callable[[T], None],
    batch: int,
) -> int:
    """Run `take(session, batch)` (a `queue.take_batch` use, so two processes never take the
    same row, and each is told about once) a transaction at a time until it takes fewer than
    `batch`; `tell` each taken row after its batch commits, so no lock is held while Slack
    answers. The count taken, for the tick's report."""
    total = 0
    while True:
        with db.session() as session:
            taken = take(session, batch)
        total += len(taken)
        for row in taken:
            tell(row)
        if len(taken) < batch:
            return total
