"""Moving the clock in `mgrbot shell`: check-ins land at the member's local time across a
daylight-saving change, time never runs backwards, and a reopened database resumes after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.db import Database
from bot.devtools import timeline
from bot.devtools.session import Session
from bot.devtools.workspace import TEAM_ID
from tests.support.shell_helpers import ScriptedShell, open_session

# Wednesday 17 March 2027, noon in Berlin; Europe moves to summer time on Sunday 28 March.
BEFORE_DST = dt.datetime(2027, 3, 17, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def session(db: Database, database_url: str) -> Iterator[Session]:
    with open_session(database_url, BEFORE_DST) as session:
        yield session


def next_checkin(session: Session) -> dt.datetime | None:
    with session.db.session() as db_session:
        return timeline.next_checkin(
            db_session, team_id=TEAM_ID, user_id="UKOFI", after=session.clock()
        )


def test_monday_nine_in_berlin_is_eight_utc_before_the_change_and_seven_after(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)
    kofi.type("/mgr-goal add Write the on-call guide")  # enrolled: Mondays at 09:00
    assert next_checkin(session) == dt.datetime(2027, 3, 22, 8, 0, tzinfo=dt.UTC)

    first = kofi.type(":next checkin", ":now")

    assert "⏩ Mon 22 Mar 2027 09:00 (Europe/Berlin)" in first
    assert "Mon 22 Mar 2027 09:00 Europe/Berlin (08:00 UTC)" in first
    assert "── DM to @kofi · Mon 22 Mar 09:00 ──" in first
    assert next_checkin(session) == dt.datetime(2027, 3, 29, 7, 0, tzinfo=dt.UTC)

    second = kofi.type(":press Skip this week", ":next checkin", ":now")

    assert "⏩ Mon 29 Mar 2027 09:00 (Europe/Berlin)" in second
    assert "Mon 29 Mar 2027 09:00 Europe/Berlin (07:00 UTC)" in second
    assert "── DM to @kofi · Mon 29 Mar 09:00 ──" in second
    assert kofi.status == 0


def test_time_only_moves_forward(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(":at 2027-03-17 11:00", ":now", ":at 2027-03-18", ":now")

    assert "Time only moves forward here" in printed
    assert "Wed 17 Mar 2027 12:00 Europe/Berlin (11:00 UTC)" in printed
    assert "⏩ Thu 18 Mar 2027 00:00 (Europe/Berlin)" in printed
    assert "Thu 18 Mar 2027 00:00 Europe/Berlin (23:00 UTC)" in printed


def test_a_shell_reopened_on_the_same_data_starts_after_it(
    session: Session, database_url: str
) -> None:
    kofi = ScriptedShell(session)
    kofi.type(":at 2027-04-01 10:00", "/mgr-goal win Ran the retro")
    session.close()

    # Started "now" (before the data), it starts a minute after the last thing that happened.
    with open_session(database_url, BEFORE_DST) as reopened:
        printed = ScriptedShell(reopened).type(":now", "/mgr-goal wins")

    assert "Thu 1 Apr 2027 10:01 Europe/Berlin (08:01 UTC)" in printed
    assert "Thu 1 Apr 2027 Ran the retro" in printed
