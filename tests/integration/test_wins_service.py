"""Logging a win from the Home tab's modal: enrolment, and field errors a modal can show."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.models import Member
from bot.services import wins
from bot.services.errors import FieldErrors
from bot.slack import ids
from bot.slack.forms import inline

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def record(db: Database, win: wins.NewWin) -> bool:
    with db.session() as session:
        return wins.record_win(session, team_id="T1", user_id="U1", win=win, now=NOW)


def test_the_first_win_enrols_the_member_and_the_next_does_not(db: Database) -> None:
    assert record(db, wins.NewWin(text="Ran the retro")) is True
    assert record(db, wins.NewWin(text="Mentored Sam", share=True)) is False
    with db.session() as session:
        form = wins.win_form(session, team_id="T1", user_id="U1", now=NOW)
        assert form.today == NOW.date() and form.items == []
        member = session.scalars(select(Member)).one()
        logged = wins.recent_wins(session, member=member)
        assert [(w.text, w.shared) for w in logged] == [
            ("Mentored Sam", True),
            ("Ran the retro", False),
        ]


def test_every_refused_field_lands_on_its_own_block(db: Database) -> None:
    bad = wins.NewWin(text=" ", happened_on=NOW.date() + dt.timedelta(days=2), item_id=99)
    with pytest.raises(FieldErrors) as refused:
        record(db, bad)
    shown = inline(refused.value, ids.WIN_FIELDS, fallback=ids.WIN_TEXT_BLOCK)
    assert shown.keys() == {ids.WIN_TEXT_BLOCK, ids.WIN_DATE_BLOCK, ids.WIN_ITEM_BLOCK}
    assert "future" in shown[ids.WIN_DATE_BLOCK]
