"""Buttons and menus: Home tab buttons, each item's overflow menu, remove confirmation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.services import campaign, home, members
from bot.services.errors import UserError
from bot.slack import ids
from bot.slack.blocks import messages, modals
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import refresh_home, show_home
from bot.slack.payloads import ActionPayload


def add_item_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], messenger: SlackClient
) -> None:
    ack()
    trigger_id = ActionPayload.of(body, action).trigger_id
    messenger.open_modal(trigger_id=trigger_id, view=modals.item_modal())


def setup_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
) -> None:
    ack()
    trigger_id = ActionPayload.of(body, action).trigger_id
    with deps.db.session() as session:
        member = members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
        view = modals.setup_modal(member)
    messenger.open_modal(trigger_id=trigger_id, view=view)


def item_menu(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
) -> None:
    """Mark done (the Home is republished), or open the evidence, edit or remove modal."""
    ack()
    payload = ActionPayload.of(body, action)
    choice, item_id = payload.menu_choice
    with deps.db.session() as session:
        answer = home.item_menu(
            session,
            team_id=actor.team_id,
            user_id=actor.user_id,
            choice=choice,
            item_id=item_id,
            move_of=deps.move,
            now=deps.clock(),
        )
    if answer.modal is not None:
        messenger.open_modal(trigger_id=payload.trigger_id, view=answer.modal)
    if answer.home is not None:
        show_home(messenger, actor, answer.home)


def remove_confirmed(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
    respond: Respond,
) -> None:
    ack()
    item_id = ActionPayload.of(body, action).target_id
    try:
        with deps.db.session() as session:
            number = campaign.remove_by_id(
                session, team_id=actor.team_id, user_id=actor.user_id, item_id=item_id
            )
    except UserError as exc:
        respond_with(respond, messages.notice(refusal_text(exc)), replace_original=True)
        return
    respond_with(respond, messages.removed(number), replace_original=True)
    refresh_home(deps, messenger, actor)


def remove_cancelled(ack: Ack, respond: Respond) -> None:
    ack()
    respond_with(respond, messages.kept(), replace_original=True)


def register(app: App) -> None:
    app.action(ids.HOME_ADD_ITEM)(add_item_button)
    app.action(ids.HOME_SETUP)(setup_button)
    app.action(ids.HOME_ITEM_MENU)(item_menu)
    app.action(ids.REMOVE_CONFIRM)(remove_confirmed)
    app.action(ids.REMOVE_CANCEL)(remove_cancelled)
