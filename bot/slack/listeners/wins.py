"""Wins from the Home tab: the "Log a win" modal and each win's share / blurb menu."""

from __future__ import annotations

from slack_bolt import App

from bot.services import wins
from bot.services.errors import UserError
from bot.slack import ids
from bot.slack.payloads import Submission
from bot.slack.presses import Press, on_press, refuse_in_modal
from bot.slack.submissions import Modal, inline_errors, on_submit


def log_win_button(press: Press) -> None:
    with press.session() as session:
        view = wins.win_modal(session, now=press.now, **press.scope)
    press.open_modal(view)


def win_submitted(modal: Modal) -> None:
    new_win = _new_win(modal.form)
    enrolled = modal.save(lambda s: wins.record_win(s, win=new_win, now=modal.now, **modal.scope))
    modal.after_change(enrolled=enrolled)


def _new_win(form: Submission) -> wins.NewWin:
    return wins.NewWin(
        text=form.text(ids.WIN_TEXT_BLOCK),
        happened_on=form.date(ids.WIN_DATE_BLOCK),
        unreadable_date=form.unreadable_date(ids.WIN_DATE_BLOCK),
        area=form.area(ids.WIN_AREA_BLOCK),
        item_id=form.chosen_id(ids.WIN_ITEM_BLOCK),
        share=ids.SHARE_OPTION in form.choices(ids.WIN_SHARE_BLOCK),
    )


def win_menu(press: Press) -> None:
    """Share or unshare the win (the Home tab shows it), or ask for a blurb about it."""
    choice, win_id = press.payload.menu_choice
    with press.session() as session:
        view = wins.win_menu(session, choice=choice, win_id=win_id, now=press.now, **press.scope)
    if view is None:
        press.refresh_home()
    else:
        press.open_modal(view)


def _refuse_and_refresh(press: Press, error: UserError) -> None:
    """A stale menu: why, in a modal, and the Home tab as it is now."""
    refuse_in_modal(press, error)
    press.refresh_home()


def register(app: App) -> None:
    on_press(app, log_win_button, ids.HOME_LOG_WIN)
    win_form = inline_errors(ids.WIN_FIELDS, fallback=ids.WIN_TEXT_BLOCK)
    on_submit(app, win_submitted, ids.WIN_MODAL, refuse=win_form)
    on_press(app, win_menu, ids.HOME_WIN_MENU, refuse=_refuse_and_refresh)
