"""Wins from the Home tab: the "Log a win" modal and each win's share / blurb menu."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.areas import SkillArea
from bot.domain.slack_text import escape
from bot.services import campaign, members, wins
from bot.services.errors import UserError
from bot.services.wins import WinErrors
from bot.slack import ids
from bot.slack.blocks import modals
from bot.slack.blocks import wins as win_blocks
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import after_change, block_value, refresh_home
from bot.slack.submissions import once, view_submission

_WIN_FIELD_BLOCKS = {
    "text": ids.WIN_TEXT_BLOCK,
    "date": ids.WIN_DATE_BLOCK,
    "item": ids.WIN_ITEM_BLOCK,
}


def _id(value: object) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 10 else -1


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _area(value: Any) -> SkillArea | None:
    try:
        return SkillArea(value) if value else None
    except ValueError:
        return None


def win_modal_for(deps: Deps, actor: Actor, *, text: str | None = None) -> Any:
    """The "Log a win" modal, with the member's items and their local today."""
    with deps.db.session() as session:
        member = members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
        items = campaign.list_items(session, team_id=actor.team_id, user_id=actor.user_id)
        today = deps.clock().astimezone(members.zone(member)).date()
    return win_blocks.win_modal(items, today=today, text=text)


def register(app: App, deps: Deps) -> None:
    @app.action(ids.HOME_LOG_WIN)
    def log_win_button(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        view = win_modal_for(deps, Actor.of(context))
        SlackClient(client).open_modal(trigger_id=body["trigger_id"], view=view)

    @view_submission(app, ids.WIN_MODAL)
    def win_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        item_value = block_value(view, ids.WIN_ITEM_BLOCK, ids.INPUT)
        day = block_value(view, ids.WIN_DATE_BLOCK, ids.INPUT)
        if day is not None and _date(day) is None:
            ack(response_action="errors", errors={ids.WIN_DATE_BLOCK: "Pick a date."})
            return
        try:
            with once(deps, actor, view) as session:
                enrolling = (
                    members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
                    is None
                )
                wins.log_win(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    text=block_value(view, ids.WIN_TEXT_BLOCK, ids.INPUT) or "",
                    happened_on=_date(day),
                    area=_area(block_value(view, ids.WIN_AREA_BLOCK, ids.INPUT)),
                    item_id=_id(item_value) if item_value else None,
                    share=ids.SHARE_OPTION
                    in (block_value(view, ids.WIN_SHARE_BLOCK, ids.INPUT) or []),
                    now=deps.clock(),
                )
        except WinErrors as exc:
            errors = {
                _WIN_FIELD_BLOCKS.get(k, ids.WIN_TEXT_BLOCK): v for k, v in exc.problems.items()
            }
            ack(response_action="errors", errors=errors)
            return
        ack()
        after_change(deps, SlackClient(client), actor, enrolled=enrolling)

    @app.action(ids.HOME_WIN_MENU)
    def win_menu(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        ack()
        actor = Actor.of(context)
        slack = SlackClient(client)
        choice, _, raw_id = str((action.get("selected_option") or {}).get("value", "")).partition(
            ":"
        )
        try:
            with deps.db.session() as session:
                win = wins.get_win(
                    session, team_id=actor.team_id, user_id=actor.user_id, win_id=_id(raw_id)
                )
                if choice in (ids.MENU_SHARE, ids.MENU_UNSHARE):
                    wins.set_shared(
                        session, win=win, shared=choice == ids.MENU_SHARE, now=deps.clock()
                    )
                    view = None
                elif choice == ids.MENU_BLURB:
                    view = win_blocks.blurb_ask_modal(about=win.text, win_id=win.id)
                else:
                    raise UserError("That menu choice isn't one I know.")
        except UserError as exc:
            slack.open_modal(
                trigger_id=body["trigger_id"], view=modals.notice_modal(escape(str(exc)))
            )
            refresh_home(deps, slack, actor)
            return
        if view is not None:
            slack.open_modal(trigger_id=body["trigger_id"], view=view)
        else:
            refresh_home(deps, slack, actor)
