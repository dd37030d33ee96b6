"""Stakeholder catch-ups and the monthly update in the weekly check-in, on a real database:
the scheduler ticks every Monday at 09:00 in Berlin for weeks (across the March change to
summer time), each check-in is sent through a fake Messenger and answered, and the test reads
which move each week proposed and what its DM said."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.db import Database
from bot.domain.moves import STALE_AFTER, MoveKind
from bot.jobs.checkins import CheckinDelivery
from bot.models import CheckIn, MonthlyUpdate, Stakeholder, StakeholderContact, UpdateRecipient
from bot.services.checkins import answers, messages
from bot.services.members import find_member
from tests.support.checkin_helpers import LIBRARY, MOVES, add_member, checkins_of, local
from tests.support.fake_messenger import FakeMessenger
from tests.support.slack_requests import TEAM

BERLIN = "Europe/Berlin"
WEEK = dt.timedelta(weeks=1)
# Monday 1 March 2027; Berlin moves to summer time on Sunday 28 March.
MARCH_1 = dt.date(2027, 3, 1)
# Enrolled on the Friday before: the first check-in is Monday 1 March's.
ENROLLED = local(dt.date(2027, 2, 26), 10, 0, BERLIN)


@dataclass(frozen=True)
class Week:
    day: dt.date
    kind: MoveKind
    stakeholder: str | None
    text: str  # the DM as sent: every block's JSON


def member(db: Database, *, manager: bool = False) -> None:
    add_member(db, "U1", tz=BERLIN, now=ENROLLED)
    with db.session() as session:
        found = find_member(session, team_id=TEAM, user_id="U1")
        assert found is not None
        found.manager_user_id = "U9" if manager else None


def stakeholder(
    db: Database, user: str, *, added: dt.datetime, met: dt.datetime | None = None
) -> None:
    with db.session() as session:
        found = find_member(session, team_id=TEAM, user_id="U1")
        assert found is not None
        row = Stakeholder(
            team_id=TEAM, member_id=found.id, user_id=user, added_at=added, last_contact_at=met
        )
        session.add(row)
        session.flush()
        if met is not None:
            session.add(StakeholderContact(stakeholder_id=row.id, at=met))


def update_sent(db: Database, at: dt.datetime) -> None:
    with db.session() as session:
        found = find_member(session, team_id=TEAM, user_id="U1")
        assert found is not None
        update = MonthlyUpdate(team_id=TEAM, member_id=found.id, text="Update", created_at=at)
        update.recipients.append(UpdateRecipient(user_id="U2", state="sent", sent_at=at))
        session.add(update)


def monday_9(day: dt.date) -> dt.datetime:
    return local(day, 9, 0, BERLIN)


def weeks(
    db: Database,
    count: int,
    *,
    start: dt.date = MARCH_1,
    stale_after: dt.timedelta = STALE_AFTER,
) -> list[Week]:
    """Tick at each Monday 09:00 Berlin from `start`; skip each check-in once delivered (so
    nobody is asked to pause). A tick an hour off the slot would create nothing."""
    fake = FakeMessenger()
    delivery = CheckinDelivery(
        db=db, slack=fake, library=LIBRARY, stale_after=stale_after, workers=1
    )
    seen: list[Week] = []
    for index in range(count):
        day = start + index * WEEK
        now = monday_9(day)
        assert delivery.run(now - dt.timedelta(minutes=1)).get("checkins_created", 0) == 0
        done = delivery.run(now)
        assert done.get("checkins_created") == 1 and done.get("checkins_sent") == 1, (day, done)
        row = checkins_of(db)[-1]
        message = fake.said[-1].message
        assert message is not None and fake.said[-1].to == "U1"
        seen.append(
            Week(
                day=day,
                kind=MOVES[row.move_id].kind,
                stakeholder=row.stakeholder_user_id,
                text=json.dumps(message.to_dict()),
            )
        )
        with db.session() as session:
            current = session.get(CheckIn, row.id)
            assert current is not None
            answers.skip(session, checkin=current, now=now + dt.timedelta(hours=1))
    return seen


def kinds(seen: list[Week]) -> list[tuple[dt.date, MoveKind]]:
    return [(w.day, w.kind) for w in seen if w.kind is not MoveKind.REGULAR]


def test_a_stale_stakeholder_is_proposed_once_a_month_across_the_change_to_summer_time(
    db: Database,
) -> None:
    member(db)
    stakeholder(db, "U3", added=local(dt.date(2027, 1, 11), 12, 0, BERLIN))  # 7 weeks before
    seen = weeks(db, 9)  # 1 March to 26 April
    assert kinds(seen) == [
        (dt.date(2027, 3, 1), MoveKind.CATCH_UP),
        (dt.date(2027, 4, 5), MoveKind.CATCH_UP),
    ]
    first = seen[0]
    assert first.stakeholder == "U3"
    assert "Catch up with a stakeholder" in first.text  # the header: plain text
    assert "Catch up with <@U3>" in first.text
    assert "You haven't logged a conversation since you added them on Mon 11 Jan 2027" in first.text
    assert all(w.stakeholder is None for w in seen if w.kind is MoveKind.REGULAR)
    # Each check-in came at 09:00 in Berlin, winter and summer.
    for row in checkins_of(db):
        assert row.created_at.astimezone(ZoneInfo(BERLIN)).time() == dt.time(9, 0)


def test_with_a_manager_the_catch_up_never_takes_the_update_week(db: Database) -> None:
    member(db, manager=True)
    stakeholder(db, "U3", added=local(dt.date(2027, 1, 11), 12, 0, BERLIN))
    seen = weeks(db, 9)
    assert kinds(seen) == [
        (dt.date(2027, 3, 1), MoveKind.MANAGER_UPDATE),
        (dt.date(2027, 3, 8), MoveKind.CATCH_UP),
        (dt.date(2027, 4, 5), MoveKind.MANAGER_UPDATE),
        (dt.date(2027, 4, 12), MoveKind.CATCH_UP),
    ]


def test_the_one_longest_without_a_conversation_is_proposed_and_a_recent_one_never(
    db: Database,
) -> None:
    member(db)
    long_ago = local(dt.date(2026, 10, 1), 12, 0, BERLIN)
    # Met 2 weeks ago: not stale. Added 7 weeks ago, never met: stale. Met 8 weeks ago: stalest.
    stakeholder(db, "U4", added=long_ago, met=local(dt.date(2027, 2, 15), 12, 0, BERLIN))
    stakeholder(db, "U5", added=local(dt.date(2027, 1, 11), 12, 0, BERLIN))
    stakeholder(db, "U3", added=long_ago, met=local(dt.date(2027, 1, 4), 12, 0, BERLIN))
    [first] = weeks(db, 1)
    assert first.kind is MoveKind.CATCH_UP and first.stakeholder == "U3"
    assert "You last talked on Mon 4 Jan 2027." in first.text


def test_a_stakeholder_met_two_weeks_ago_is_not_stale(db: Database) -> None:
    member(db)
    stakeholder(
        db,
        "U3",
        added=local(dt.date(2026, 10, 1), 12, 0, BERLIN),
        met=local(dt.date(2027, 2, 15), 12, 0, BERLIN),
    )
    assert kinds(weeks(db, 3)) == []


def test_the_threshold_is_the_setting(db: Database) -> None:
    member(db)
    stakeholder(db, "U3", added=local(dt.date(2027, 2, 1), 12, 0, BERLIN))  # 4 weeks before
    assert kinds(weeks(db, 1)) == []  # 6 weeks by default
    assert kinds(weeks(db, 1, start=MARCH_1 + WEEK, stale_after=dt.timedelta(weeks=3))) == [
        (MARCH_1 + WEEK, MoveKind.CATCH_UP)
    ]


def test_an_update_already_sent_this_month_is_not_proposed_again(db: Database) -> None:
    member(db, manager=True)
    # 00:30 on 1 March in Berlin is still February in UTC: it counts for March.
    update_sent(db, dt.datetime(2027, 2, 28, 23, 30, tzinfo=dt.UTC))
    seen = weeks(db, 6)
    assert kinds(seen) == [(dt.date(2027, 4, 5), MoveKind.MANAGER_UPDATE)]


def test_an_update_sent_last_month_still_leaves_this_months_to_propose(db: Database) -> None:
    member(db, manager=True)
    # 23:30 on 28 February in Berlin: February's.
    update_sent(db, dt.datetime(2027, 2, 28, 22, 30, tzinfo=dt.UTC))
    assert kinds(weeks(db, 2)) == [(MARCH_1, MoveKind.MANAGER_UPDATE)]


def test_with_the_update_sent_the_first_week_of_the_month_is_the_catch_up(db: Database) -> None:
    member(db, manager=True)
    stakeholder(db, "U3", added=local(dt.date(2027, 1, 11), 12, 0, BERLIN))
    update_sent(db, local(dt.date(2027, 3, 1), 8, 0, BERLIN))
    assert kinds(weeks(db, 3)) == [(MARCH_1, MoveKind.CATCH_UP)]


def _catch_up_checkin(db: Database) -> CheckIn:
    member(db)
    stakeholder(
        db,
        "U3",
        added=local(dt.date(2026, 10, 1), 12, 0, BERLIN),
        met=local(dt.date(2027, 1, 4), 12, 0, BERLIN),
    )
    delivery = CheckinDelivery(db=db, slack=FakeMessenger(), library=LIBRARY, workers=1)
    delivery.run(monday_9(MARCH_1))
    [row] = checkins_of(db)
    assert MOVES[row.move_id].kind is MoveKind.CATCH_UP and row.stakeholder_user_id == "U3"
    return row


def test_did_it_on_a_catch_up_logs_the_conversation(db: Database) -> None:
    row = _catch_up_checkin(db)
    now = monday_9(MARCH_1) + dt.timedelta(hours=5)
    with db.session() as session:
        form = answers.did_it_form(
            session, team_id=TEAM, user_id="U1", checkin_id=row.id, library=LIBRARY
        )
        assert form.move.about is not None and form.move.about.user_id == "U3"
        answers.did_it_for(
            session,
            team_id=TEAM,
            user_id="U1",
            did=answers.DidIt(checkin_id=row.id, outcome="Coffee with Carol"),
            library=LIBRARY,
            now=now,
        )
    with db.session() as session:
        carol = session.scalars(select(Stakeholder).where(Stakeholder.user_id == "U3")).one()
        assert carol.last_contact_at == now
        contacts = session.scalars(
            select(StakeholderContact.at).where(StakeholderContact.stakeholder_id == carol.id)
        ).all()
        assert sorted(contacts) == [local(dt.date(2027, 1, 4), 12, 0, BERLIN), now]
        # The DM keeps saying when they had last talked before this week.
        checkin = session.get(CheckIn, row.id)
        assert checkin is not None
        shown = json.dumps(messages.render(session, checkin, library=LIBRARY, now=now).to_dict())
        assert "You last talked on Mon 4 Jan 2027." in shown and "Done." in shown


def test_did_it_after_the_stakeholder_was_removed_logs_nothing(db: Database) -> None:
    row = _catch_up_checkin(db)
    with db.session() as session:
        session.delete(session.scalars(select(Stakeholder)).one())
    now = monday_9(MARCH_1) + dt.timedelta(hours=5)
    with db.session() as session:
        answers.did_it_for(
            session,
            team_id=TEAM,
            user_id="U1",
            did=answers.DidIt(checkin_id=row.id, outcome="Met Carol anyway"),
            library=LIBRARY,
            now=now,
        )
        assert session.scalars(select(StakeholderContact)).all() == []
        checkin = session.get(CheckIn, row.id)
        assert checkin is not None and checkin.state == "done"
        shown = json.dumps(messages.render(session, checkin, library=LIBRARY, now=now).to_dict())
        assert "Catch up with <@U3>" in shown


def test_a_swapped_catch_up_names_nobody_and_still_counts_for_the_month(db: Database) -> None:
    row = _catch_up_checkin(db)
    now = monday_9(MARCH_1) + dt.timedelta(hours=1)
    with db.session() as session:
        checkin = session.get(CheckIn, row.id)
        assert checkin is not None
        move = answers.swap(session, checkin=checkin, now=now, library=LIBRARY)
        assert move.kind is MoveKind.REGULAR
        assert checkin.stakeholder_user_id is None
        assert checkin.shown_moves == f"stakeholder-catch-up,{move.id}"
    # Swapped away, it still was this month's: the rest of March proposes none.
    later = weeks(db, 5, start=MARCH_1 + WEEK)
    assert kinds(later) == [(dt.date(2027, 4, 5), MoveKind.CATCH_UP)]
