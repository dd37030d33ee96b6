"""The stakeholder-ask use cases against a real database and a fake Messenger: asking (and an
ask whose DM failed), the race the unique index settles, answering into items, and the expiry
job."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.domain.stakeholder_asks import AskState
from bot.jobs.stakeholder_ask_expiry import expire_stakeholder_asks
from bot.models import CampaignItem, StakeholderAsk, StakeholderContact
from bot.services import stakeholder_ask_dms, stakeholder_asks
from bot.services.blurbs import Colleague
from bot.services.errors import FieldErrors, UserError
from tests.support.fake_messenger import FakeMessenger

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
PEOPLE: dict[str, dict[str, object]] = {
    "U1": {"id": "U1", "tz": "Europe/Berlin"},
    "U3": {"id": "U3"},
    "U4": {"id": "U4"},
}


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger(profiles=dict(PEOPLE))


def ask(db: Database, messenger: FakeMessenger, who: str = "U3") -> stakeholder_ask_dms.Asked:
    return stakeholder_ask_dms.ask(
        db=db, messenger=messenger, team_id="T1", user_id="U1", stakeholder_user_id=who, now=NOW
    )


def rows(db: Database) -> list[StakeholderAsk]:
    with db.session() as session:
        return list(session.scalars(select(StakeholderAsk).order_by(StakeholderAsk.id)))


def test_asking_stores_the_ask_lists_the_person_and_dms_them(
    db: Database, messenger: FakeMessenger
) -> None:
    asked = ask(db, messenger)
    assert (asked.stakeholder_user_id, asked.added, asked.enrolled) == ("U3", True, True)
    [dm] = messenger.to("U3", "dm")
    assert dm.message is not None and "<@U1>" in str(dm.message.to_dict())
    [row] = rows(db)
    assert (row.state, row.channel, row.ts) == (AskState.OPEN, "DU3", "1700000000.000001")
    assert row.expires_at == NOW + stakeholder_asks.EXPIRES_AFTER


def test_a_dm_that_fails_leaves_no_open_ask(db: Database, messenger: FakeMessenger) -> None:
    messenger.fail_dm_to.add("U3")
    with pytest.raises(UserError, match="couldn't DM them"):
        ask(db, messenger)
    assert [r.state for r in rows(db)] == [AskState.UNSENT]


def test_a_second_ask_racing_past_the_check_is_told_by_the_unique_index(
    db: Database, messenger: FakeMessenger, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask(db, messenger)
    monkeypatch.setattr(stakeholder_asks, "check_ask", lambda *a, **kw: None)
    person = Colleague(user_id="U3", is_bot=False, deleted=False)
    with db.session() as session, pytest.raises(UserError, match="already asked"):
        stakeholder_asks.create_ask(session, team_id="T1", user_id="U1", person=person, now=NOW)
    assert len(rows(db)) == 1


def test_answers_become_items_asked_by_the_stakeholder_in_one_transaction(
    db: Database, messenger: FakeMessenger
) -> None:
    asked = ask(db, messenger)
    with db.session() as session:
        answered = stakeholder_asks.answer(
            session,
            team_id="T1",
            user_id="U3",
            ask_id=asked.ask_id,
            answers=["  Run the retro ", "", "Own the on-call rota"],
            area=None,
            now=NOW,
        )
    stakeholder_ask_dms.tell_answered(messenger=messenger, answered=answered)
    with db.session() as session:
        items = session.scalars(select(CampaignItem).order_by(CampaignItem.number)).all()
        assert [(i.text, i.asked_by_user_id) for i in items] == [
            ("Run the retro", "U3"),
            ("Own the on-call rota", "U3"),
        ]
        assert len(session.scalars(select(StakeholderContact)).all()) == 1
    assert [r.state for r in rows(db)] == [AskState.ANSWERED]
    [told] = messenger.to("U1", "dm")
    assert told.message is not None and "from <@U3>" in str(told.message.to_dict())
    [closed] = messenger.to("DU3/", "update")
    assert closed.message is not None and "Thanks" in str(closed.message.to_dict())


def test_a_refused_answer_stores_nothing(db: Database, messenger: FakeMessenger) -> None:
    asked = ask(db, messenger)
    with db.session() as session, pytest.raises(FieldErrors) as refused:
        stakeholder_asks.answer(
            session,
            team_id="T1",
            user_id="U3",
            ask_id=asked.ask_id,
            answers=["", "second only"],
            area=None,
            now=NOW,
        )
    assert list(refused.value.problems) == ["answer_1"]
    assert [r.state for r in rows(db)] == [AskState.OPEN]


def test_the_expiry_job_closes_overdue_asks_and_their_dms(
    db: Database, messenger: FakeMessenger
) -> None:
    ask(db, messenger)
    ask(db, messenger, "U4")
    later = NOW + stakeholder_asks.EXPIRES_AFTER
    assert expire_stakeholder_asks(db=db, messenger=messenger, now=later - dt.timedelta(1)) == {}

    done = expire_stakeholder_asks(db=db, messenger=messenger, now=later, batch=1)

    assert done == {"stakeholder_asks_expired": 2}
    for person in ("DU3/", "DU4/"):
        [closed] = messenger.to(person, "update")
        assert closed.message is not None
        assert "expired after 14 days" in str(closed.message.to_dict())
    assert messenger.to("U1") == []  # nobody else is told
    assert [r.state for r in rows(db)] == [AskState.EXPIRED, AskState.EXPIRED]
