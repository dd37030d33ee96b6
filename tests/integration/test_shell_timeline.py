"""When `mgrbot shell` moves the clock to next (bot/devtools/timeline.py): the first instant
after now at which any scheduled work falls due, read from each column that schedules some."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bot.db import Database
from bot.devtools import timeline
from bot.models import DigestPost
from tests.support import factories
from tests.support.clock import START
from tests.support.slack_requests import TEAM

HOUR = dt.timedelta(hours=1)
DUE = START + 5 * HOUR


def digest_post(session: Session, *, due_at: dt.datetime, sent: bool) -> None:
    digest = factories.digest(session)
    session.add(
        DigestPost(
            digest_id=digest.id,
            week="2026-W48",
            window_start=START - 7 * 24 * HOUR,
            window_end=START,
            due_at=due_at,
            sent_at=START if sent else None,
            created_at=START,
        )
    )
    session.flush()


COLUMNS = [
    "member.next_checkin_at",
    "checkin.due_at",
    "checkin.remind_at",
    "digest.next_due_at",
    "digest_post.due_at",
    "blurb_request.expires_at",
]
# Columns whose row says when its work was done (sent, reminded, answered).
DONE_WITH = [
    "checkin.due_at",
    "checkin.remind_at",
    "digest_post.due_at",
    "blurb_request.expires_at",
]


def seed(session: Session, column: str, at: dt.datetime, *, done: bool = False) -> None:
    """A row that schedules work at `at` in `column`; `done`: that work already happened."""
    when_done = START if done else None
    if column == "member.next_checkin_at":
        factories.member(session, next_checkin_at=at)
    elif column == "checkin.due_at":
        factories.checkin(session, owner=factories.member(session), due_at=at, sent_at=when_done)
    elif column == "checkin.remind_at":
        owner = factories.member(session)
        factories.checkin(session, owner=owner, sent_at=START, remind_at=at, reminded_at=when_done)
    elif column == "digest.next_due_at":
        factories.digest(session, next_due_at=at)
    elif column == "digest_post.due_at":
        digest_post(session, due_at=at, sent=done)
    else:
        owner = factories.member(session)
        factories.blurb_request(session, owner=owner, expires_at=at, answered_at=when_done)


@pytest.mark.parametrize("column", COLUMNS)
def test_work_waiting_in_any_column_is_next(db: Database, column: str) -> None:
    with db.session() as session:
        seed(session, column, DUE)

    with db.session() as session:
        assert timeline.next_due(session, after=START) == DUE
        assert timeline.next_due(session, after=DUE - dt.timedelta(seconds=1)) == DUE
        assert timeline.next_due(session, after=DUE) is None  # strictly after


@pytest.mark.parametrize("column", DONE_WITH)
def test_work_already_done_is_not_next(db: Database, column: str) -> None:
    with db.session() as session:
        seed(session, column, DUE, done=True)

    with db.session() as session:
        assert timeline.next_due(session, after=START) is None


def test_the_earliest_of_all_columns_is_next(db: Database) -> None:
    with db.session() as session:
        kofi = factories.member(session, next_checkin_at=DUE + 3 * HOUR)
        factories.checkin(session, owner=kofi, due_at=DUE + 2 * HOUR)
        factories.digest(session, next_due_at=DUE + HOUR)
        factories.blurb_request(session, owner=kofi, expires_at=DUE)

    with db.session() as session:
        assert timeline.next_due(session, after=START) == DUE
        assert timeline.next_due(session, after=DUE) == DUE + HOUR
        assert timeline.next_digest(session, after=START) == DUE + HOUR
        assert timeline.next_checkin(session, team_id=TEAM, user_id="U1", after=START) == (
            DUE + 2 * HOUR
        )


def test_a_person_s_next_checkin_is_their_own(db: Database) -> None:
    with db.session() as session:
        factories.member(session, user_id="U1", next_checkin_at=DUE + HOUR)
        other = factories.member(session, user_id="U2", next_checkin_at=DUE)
        factories.checkin(session, owner=other, due_at=START + HOUR)

    with db.session() as session:
        assert timeline.next_checkin(session, team_id=TEAM, user_id="U1", after=START) == (
            DUE + HOUR
        )
        assert timeline.next_checkin(session, team_id=TEAM, user_id="U3", after=START) is None
        assert timeline.next_checkin(session, team_id="T2", user_id="U1", after=START) is None


def test_the_latest_activity_is_where_a_reopened_shell_starts(db: Database) -> None:
    with db.session() as session:
        assert timeline.latest_activity(session) is None
        kofi = factories.member(session, now=START)
        factories.win(session, owner=kofi, now=DUE)
        factories.checkin(session, owner=kofi, sent_at=START + HOUR)

    with db.session() as session:
        assert timeline.latest_activity(session) == DUE
