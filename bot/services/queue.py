"""One claim-a-batch queue for database-owned scheduled work (check-ins, digest posts), and
`take_batch`, the one-UPDATE batch every scheduled job (reminders, blurb expiry) takes rows with.

A row is due when its state is pending and `due_at` has come. A sender claims a batch in one
UPDATE that sets `claimed_until` to the time of claiming plus CLAIM_FOR; a claim left by a dead
sender expires and another sender takes the row over. The `claimed_until` value a sender wrote
is also its claim token: every later write by that sender (sent, failed, given back) is an
UPDATE conditional on the row still carrying it, so a sender whose claim was taken over never
overwrites the new owner's result.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session, selectinload

from bot.domain.retry import QueueState, retry_delay
from bot.models import CheckIn, DigestPost

log = logging.getLogger(__name__)

CLAIM_FOR = dt.timedelta(minutes=5)

Queued = type[CheckIn] | type[DigestPost]


@dataclass(frozen=True)
class Claim:
    """A claimed row: its id, and the `claimed_until` this sender wrote (the claim's token)."""

    id: int
    until: dt.datetime

    def live(self, at: dt.datetime) -> bool:
        """Still ours at `at`: after `until` another sender may already have taken the row."""
        return at < self.until


def claim_due(
    session: Session,
    model: Queued,
    *,
    now: dt.datetime,
    at: dt.datetime,
    limit: int,
    where: Iterable[ColumnElement[bool]] = (),
) -> list[Claim]:
    """Claim up to `limit` pending rows due at `now`, stamped with the claiming time `at`.

    `now` decides what is due (a tick's start); `at` is when the claim is made, so a batch
    claimed late in a long tick still holds its rows for the full CLAIM_FOR. One UPDATE does the
    claim: Postgres skips rows another transaction has locked, SQLite serialises writers.
    """
    until = at + CLAIM_FOR
    claimable = (
        model.state == QueueState.PENDING,
        model.due_at <= now,
        or_(model.claimed_until.is_(None), model.claimed_until < at),
        *where,
    )
    claimed = take_batch(
        session,
        model,
        where=claimable,
        order_by=model.due_at,
        limit=limit,
        values={"claimed_until": until},
    )
    return [Claim(id=row_id, until=until) for row_id in claimed]


def take_batch(
    session: Session,
    model: Any,
    *,
    where: Iterable[ColumnElement[bool]],
    limit: int,
    values: Mapping[str, Any],
    order_by: Any = None,
) -> list[int]:
    """Set `values` on up to `limit` rows matching `where`, in one UPDATE; their ids.

    Every batch job takes its rows this way (queue claims, reminders, blurb expiry), so two
    processes never take the same row: Postgres skips rows another transaction has locked and
    SQLite serialises writers. `where` is checked again in the UPDATE itself. The batch is
    picked in a materialised CTE: as a plain `IN (subquery)` Postgres may plan a nested loop
    that re-runs the LIMIT per row and takes every matching row in one "batch".
    """
    where = tuple(where)
    picked = select(model.id).where(*where)
    if order_by is not None:
        picked = picked.order_by(order_by)
    cte = (
        picked.limit(limit)
        .with_for_update(skip_locked=True)
        .cte("picked")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return list(
        session.scalars(
            update(model)
            .where(model.id.in_(select(cte.c.id)), *where)
            .values(**values)
            .returning(model.id)
            .execution_options(synchronize_session=False)
        ).all()
    )


def take_rows(
    session: Session,
    model: Any,
    *,
    where: Iterable[ColumnElement[bool]],
    limit: int,
    values: Mapping[str, Any],
    load: Any,
    order_by: Any = None,
) -> list[Any]:
    """`take_batch`, then the rows it took (in id order) with the relationship `load` loaded:
    what an expiry job needs to close each one's DM after the commit."""
    taken = take_batch(session, model, where=where, limit=limit, values=values, order_by=order_by)
    if not taken:
        return []
    return list(
        session.scalars(
            select(model).where(model.id.in_(taken)).options(selectinload(load)).order_by(model.id)
        )
    )


def settle(
    session: Session,
    model: Queued,
    *,
    claim: Claim,
    values: Mapping[str, Any],
    keep_claim: bool = False,
) -> bool:
    """Write `values` to the claimed row (and give the claim up unless `keep_claim`) only while
    the row still carries this claim; False, logged, when another sender has taken it over.

    This must be the first statement of its transaction: on SQLite it then runs on the newest
    data under the write lock, and on Postgres it waits for a concurrent claim and re-checks.
    """
    changes = dict(values) if keep_claim else {**values, "claimed_until": None}
    held = session.scalar(
        update(model)
        .where(model.id == claim.id, model.claimed_until == claim.until)
        .values(changes)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    if held is None:
        log.warning(
            "%s %s: claim lost to another sender; leaving its result as it is",
            model.__tablename__,
            claim.id,
        )
    return held is not None


def release(session: Session, model: Queued, *, claim: Claim) -> bool:
    """Give a claimed row back untouched (not sent, no attempt counted): it stays due."""
    return settle(session, model, claim=claim, values={})


def fail(session: Session, model: Queued, *, claim: Claim, error: str, now: dt.datetime) -> bool:
    """Count a failed attempt and retry later: 1, 2, 4, 8 minutes, then every 15; never dropped."""
    attempts = session.scalar(
        update(model)
        .where(model.id == claim.id, model.claimed_until == claim.until)
        .values(attempts=model.attempts + 1, claimed_until=None, last_error=error[:200])
        .returning(model.attempts)
        .execution_options(synchronize_session=False)
    )
    if attempts is None:
        log.warning("%s %s: claim lost before recording a failure", model.__tablename__, claim.id)
        return False
    session.execute(
        update(model)
        .where(model.id == claim.id)
        .values(due_at=now + retry_delay(attempts))
        .execution_options(synchronize_session=False)
    )
    return True
