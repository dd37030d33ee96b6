"""What the chooser needs about a member's stakeholders and monthly updates, and a catch-up
move made personal: who it is about and when they last talked.

The chooser (`bot.domain.moves`) takes plain values; these read them from the database in the
member's zone. A catch-up check-in stores only the stakeholder's Slack user id, so its text is
filled in whenever it is shown, from conversations logged before the check-in was made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.moves import CatchUp, Move, MoveKind
from bot.domain.updates import RecipientState
from bot.models import (
    CheckIn,
    Member,
    MonthlyUpdate,
    Stakeholder,
    StakeholderContact,
    UpdateRecipient,
)
from bot.services import stakeholders
from bot.services.members import zone

# Longer than any calendar month: updates older than this can't be in the current one.
_MONTH = dt.timedelta(days=32)


def _local_date(when: dt.datetime, zone_: dt.tzinfo) -> dt.date:
    return when.astimezone(zone_).date()


def stale_stakeholder(
    session: Session, *, member: Member, now: dt.datetime, stale_after: dt.timedelta
) -> CatchUp | None:
    """The stakeholder longest without a logged conversation (counting from when they were
    added if there was none), when that is `stale_after` or longer; else None."""
    rows = session.scalars(select(Stakeholder).where(Stakeholder.member_id == member.id)).all()
    stale = [s for s in rows if now - (s.last_contact_at or s.added_at) >= stale_after]
    if not stale:
        return None
    oldest = min(stale, key=lambda s: (s.last_contact_at or s.added_at, s.added_at, s.id))
    member_zone = zone(member)
    last = oldest.last_contact_at
    return CatchUp(
        user_id=oldest.user_id,
        last_contact=_local_date(last, member_zone) if last is not None else None,
        added=_local_date(oldest.added_at, member_zone),
    )


def update_sent_this_month(session: Session, *, member: Member, now: dt.datetime) -> bool:
    """Whether the member sent a monthly update in their current local calendar month."""
    member_zone = zone(member)
    today = _local_date(now, member_zone)
    sent = session.scalars(
        select(MonthlyUpdate.created_at).where(
            MonthlyUpdate.member_id == member.id,
            MonthlyUpdate.created_at > now - _MONTH,
            MonthlyUpdate.created_at <= now,
            # An update every DM of which failed reached nobody: it isn't this month's.
            MonthlyUpdate.recipients.any(UpdateRecipient.state != RecipientState.FAILED),
        )
    ).all()
    return any(
        (day.year, day.month) == (today.year, today.month)
        for day in (_local_date(when, member_zone) for when in sent)
    )


def personal(session: Session, *, checkin: CheckIn, move: Move) -> Move:
    """The move as this check-in shows it: a catch-up names its stakeholder and the last
    conversation logged before the check-in was made (None once they are off the list)."""
    if move.kind is not MoveKind.CATCH_UP or not checkin.stakeholder_user_id:
        return move
    member = checkin.member
    row = session.scalars(
        select(Stakeholder).where(
            Stakeholder.member_id == member.id,
            Stakeholder.user_id == checkin.stakeholder_user_id,
        )
    ).first()
    if row is None:
        return replace(move, about=CatchUp(checkin.stakeholder_user_id, None, None))
    last = session.scalar(
        select(func.max(StakeholderContact.at)).where(
            StakeholderContact.stakeholder_id == row.id,
            StakeholderContact.at < checkin.created_at,
        )
    )
    member_zone = zone(member)
    return replace(
        move,
        about=CatchUp(
            user_id=row.user_id,
            last_contact=_local_date(last, member_zone) if last is not None else None,
            added=_local_date(row.added_at, member_zone),
        ),
    )


def log_catch_up(session: Session, *, checkin: CheckIn, now: dt.datetime) -> bool:
    """Did it on a catch-up: a conversation with its stakeholder, if still on the list."""
    if not checkin.stakeholder_user_id:
        return False
    member = checkin.member
    met = stakeholders.log_contact(
        session, member=member, stakeholder_user_id=checkin.stakeholder_user_id, now=now
    )
    return met is not None
