"""Stakeholders: the other members of management a member keeps informed (seed 001), and each
conversation with them (`/mgr-goal met @carol`, or "Met today" on the Home).

Every change names the member by the caller's own team and user id; a Home button's row id is
only ever used after checking it belongs to that member.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db import add_unless_exists
from bot.models import STAKEHOLDER_NOTE_MAX, Member, Stakeholder, StakeholderContact
from bot.services.errors import AboutPerson, UserError
from bot.services.members import enrolment, find_member

MAX_STAKEHOLDERS = 20

YOURSELF = "That's you: a stakeholder is someone else in management you keep informed."
TOO_LONG = f"Keep the note under {STAKEHOLDER_NOTE_MAX} characters."
TOO_MANY = (
    f"You already have {MAX_STAKEHOLDERS} stakeholders, the most I keep. "
    "Remove one with `/mgr-goal stakeholder remove @person` first."
)
NOT_YOURS = "That stakeholder isn't on your list any more."


def _already(user_id: str) -> AboutPerson:
    return AboutPerson("{who} is already on your stakeholder list.", user_id=user_id)


def _not_listed(user_id: str, *, hint: str) -> AboutPerson:
    return AboutPerson("{who} isn't on your stakeholder list. " + hint, user_id=user_id)


@dataclass(frozen=True)
class Added:
    stakeholder: Stakeholder
    enrolled: bool


@dataclass(frozen=True)
class Met:
    stakeholder: Stakeholder
    contact: StakeholderContact
    enrolled: bool = False


def _check_note(note: str | None) -> str | None:
    if note is not None and len(note) > STAKEHOLDER_NOTE_MAX:
        raise UserError(TOO_LONG)
    return note


def stakeholders_of(session: Session, *, member: Member | None) -> list[Stakeholder]:
    """The member's stakeholders, the longest without contact first (never contacted first)."""
    if member is None:
        return []
    rows = session.scalars(select(Stakeholder).where(Stakeholder.member_id == member.id)).all()
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda s: (s.last_contact_at or never, s.added_at, s.id))


def list_for(
    session: Session, *, team_id: str, user_id: str
) -> tuple[Member | None, list[Stakeholder]]:
    member = find_member(session, team_id=team_id, user_id=user_id)
    return member, stakeholders_of(session, member=member)


def _find(session: Session, *, member: Member, user_id: str) -> Stakeholder | None:
    return session.scalars(
        select(Stakeholder).where(
            Stakeholder.member_id == member.id, Stakeholder.user_id == user_id
        )
    ).first()


def add(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    stakeholder_user_id: str,
    note: str | None,
    now: dt.datetime,
) -> Added:
    """Add a stakeholder (enrolling the caller); not yourself, not twice, at most 20."""
    if stakeholder_user_id == user_id:
        raise UserError(YOURSELF)
    note = _check_note(note)
    enrolled = enrolment(session, team_id=team_id, user_id=user_id, now=now)
    member = enrolled.member
    if _find(session, member=member, user_id=stakeholder_user_id) is not None:
        raise _already(stakeholder_user_id)
    count = session.scalar(
        select(func.count()).select_from(Stakeholder).where(Stakeholder.member_id == member.id)
    )
    if (count or 0) >= MAX_STAKEHOLDERS:
        raise UserError(TOO_MANY)
    row = Stakeholder(
        team_id=team_id, member_id=member.id, user_id=stakeholder_user_id, note=note, added_at=now
    )
    # Two adds of the same person at once: the unique index keeps one; the second is told.
    created = add_unless_exists(session, row)
    if created is None:
        raise _already(stakeholder_user_id)
    return Added(stakeholder=created, enrolled=enrolled.enrolled)


def remove(session: Session, *, team_id: str, user_id: str, stakeholder_user_id: str) -> None:
    member = find_member(session, team_id=team_id, user_id=user_id)
    row = _find(session, member=member, user_id=stakeholder_user_id) if member else None
    if row is None:
        raise _not_listed(stakeholder_user_id, hint="`/mgr-goal stakeholders` shows the list.")
    session.delete(row)
    session.flush()


def listed(session: Session, *, member: Member, user_id: str) -> Stakeholder | None:
    """The member's row for this person, if they are on the member's list."""
    return _find(session, member=member, user_id=user_id)


def _log(session: Session, row: Stakeholder, *, note: str | None, now: dt.datetime) -> Met:
    contact = StakeholderContact(stakeholder_id=row.id, at=now, note=note)
    session.add(contact)
    if row.last_contact_at is None or row.last_contact_at < now:
        row.last_contact_at = now
    session.flush()
    return Met(stakeholder=row, contact=contact)


def log_contact(
    session: Session,
    *,
    member: Member,
    stakeholder_user_id: str,
    now: dt.datetime,
    note: str | None = None,
) -> Met | None:
    """Contact that happened another way (Did it on a catch-up move, an answered ask, an
    update sent), logged like "Met today" if they are still on the member's list; else None."""
    row = _find(session, member=member, user_id=stakeholder_user_id)
    return _log(session, row, note=note, now=now) if row is not None else None


def met(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    stakeholder_user_id: str,
    note: str | None,
    now: dt.datetime,
) -> Met:
    """`/mgr-goal met @carol [note]`: a conversation with someone on the list."""
    note = _check_note(note)
    member = find_member(session, team_id=team_id, user_id=user_id)
    row = _find(session, member=member, user_id=stakeholder_user_id) if member else None
    if row is None:
        raise _not_listed(
            stakeholder_user_id,
            hint="Add {who} first: type `/mgr-goal stakeholder add` and mention them.",
        )
    return _log(session, row, note=note, now=now)


def met_by_id(
    session: Session, *, team_id: str, user_id: str, stakeholder_id: int, now: dt.datetime
) -> Met:
    """ "Met today" on the Home: the row must be the presser's own (a forged id changes nothing)."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    row = session.get(Stakeholder, stakeholder_id)
    if member is None or row is None or row.member_id != member.id or row.team_id != team_id:
        raise UserError(NOT_YOURS)
    return _log(session, row, note=None, now=now)
