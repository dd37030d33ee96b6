"""The confidence question, the look back and the ready prompt over two months on a real
database, with a frozen clock at each weekly slot. U1 is in Los Angeles with Saturday 20:00
check-ins: 31 October's is already 1 November in UTC (and the clocks go back that night), so
the member's own month, not UTC's, decides the first check-in of a month."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db import Database
from bot.domain.case import Confidence
from bot.domain.moves import Effort, MoveKind
from bot.services.checkins import confidence, rows
from bot.services.errors import UserError
from bot.services.members import find_member
from tests.support.checkin_helpers import LIBRARY, MOVES, add_member, local
from tests.support.slack_requests import TEAM

LA = "America/Los_Angeles"
SATURDAYS = [dt.date(2026, 10, 17) + dt.timedelta(weeks=n) for n in range(8)]


def slot(day: dt.date) -> dt.datetime:
    return local(day, 20, 0, LA)


def week(db: Database, day: dt.date) -> tuple[int, bool, bool, str]:
    """Make and answer the week's check-in: its id, asks_confidence, looks_back, move id."""
    with db.session() as session:
        member = find_member(session, team_id=TEAM, user_id="U1")
        assert member is not None
        row = rows.create_checkin(session, member=member, now=slot(day), library=LIBRARY)
        assert row is not None
        row.state = "sent"  # delivered; answered below or not at all
        return row.id, row.asks_confidence, row.looks_back, row.move_id


def answer(db: Database, checkin_id: int, level: Confidence, day: dt.date) -> None:
    with db.session() as session:
        confidence.record_confidence(
            session,
            team_id=TEAM,
            user_id="U1",
            checkin_id=checkin_id,
            level=level,
            now=slot(day) + dt.timedelta(hours=1),
        )


def test_the_local_month_decides_and_low_looks_back_once(db: Database) -> None:
    assert slot(SATURDAYS[2]).month == 11  # 31 October, 20:00 in LA, is November in UTC
    add_member(db, "U1", tz=LA, now=slot(SATURDAYS[0]) - dt.timedelta(days=3), weekday=5)
    with db.session() as session:
        member = find_member(session, team_id=TEAM, user_id="U1")
        assert member is not None
        # 5 December is 30 days before the target date: the ready prompt comes then.
        member.target_date = dt.date(2027, 1, 4)
    seen = []
    for day in SATURDAYS:
        checkin_id, asks, looks_back, move_id = week(db, day)
        seen.append((day, asks, looks_back, move_id))
        if day == SATURDAYS[2]:
            with pytest.raises(UserError):  # not asked this week: no answer stored
                answer(db, checkin_id, Confidence.LOW, day)
        if day == SATURDAYS[3]:
            answer(db, checkin_id, Confidence.LOW, day)
        with db.session() as session:
            row = rows.current_checkin(
                session,
                member=find_member(session, team_id=TEAM, user_id="U1"),  # type: ignore[arg-type]
            )
            assert row is not None
            row.state = "skipped"
    asked = [day for day, asks, _, _ in seen if asks]
    assert asked == [dt.date(2026, 10, 17), dt.date(2026, 11, 7), dt.date(2026, 12, 5)]
    looked_back = [day for day, _, back, _ in seen if back]
    assert looked_back == [dt.date(2026, 11, 14)]
    small = {day: MOVES[move_id].effort for day, _, _, move_id in seen}
    assert small[dt.date(2026, 11, 14)] is Effort.SMALL
    kinds = {day: MOVES[move_id].kind for day, _, _, move_id in seen}
    assert [d for d, k in kinds.items() if k is MoveKind.READY] == [dt.date(2026, 12, 5)]


def test_the_ready_prep_finds_a_shareable_testimonial_behind_many_private_ones(
    db: Database,
) -> None:
    """The newest 25 blurbs are private; the one the writer allowed to share is older."""
    from bot.services import ready
    from tests.support import factories

    with db.session() as session:
        kofi = factories.member(session, user_id="U1")
        for n in range(26):
            factories.blurb_request(
                session,
                owner=kofi,
                colleague_user_id=f"U{n + 10}",
                state="written",
                blurb=f"Blurb {n}",
                answered_at=factories.START + dt.timedelta(days=n),
                may_share=n == 0,
            )
    with db.session() as session:
        prep = ready.prep_for(session, team_id=TEAM, user_id="U1")
    assert [t.text for t in prep.testimonials] == ["Blurb 0"]
