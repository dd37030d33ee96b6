"""The "Not now" cooldown every ask of a person shares (a blurb request, a stakeholder ask):
after someone says "Not now" to a member, the member waits before asking them again.

Derived from the declined row itself (its answered_at), so there is nothing else to keep in
step; a member's asks of one person are few, so their member_id index is enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.domain.dates import ask_again_on, cooldown_window
from bot.models import Member
from bot.services.members import zone


def held(
    session: Session,
    *,
    answered_at: InstrumentedAttribute[dt.datetime | None],
    declined: Iterable[ColumnElement[bool]],
    member: Member,
    days: int,
    now: dt.datetime,
) -> tuple[dt.date, dt.date] | None:
    """(the member's local day of the latest "Not now", the first day they may ask again)
    while that day is still ahead; else None. `declined` picks this member's declined asks of
    the one person."""
    latest = session.scalar(
        select(answered_at)
        .where(*declined, answered_at > now - cooldown_window(days))
        .order_by(answered_at.desc())
        .limit(1)
    )
    if latest is None:
        return None
    return ask_again_on(latest, days=days, now=now, zone=zone(member))
