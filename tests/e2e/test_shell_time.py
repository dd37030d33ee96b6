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


def test_a_move_is_at_most_a_year_and_weeks_and_days_say_their_range(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        ":at 2028-04-01 09:00", ":days 0", ":days 367", ":week 0", ":week 53", ":now"
    )

    assert "That is more than 366 days ahead; move a year at a time.\n" in printed
    assert printed.count("Give a number of days from 1 to 366, e.g. :days 3\n") == 2
    assert printed.count("Give a number of weeks from 1 to 52, e.g. :week 2\n") == 2
    assert "⏩" not in printed
    assert "Wed 17 Mar 2027 12:00 Europe/Berlin (11:00 UTC)" in printed


def test_week_n_moves_n_weeks_and_the_work_done_on_the_way_is_told_in_words(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)
    kofi.type("/mgr-goal add Write the on-call guide")

    printed = kofi.type(":week 2", ":now")

    # Two weeks on the wall clock: across the change to summer time, still 12:00.
    assert "⏩ Wed 31 Mar 2027 12:00 (Europe/Berlin)\n" in printed
    assert "  ⏱ Mon 22 Mar 09:00: check-ins scheduled: 1, check-ins sent: 1\n" in printed
    assert "  ⏱ Wed 24 Mar 09:00: reminders sent: 1\n" in printed
    assert "  ⏱ Mon 29 Mar 09:00: check-ins scheduled: 1, check-ins sent: 1\n" in printed
    ticks = [line for line in printed.splitlines() if "⏱" in line]
    assert len(ticks) == 4, ticks
    assert not any("=" in line or "_" in line for line in ticks), ticks
    assert "Wed 31 Mar 2027 12:00 Europe/Berlin (10:00 UTC)" in printed


def test_at_a_time_the_clocks_skip_moves_to_the_hour_after(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(":at 2027-03-28   02:30", ":now")

    assert "⏩ Sun 28 Mar 2027 03:30 (Europe/Berlin)\n" in printed
    assert "Sun 28 Mar 2027 03:30 Europe/Berlin (01:30 UTC)" in printed


def test_next_checkin_for_someone_paused_says_how_to_resume(session: Session) -> None:
    kofi = ScriptedShell(session)
    kofi.type("/mgr-goal add Write the on-call guide", "/mgr-goal pause")

    printed = kofi.type(":next checkin")

    assert "/mgr-goal resume" in printed
    assert printed.endswith(
        "@kofi has no check-in coming: /mgr-goal setup starts them, and /mgr-goal resume "
        "restarts paused ones.\n"
    )
    assert "⏩" not in printed
