"""When scheduled work next falls due, so `mgrbot shell` can move time the way days pass.

The real scheduler ticks every minute; the shell ticks at each instant something becomes due
instead, which does the same work in the same order without ten thousand empty ticks a week.
A column that names an instant already handled only costs one tick that finds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.models import BlurbRequest, CheckIn, Digest, DigestPost, Member, StakeholderAsk, Win


def _instants(session: Session, queries: Iterable[Select[Any]]) -> list[dt.datetime]:
    """What each query names, leaving out those that name nothing."""
    return [found for found in (session.scalar(q) for q in queries) if found is not None]


def _earliest(session: Session, queries: Iterable[Select[Any]]) -> dt.datetime | None:
    return min(_instants(session, queries), default=None)


def next_due(session: Session, *, after: dt.datetime) -> dt.datetime | None:
    """The first instant after `after` at which a tick may have something to do."""
    return _earliest(
        session,
        [
            select(func.min(Member.next_checkin_at)).where(Member.next_checkin_at > after),
            select(func.min(CheckIn.due_at)).where(
                CheckIn.due_at > after, CheckIn.sent_at.is_(None)
            ),
            select(func.min(CheckIn.remind_at)).where(
                CheckIn.remind_at > after, CheckIn.reminded_at.is_(None)
            ),
            *_digest_queries(after),
            select(func.min(BlurbRequest.expires_at)).where(
                BlurbRequest.expires_at > after, BlurbRequest.answered_at.is_(None)
            ),
            select(func.min(StakeholderAsk.expires_at)).where(
                StakeholderAsk.expires_at > after, StakeholderAsk.answered_at.is_(None)
            ),
        ],
    )


def _digest_queries(after: dt.datetime) -> list[Select[Any]]:
    return [
        select(func.min(Digest.next_due_at)).where(Digest.next_due_at > after),
        select(func.min(DigestPost.due_at)).where(
            DigestPost.due_at > after, DigestPost.sent_at.is_(None)
        ),
    ]


def next_digest(session: Session, *, after: dt.datetime) -> dt.datetime | None:
    return _earliest(session, _digest_queries(after))


def next_checkin(
    session: Session, *, team_id: str, user_id: str, after: dt.datetime
) -> dt.datetime | None:
    """When this person's next check-in goes out: an unsent one's due time, else the next
    scheduled week. None when they have no campaign (or it is paused)."""
    member = session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )
    if member is None:
        return None
    return _earliest(
        session,
        [
            select(func.min(CheckIn.due_at)).where(
                CheckIn.member_id == member.id, CheckIn.due_at > after, CheckIn.sent_at.is_(None)
            ),
            select(Member.next_checkin_at).where(
                Member.id == member.id, Member.next_checkin_at > after
            ),
        ],
    )


def latest_activity(session: Session) -> dt.datetime | None:
    """The latest instant the data has seen: a shell reopening this database starts after it,
    so time never runs backwards under rows stamped in a future the last session moved to."""
    instants = _instants(
        session,
        [
            select(func.max(Member.updated_at)),
            select(func.max(CheckIn.sent_at)),
            select(func.max(CheckIn.answered_at)),
            select(func.max(Win.created_at)),
            select(func.max(DigestPost.sent_at)),
            select(func.max(BlurbRequest.created_at)),
            select(func.max(StakeholderAsk.created_at)),
        ],
    )
    return max(instants, default=None)
