"""Rows for service and integration tests: one function a table, sensible defaults, overrides.

Each factory adds its row to the session, flushes (so the id is there) and returns it; pass any
column as a keyword to override a default. They write rows directly, not through the services,
so a test of a service can seed any state (an expired check-in, an overdue blurb request)
without going through the use case under test. States are the strings the columns hold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from bot.models import Base, BlurbRequest, CampaignItem, CheckIn, Digest, Member, Win
from bot.services.members import new_member
from tests.support.clock import START
from tests.support.slack_requests import TEAM

Row = TypeVar("Row", bound=Base)


def _add(session: Session, row: Row, overrides: dict[str, Any]) -> Row:
    for name, value in overrides.items():
        if not hasattr(type(row), name):  # a typo must fail, not add a stray attribute
            raise TypeError(f"{type(row).__name__} has no column {name!r}")
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return row


def member(
    session: Session, *, user_id: str = "U1", now: dt.datetime = START, **overrides: Any
) -> Member:
    """An enrolled member in TEAM, Monday 09:00 UTC check-ins, not yet scheduled."""
    return _add(session, new_member(team_id=TEAM, user_id=user_id, now=now), overrides)


def item(
    session: Session,
    *,
    owner: Member,
    text: str = "Mentor the new hire",
    now: dt.datetime = START,
    **overrides: Any,
) -> CampaignItem:
    """An open item on `owner`'s list, numbered the way the service numbers them."""
    row = CampaignItem(
        member_id=owner.id,
        number=owner.next_item_number,
        text=text,
        status="open",
        created_at=now,
    )
    owner.next_item_number += 1
    return _add(session, row, overrides)


def checkin(
    session: Session,
    *,
    owner: Member,
    week: str = "2026-W49",
    move_id: str = "m",
    now: dt.datetime = START,
    **overrides: Any,
) -> CheckIn:
    """A pending weekly check-in for `owner`, due `now`, suggesting `move_id`."""
    row = CheckIn(
        member_id=owner.id,
        week=week,
        kind="checkin",
        move_id=move_id,
        shown_moves=move_id,
        core_work_first=False,
        state="pending",
        due_at=now,
        attempts=0,
        created_at=now,
    )
    return _add(session, row, overrides)


def win(
    session: Session,
    *,
    owner: Member,
    text: str = "Ran the retro",
    now: dt.datetime = START,
    **overrides: Any,
) -> Win:
    """A private win `owner` logged `now`; pass shared=True, shared_at=... to share it."""
    row = Win(
        member_id=owner.id,
        text=text,
        happened_on=now.date(),
        shared=False,
        created_at=now,
    )
    return _add(session, row, overrides)


def blurb_request(
    session: Session,
    *,
    owner: Member,
    colleague_user_id: str = "U2",
    about: str = "the migration",
    now: dt.datetime = START,
    **overrides: Any,
) -> BlurbRequest:
    """An open request from `owner` to a colleague, expiring in fourteen days."""
    row = BlurbRequest(
        member_id=owner.id,
        colleague_user_id=colleague_user_id,
        about=about,
        state="open",
        expires_at=now + dt.timedelta(days=14),
        may_share=True,
        created_at=now,
    )
    return _add(session, row, overrides)


def digest(
    session: Session,
    *,
    channel_id: str = "C1",
    turned_on_by: str = "U1",
    now: dt.datetime = START,
    **overrides: Any,
) -> Digest:
    """A channel's digest, on, posting Fridays 16:00 UTC; `next_due_at` unset unless given."""
    row = Digest(
        team_id=TEAM,
        channel_id=channel_id,
        enabled=True,
        weekday=4,
        post_time=dt.time(16, 0),
        timezone="UTC",
        turned_on_by=turned_on_by,
        created_at=now,
        updated_at=now,
    )
    return _add(session, row, overrides)
