"""Monthly-update DMs against a real database: one DM per recipient however often delivery
runs, failures recorded, and the DMs a restart cut off sent by the tick, once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db import Database
from bot.jobs.update_delivery import send_stranded_updates
from bot.models import ManagerLink, Stakeholder, UpdateRecipient
from bot.services import update_dms, updates
from tests.support import factories
from tests.support.clock import START
from tests.support.fake_messenger import FakeMessenger
from tests.support.readers import text_of

TEAM = factories.TEAM


def seed(db: Database) -> None:
    """U1 with an active link to U2 and U3 as a stakeholder."""
    with db.session() as session:
        kofi = factories.member(session, user_id="U1")
        session.add(
            ManagerLink(
                team_id=TEAM,
                member_id=kofi.id,
                manager_user_id="U2",
                state="active",
                requested_at=START,
                answered_at=START,
            )
        )
        session.add(Stakeholder(team_id=TEAM, member_id=kofi.id, user_id="U3", added_at=START))


def store(db: Database, *, to_self: bool = False) -> updates.Stored:
    with db.session() as session:
        [carol] = session.scalars(select(Stakeholder)).all()
        send = updates.Send(
            text="November",
            chosen=frozenset({"manager", f"stakeholder:{carol.id}"}),
            to_self=to_self,
        )
        return updates.store(session, team_id=TEAM, user_id="U1", send=send, now=START)


def states(db: Database) -> dict[str, str]:
    with db.session() as session:
        return {r.user_id: r.state for r in session.scalars(select(UpdateRecipient))}


def test_delivering_twice_sends_each_dm_once(db: Database) -> None:
    seed(db)
    stored = store(db)
    messenger = FakeMessenger()
    first = update_dms.deliver(db=db, messenger=messenger, stored=stored, now=START)
    again = update_dms.deliver(db=db, messenger=messenger, stored=stored, now=START)
    assert sorted(first.sent) == ["U2", "U3"] and again.sent == ()
    assert sorted(s.to for s in messenger.said) == ["U2", "U3"]
    assert states(db) == {"U2": "sent", "U3": "sent"}


def test_a_failed_dm_is_recorded_and_the_others_still_go(db: Database) -> None:
    seed(db)
    messenger = FakeMessenger(fail_dm_to={"U3"})
    delivered = update_dms.deliver(db=db, messenger=messenger, stored=store(db), now=START)
    assert (delivered.sent, delivered.failed) == (("U2",), ("U3",))
    assert states(db) == {"U2": "sent", "U3": "failed"}


def test_the_tick_sends_what_a_restart_cut_off_once_and_not_before_it_is_stranded(
    db: Database,
) -> None:
    seed(db)
    store(db)  # stored, then the process died before any DM
    messenger = FakeMessenger()
    assert send_stranded_updates(db=db, messenger=messenger, now=START) == {}
    later = START + dt.timedelta(minutes=3)
    assert send_stranded_updates(db=db, messenger=messenger, now=later) == {"update_dms_resent": 2}
    assert send_stranded_updates(db=db, messenger=messenger, now=later) == {}
    assert sorted(s.to for s in messenger.said) == ["U1", "U2", "U3"]
    # Kofi never got the receipt his Send would have sent: the tick sends it once.
    [receipt] = [s.message for s in messenger.said if s.to == "U1"]
    assert receipt is not None
    assert "Sent your monthly update to <@U2> and <@U3>" in text_of(receipt.to_dict())


def test_a_manager_unlinked_before_the_tick_gets_nothing(db: Database) -> None:
    seed(db)
    store(db)
    with db.session() as session:
        [link] = session.scalars(select(ManagerLink)).all()
        link.state = "ended"
    messenger = FakeMessenger()
    later = START + dt.timedelta(minutes=3)
    send_stranded_updates(db=db, messenger=messenger, now=later)
    assert [s.to for s in messenger.said] == ["U3", "U1"]
    receipt = messenger.said[1].message
    assert receipt is not None
    shown = text_of(receipt.to_dict())
    assert "Sent your monthly update to <@U3>." in shown
    assert "<@U2>" not in shown  # unlinked meanwhile: not "couldn't DM" her either
    assert states(db) == {"U2": "failed", "U3": "sent"}
    assert send_stranded_updates(db=db, messenger=messenger, now=later) == {}


def test_an_update_that_reached_nobody_is_not_the_last_one_sent(db: Database) -> None:
    """Every DM failed: the Home doesn't name it, the next draft starts before it, and the
    month's update move is still owed."""
    from bot.services.checkins.catch_up import update_sent_this_month
    from bot.services.members import find_member

    seed(db)
    messenger = FakeMessenger(fail_dm_to={"U2", "U3"})
    update_dms.deliver(db=db, messenger=messenger, stored=store(db), now=START)
    with db.session() as session:
        kofi = find_member(session, team_id=TEAM, user_id="U1")
        assert updates.last_update(session, member=kofi) is None
        assert kofi is not None
        assert not update_sent_this_month(session, member=kofi, now=START)
    update_dms.deliver(
        db=db, messenger=FakeMessenger(fail_dm_to={"U3"}), stored=store(db), now=START
    )
    with db.session() as session:
        kofi = find_member(session, team_id=TEAM, user_id="U1")
        last = updates.last_update(session, member=kofi)
        assert last is not None and last.recipients == ("U2",)
        assert kofi is not None and update_sent_this_month(session, member=kofi, now=START)
