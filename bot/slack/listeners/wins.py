"""Wins from the Home tab: the "Log a win" modal and each win's share / blurb menu."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View

from bot.services import wins
from bot.services.errors import FieldErrors, UserError
from bot.slack import ids
from bot.slack.blocks import blurbs as blurb_blocks
from bot.slack.blocks import wins as win_blocks
from bot.slack.blocks.modals import notice_modal
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.forms import inline
from bot.slack.home_tab import after_change, refresh_home
from bot.slack.payloads import ActionPayload, Submission, parse_id
from bot.slack.submissions import once, view_submission

# A payload as Bolt hands it over; read it through bot.slack.payloads.
Json = dict[str, Any]


def log_win_button(
    ack: Ack, body: Json, action: Json, deps: Deps, actor: Actor, messenger: SlackClient
) -> None:
    ack()
    payload = ActionPayload.of(body, action)
    with deps.db.session() as session:
        view = wins.win_modal(session, now=deps.clock(), **actor.scope)
    messenger.open_modal(trigger_id=payload.trigger_id, view=view)


def _new_win(form: Submission) -> wins.NewWin:
    """The modal's fields; a date that isn't one (only a forged payload has one) is refused."""
    day = form.date(ids.WIN_DATE_BLOCK)
    if day is None and form.values.get(ids.WIN_DATE_BLOCK) is not None:
        raise FieldErrors({"date": win_blocks.PICK_A_DATE})
    item = form.optional(ids.WIN_ITEM_BLOCK)
    return wins.NewWin(
        text=form.text(ids.WIN_TEXT_BLOCK),
        happened_on=day,
        area=form.area(ids.WIN_AREA_BLOCK),
        item_id=parse_id(item) if item else None,
        share=ids.SHARE_OPTION in form.choices(ids.WIN_SHARE_BLOCK),
    )


def win_submitted(ack: Ack, view: Json, deps: Deps, actor: Actor, messenger: SlackClient) -> None:
    try:
        new_win = _new_win(Submission.of(view))
        with once(deps, actor, view) as session:
            enrolled = wins.record_win(
                session,
                team_id=actor.team_id,
                user_id=actor.user_id,
                win=new_win,
                now=deps.clock(),
            )
    except FieldErrors as exc:
        errors = inline(exc, ids.WIN_FIELDS, fallback=ids.WIN_TEXT_BLOCK)
        ack(response_action="errors", errors=errors)
        return
    ack()
    after_change(deps, messenger, actor, enrolled=enrolled)


def _menu_choice(deps: Deps, actor: Actor, choice: str, win_id: int) -> View | None:
    """Share or unshare the win (None: the Home tab shows it), or the modal asking for a blurb
    about it."""
    with deps.db.session() as session:
        win = wins.get_win(session, team_id=actor.team_id, user_id=actor.user_id, win_id=win_id)
        if choice == ids.MENU_BLURB:
            return blurb_blocks.ask_modal(about=win.text, win_id=win.id)
        if choice not in (ids.MENU_SHARE, ids.MENU_UNSHARE):
            raise UserError(win_blocks.UNKNOWN_MENU_CHOICE)
        wins.set_shared(session, win=win, shared=choice == ids.MENU_SHARE, now=deps.clock())
    return None


def win_menu(
    ack: Ack, body: Json, action: Json, deps: Deps, actor: Actor, messenger: SlackClient
) -> None:
    ack()
    payload = ActionPayload.of(body, action)
    try:
        view = _menu_choice(deps, actor, *payload.menu_choice)
    except UserError as exc:
        messenger.open_modal(trigger_id=payload.trigger_id, view=notice_modal(refusal_text(exc)))
        view = None
    if view is None:
        refresh_home(deps, messenger, actor)
    else:
        messenger.open_modal(trigger_id=payload.trigger_id, view=view)


def register(app: App) -> None:
    app.action(ids.HOME_LOG_WIN)(log_win_button)
    view_submission(app, ids.WIN_MODAL)(win_submitted)
    app.action(ids.HOME_WIN_MENU)(win_menu)
