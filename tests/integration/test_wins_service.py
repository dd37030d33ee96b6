"""Wins from the Home tab: the modal (enrolment, field errors a modal can show) and the menu."""

from __future__ import annotations

import datetime as dt

import pytest
from slack_sdk.models.views import View
from sqlalchemy import select

from bot.db import Database
from bot.models import Member, Win
from bot.services import wins
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.slack import ids
from bot.slack.submissions import inline

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


def test_a_date_that_is_not_one_is_refused_not_read_as_today(db: Database) -> None:
    with pytest.raises(FieldErrors) as refused:
        record(db, wins.NewWin(text="Ran the retro", unreadable_date=True))
    assert list(refused.value.problems) == ["date"]
    with db.session() as session:
        assert session.scalars(select(Win)).all() == []


def menu(db: Database, choice: str, win_id: int, user: str = "U1") -> object:
    with db.session() as session:
        return wins.win_menu(
            session, team_id="T1", user_id=user, choice=choice, win_id=win_id, now=NOW
        )


def test_a_win_menu_shares_unshares_or_opens_the_blurb_modal(db: Database) -> None:
    record(db, wins.NewWin(text="Ran the retro"))
    with db.session() as session:
        [win] = wins.recent_wins(session, member=session.scalars(select(Member)).one())
        win_id = win.id
    assert menu(db, ids.MENU_SHARE, win_id) is None
    with db.session() as session:
        assert session.get(Win, win_id).shared is True  # type: ignore[union-attr]
    assert menu(db, ids.MENU_UNSHARE, win_id) is None
    modal = menu(db, ids.MENU_BLURB, win_id)
    assert isinstance(modal, View) and modal.callback_id == ids.BLURB_ASK_MODAL
    with pytest.raises(UserError, match="isn't one I know"):
        menu(db, "frobnicate", win_id)
    with pytest.raises(NotFound):
        menu(db, ids.MENU_SHARE, win_id, user="U2")
    with db.session() as session:
        assert session.get(Win, win_id).shared is False  # type: ignore[union-attr]


def test_a_refusal_about_no_one_field_lands_on_the_fallback_block() -> None:
    shown = inline(UserError("That form is stale."), ids.WIN_FIELDS, fallback=ids.WIN_TEXT_BLOCK)
    assert shown == {ids.WIN_TEXT_BLOCK: "That form is stale."}
