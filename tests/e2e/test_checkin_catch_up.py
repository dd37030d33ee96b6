"""Stakeholder catch-ups and the monthly update in the weekly check-in DM, end to end: enrol
with a slash command, put stakeholders and updates in the database, tick the scheduler on
chosen Mondays and read the DMs, the Home and the Did it modal as Slack would get them.

U1 is in Europe/Berlin; SLOT1 is Monday 30 November 2026, 09:00 there, SLOT2 the first
check-in of December.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.domain.moves import MoveKind
from bot.models import MonthlyUpdate, Stakeholder, StakeholderContact, UpdateRecipient
from bot.services.members import find_member
from tests.e2e.test_checkins import SLOT1, SLOT2, SLOT3, click_and_wait, enrol
from tests.support.checkin_helpers import MOVES, checkins_of, dms
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count
from tests.support.readers import as_view, buttons, data_text, header, markup_text, text_of
from tests.support.slack_requests import TEAM, SlackDriver

# Monday 12 October 2026: seven weeks before SLOT1.
ADDED = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.UTC)


def add_stakeholder(db: Database, user: str, *, added: dt.datetime) -> None:
    with db.session() as session:
        member = find_member(session, team_id=TEAM, user_id="U1")
        assert member is not None
        session.add(Stakeholder(team_id=TEAM, member_id=member.id, user_id=user, added_at=added))


def latest_kind(db: Database) -> MoveKind:
    return MOVES[checkins_of(db)[-1].move_id].kind


def test_a_stakeholder_added_seven_weeks_ago_gets_a_catch_up_and_did_it_logs_the_talk(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    add_stakeholder(db, "U3", added=ADDED)
    run_tick(SLOT1)
    [dm] = dms(fake_slack)
    assert header(dm) == "Catch up with a stakeholder"
    markup = markup_text(dm)
    assert "This week's leadership move: Catch up with <@U3>" in markup  # the notification
    assert "*This week:* Catch up with <@U3>. You haven't logged a conversation since you " in (
        markup
    )
    assert "added them on Mon 12 Oct 2026. Ask them for 15 minutes" in markup
    assert "{who}" not in text_of(dm) and "{last}" not in text_of(dm)
    [row] = checkins_of(db)
    assert row.move_id == "stakeholder-catch-up" and row.stakeholder_user_id == "U3"

    clock.now = SLOT1 + dt.timedelta(hours=3)
    checkin_id = buttons(dm)["checkin_did_it"]
    modal = as_view(click_and_wait(slack, fake_slack, "checkin_did_it", checkin_id, "views.open"))
    assert "*Catch up with <@U3>*" in markup_text(modal["blocks"])
    before_home = count(fake_slack, "views.publish")
    reply = slack.submit(modal, {"outcome": "Coffee with Carol about the roadmap"})
    assert reply.status == 200 and "errors" not in reply.body, reply.body
    home = data_text(as_view(fake_slack.wait_for("views.publish", before_home + 1)[-1]))
    assert "Catch up with <@U3> (:white_check_mark: done)" in home
    with db.session() as session:
        carol = session.scalars(select(Stakeholder)).one()
        assert carol.last_contact_at == clock.now
        [contact] = session.scalars(select(StakeholderContact)).all()
        assert contact.stakeholder_id == carol.id and contact.at == clock.now

    # Talked to this week: December's first check-in has no one to catch up with.
    run_tick(SLOT2)
    assert latest_kind(db) is MoveKind.REGULAR


def test_once_a_month_at_most_and_again_the_next_month(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    enrol(slack, fake_slack)
    add_stakeholder(db, "U3", added=ADDED)
    kinds = []
    for slot in (SLOT1, SLOT2, SLOT3):  # 30 Nov, then December's first two
        run_tick(slot)
        kinds.append(latest_kind(db))
    assert kinds == [MoveKind.CATCH_UP, MoveKind.CATCH_UP, MoveKind.REGULAR]
    assert "You haven't logged a conversation" in text_of(dms(fake_slack)[1])


def test_the_monthly_update_knows_whether_this_months_was_sent(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    enrol(slack, fake_slack)
    enrol(slack, fake_slack, user="U2")  # New York: same rules, own month
    with db.session() as session:
        for user in ("U1", "U2"):
            member = find_member(session, team_id=TEAM, user_id=user)
            assert member is not None
            member.manager_user_id = "U9"
        u1 = find_member(session, team_id=TEAM, user_id="U1")
        assert u1 is not None
        # 1 December, 00:30 in Berlin: December's update, sent before the first check-in.
        sent_at = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
        update = MonthlyUpdate(
            team_id=TEAM, member_id=u1.id, text="November went well", created_at=sent_at
        )
        update.recipients.append(UpdateRecipient(user_id="U9", state="sent", sent_at=sent_at))
        session.add(update)
    run_tick(SLOT1)  # 30 November: November's update for both
    assert latest_kind(db) is MoveKind.MANAGER_UPDATE
    run_tick(SLOT2)  # 7 December 09:00 Berlin: U1 already sent December's
    assert latest_kind(db) is MoveKind.REGULAR
    assert "Send your manager" not in text_of(dms(fake_slack, "U1")[-1])
    # U2 (New York, 09:00 there) sent none: December's update, as before.
    run_tick(SLOT2 + dt.timedelta(hours=6))
    assert MOVES[checkins_of(db, "U2")[-1].move_id].kind is MoveKind.MANAGER_UPDATE
