"""Buttons and menus: Home tab buttons, each item's overflow menu, remove confirmation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.slack_text import escape
from bot.services import campaign, members
from bot.services.errors import UserError
from bot.slack import ids
from bot.slack.blocks import modals
from bot.slack.blocks.messages import notice
from bot.slack.client import SlackClient, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import refresh_home


def _item_id(value: str) -> int:
    """The id in a button value; anything else becomes an id no item has."""
    return int(value) if value.isdigit() and len(value) <= 10 else -1


def register(app: App, deps: Deps) -> None:
    @app.action(ids.HOME_ADD_ITEM)
    def add_item_button(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        SlackClient(client).open_modal(trigger_id=body["trigger_id"], view=modals.item_modal())

    @app.action(ids.HOME_SETUP)
    def setup_button(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        actor = Actor.of(context)
        with deps.db.session() as session:
            member = members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
            view = modals.setup_modal(member)
        SlackClient(client).open_modal(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.HOME_ITEM_MENU)
    def item_menu(
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
        now = deps.clock()
        try:
            with deps.db.session() as session:
                item = campaign.get_item_by_id(
                    session, team_id=actor.team_id, user_id=actor.user_id, item_id=_item_id(raw_id)
                )
                today = now.astimezone(members.zone(item.member)).date()
                view = None
                if choice == ids.MENU_DONE:
                    campaign.complete_item(session, item=item, evidence="", now=now)
                elif choice == ids.MENU_EVIDENCE:
                    view = modals.evidence_modal(item, today=today)
                elif choice == ids.MENU_EDIT:
                    view = modals.item_modal(item)
                elif choice == ids.MENU_REMOVE:
                    view = modals.remove_modal(item, today=today)
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

    @app.action(ids.REMOVE_CONFIRM)
    def remove_confirmed(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        actor = Actor.of(context)
        try:
            with deps.db.session() as session:
                item = campaign.get_item_by_id(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    item_id=_item_id(str(action.get("value", ""))),
                )
                number = campaign.remove_item(session, item=item)
        except UserError as exc:
            respond_with(respond, notice(escape(str(exc))), replace_original=True)
            return
        respond_with(respond, notice(f"Removed #{number} from your list."), replace_original=True)
        refresh_home(deps, SlackClient(client), actor)

    @app.action(ids.REMOVE_CANCEL)
    def remove_cancelled(ack: Ack, respond: Respond) -> None:
        ack()
        respond_with(respond, notice("Kept it. Nothing was removed."), replace_original=True)
