"""Members: enrolment, profile and the member's own clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.db import add_unless_exists
from bot.domain.schedule import next_slot
from bot.domain.slack_text import CHANNEL_ID, is_user_id
from bot.domain.zones import is_zone_name, zone_named
from bot.models import ROLE_MAX, WHY_MAX, Member
from bot.services.errors import FieldErrors

T = TypeVar("T")


def find_member(session: Session, *, team_id: str, user_id: str) -> Member | None:
    return session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )


def owned(
    session: Session,
    query: Select[tuple[T]],
    *,
    member: Member | None,
    owner: InstrumentedAttribute[int],
) -> list[T]:
    """What `query` finds among the member's own rows (`owner` is the table's member column);
    nothing for someone who isn't enrolled."""
    if member is None:
        return []
    return list(session.scalars(query.where(owner == member.id)))


def new_member(*, team_id: str, user_id: str, now: dt.datetime) -> Member:
    """An unsaved member row with the defaults everyone starts with (Monday 09:00, UTC)."""
    return Member(
        team_id=team_id,
        user_id=user_id,
        timezone="UTC",
        checkin_weekday=0,
        checkin_time=dt.time(9, 0),
        paused=False,
        next_item_number=1,
        created_at=now,
        updated_at=now,
    )


def enroll(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Member:
    """The member row for this person, created on the first command that stores something."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is not None:
        return member
    member = new_member(team_id=team_id, user_id=user_id, now=now)
    reschedule(member, now=now)
    # A double Enter or two devices send a new person's first command twice at once: the
    # second insert finds the first one's row instead of failing on the unique key.
    created = add_unless_exists(session, member)
    if created is not None:
        return created
    found = find_member(session, team_id=team_id, user_id=user_id)
    assert found is not None  # the row that won the race is committed and visible now
    return found


def reschedule(member: Member, *, now: dt.datetime) -> None:
    """Point the member's next check-in at their first slot after `now`.

    One slot, never a backlog: after a pause or downtime the member is simply due once. A
    paused or unreachable member has none, which keeps them out of the tick's due range.
    """
    if member.paused or member.unreachable:
        member.next_checkin_at = None
        return
    member.next_checkin_at = next_slot(
        after=now, weekday=member.checkin_weekday, at=member.checkin_time, zone=zone(member)
    )


def zone(member: Member | None) -> ZoneInfo:
    return zone_named(member.timezone if member else None)


def today_of(member: Member | None, now: dt.datetime) -> dt.date:
    """The member's local date at `now` (UTC for someone not enrolled yet)."""
    return now.astimezone(zone(member)).date()


@dataclass(frozen=True)
class Caller:
    """The person behind a request as loaded once: their member row (None before they store
    anything) and their local today."""

    member: Member | None
    today: dt.date


def load_caller(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Caller:
    member = find_member(session, team_id=team_id, user_id=user_id)
    return Caller(member=member, today=today_of(member, now))


@dataclass(frozen=True)
class Enrolment:
    """The caller's member row after a change, and whether this request created it."""

    member: Member
    enrolled: bool


def enrolment(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Enrolment:
    """The caller's member row, enrolling them if this is the first thing they store."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is not None:
        return Enrolment(member, enrolled=False)
    return Enrolment(enroll(session, team_id=team_id, user_id=user_id, now=now), enrolled=True)


def set_timezone(
    session: Session, *, team_id: str, user_id: str, timezone: str, now: dt.datetime
) -> bool:
    """Store the Slack time zone if it is a real one and differs; True when it changed."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None or member.timezone == timezone:
        return False
    if not is_zone_name(timezone):
        return False
    member.timezone = timezone
    member.updated_at = now
    reschedule(member, now=now)
    return True


@dataclass(frozen=True)
class Profile:
    """What the setup form says."""

    target_role: str = ""
    target_date: dt.date | None = None
    manager_user_id: str | None = None
    why: str = ""
    checkin_weekday: int = 0
    checkin_time: dt.time | None = dt.time(9, 0)
    team_channel_id: str | None = None


def save_profile(
    session: Session, *, team_id: str, user_id: str, profile: Profile, now: dt.datetime
) -> bool:
    """Save the setup form, enrolling a new person; True when this enrolled them.

    Field-level problems raise FieldErrors keyed by `Profile` field name. Only what changed is
    checked against today: the form comes back with the saved target date, so a date that has
    since passed must not stop someone changing their check-in day.
    """
    existing = find_member(session, team_id=team_id, user_id=user_id)
    target_role = profile.target_role.strip()
    why = profile.why.strip()
    problems = _profile_problems(profile, existing=existing, user_id=user_id, now=now)
    checkin_time = profile.checkin_time
    if problems or checkin_time is None:
        raise FieldErrors(problems)
    member = existing or enroll(session, team_id=team_id, user_id=user_id, now=now)
    member.target_role = target_role or None
    member.target_date = profile.target_date
    # The manager named here is asked to link (manager_asks.from_setup); until they accept,
    # manager_user_id keeps the active link's manager.
    member.why = why or None
    member.checkin_weekday = profile.checkin_weekday
    member.checkin_time = checkin_time.replace(second=0, microsecond=0)
    member.team_channel_id = profile.team_channel_id
    member.updated_at = now
    reschedule(member, now=now)
    return existing is None


def _profile_problems(
    profile: Profile, *, existing: Member | None, user_id: str, now: dt.datetime
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if profile.checkin_time is None:
        problems["checkin_time"] = "Pick a time."
    if len(profile.target_role.strip()) > ROLE_MAX:
        problems["target_role"] = f"Keep the role under {ROLE_MAX} characters."
    why = profile.why.strip()
    if len(why) > WHY_MAX:
        problems["why"] = f"Keep this under {WHY_MAX} characters ({len(why)} now)."
    manager = profile.manager_user_id
    if manager is not None and not is_user_id(manager):
        problems["manager_user_id"] = "Pick your manager from the list."
    elif manager == user_id:
        problems["manager_user_id"] = "Pick the person you report to, not yourself."
    target_date = profile.target_date
    unchanged = existing is not None and target_date == existing.target_date
    if (
        target_date is not None
        and not unchanged
        and target_date < now.date() - dt.timedelta(days=1)
    ):
        problems["target_date"] = "Pick a date in the future."
    if not 0 <= profile.checkin_weekday <= 6:
        problems["checkin_weekday"] = "Pick a weekday."
    if profile.team_channel_id is not None and not CHANNEL_ID.match(profile.team_channel_id):
        problems["team_channel_id"] = "Pick a channel from the list."
    return problems
