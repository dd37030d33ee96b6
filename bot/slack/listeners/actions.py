"""Buttons and menus: Home tab buttons, each item's overflow menu, remove confirmation."""

from __future__ import annotations

from slack_bolt import App

from bot.services import campaign, home, manager_links, members
from bot.slack import ids
from bot.slack.blocks import messages, modals
from bot.slack.home_tab import show_home
from bot.slack.presses import Press, on_press, refuse_in_place


def add_item_button(press: Press) -> None:
    press.open_modal(modals.item_modal())


def setup_button(press: Press) -> None:
    with press.session() as session:
        view = modals.setup_modal(
            members.find_member(session, **press.scope),
            manager_user_id=manager_links.named_manager(session, now=press.now, **press.scope),
        )
    press.open_modal(view)


def item_menu(press: Press) -> None:
    """Mark done (the Home is republished), or open the evidence, edit or remove modal."""
    choice, item_id = press.payload.menu_choice
    with press.session() as session:
        answer = home.item_menu(
            session,
            choice=choice,
            item_id=item_id,
            move_of=press.deps.move,
            now=press.now,
            **press.scope,
        )
    if answer.modal is not None:
        press.open_modal(answer.modal)
    if answer.home is not None:
        show_home(press.messenger, press.actor, answer.home)


def remove_confirmed(press: Press) -> None:
    with press.session() as session:
        number = campaign.remove_by_id(session, item_id=press.payload.target_id, **press.scope)
    press.replace(messages.removed(number))
    press.refresh_home()


def remove_cancelled(press: Press) -> None:
    press.replace(messages.kept())


def register(app: App) -> None:
    on_press(app, add_item_button, ids.HOME_ADD_ITEM)
    on_press(app, setup_button, ids.HOME_SETUP)
    on_press(app, item_menu, ids.HOME_ITEM_MENU)
    on_press(app, remove_confirmed, ids.REMOVE_CONFIRM, refuse=refuse_in_place)
    on_press(app, remove_cancelled, ids.REMOVE_CANCEL)
