"""Manager links: Accept / Decline in the request DM; Unlink and "Add what I need to see" on
the manager's Home, and that form's submission."""

from __future__ import annotations

from slack_bolt import App

from bot.services import manager_asks, manager_items, manager_links
from bot.services.campaign import ItemFields
from bot.services.errors import FieldErrors, UserError
from bot.slack import ids
from bot.slack.blocks.manager_links import manager_item_modal
from bot.slack.context import Actor
from bot.slack.home_tab import refresh_home
from bot.slack.presses import Press, on_press, refuse_in_modal
from bot.slack.submissions import Modal, inline_errors, on_submit, refuse_in_notice
from bot.slack.turns import Turn


def accepted(press: Press) -> None:
    with press.session() as session:
        result = manager_links.accept(
            session, link_id=press.payload.target_id, now=press.now, **press.scope
        )
    manager_asks.tell_accepted(messenger=press.messenger, accepted=result)
    _refresh_member(press, result.link.member.user_id)
    press.refresh_home()


def declined(press: Press) -> None:
    with press.session() as session:
        link = manager_links.decline(
            session, link_id=press.payload.target_id, now=press.now, **press.scope
        )
    manager_asks.tell_declined(messenger=press.messenger, link=link)


def unlinked(press: Press) -> None:
    with press.session() as session:
        link = manager_links.unlink_by_manager(
            session, link_id=press.payload.target_id, now=press.now, **press.scope
        )
    manager_asks.tell_unlinked_by_manager(messenger=press.messenger, link=link)
    press.refresh_home()
    _refresh_member(press, link.member.user_id)


def add_for_pressed(press: Press) -> None:
    """ "Add what I need to see": the form, for the member of an active link of the presser's."""
    with press.session() as session:
        member = manager_items.member_of_link(
            session, link_id=press.payload.target_id, **press.scope
        )
    press.open_modal(manager_item_modal(member))


def add_for_submitted(modal: Modal) -> None:
    """The link is checked again as the item is stored: the form may be older than an unlink,
    and its metadata is the submitter's to forge."""
    member = modal.form.metadata.get("member")
    member_user_id = member if isinstance(member, str) else ""
    fields = ItemFields(
        text=modal.form.text(ids.TEXT_BLOCK),
        area=modal.form.area(ids.AREA_BLOCK),
        due=modal.form.date(ids.DUE_BLOCK),
    )
    added = modal.save(
        lambda s: manager_items.add_for_member(
            s, member_user_id=member_user_id, fields=fields, now=modal.now, **modal.scope
        )
    )
    manager_items.tell_member(messenger=modal.messenger, added=added)
    _refresh_member(modal, added.member_user_id)
    modal.refresh_home()


_item_form = inline_errors(ids.MANAGER_ITEM_FIELDS, fallback=ids.TEXT_BLOCK)


def _refuse_item(modal: Modal, error: UserError) -> None:
    """A field's problem inline; no link any more (or a forged form): a notice in its place."""
    if isinstance(error, FieldErrors):
        _item_form(modal, error)
    else:
        refuse_in_notice(modal, error)


def _refresh_member(turn: Turn, user_id: str) -> None:
    """The member's Home names their manager (same team: the service checked)."""
    refresh_home(turn.deps, turn.messenger, Actor(team_id=turn.actor.team_id, user_id=user_id))


def register(app: App) -> None:
    on_press(app, accepted, ids.MANAGER_ACCEPT)
    on_press(app, declined, ids.MANAGER_DECLINE)
    on_press(app, unlinked, ids.MANAGER_UNLINK, refuse=refuse_in_modal)
    on_press(app, add_for_pressed, ids.MANAGER_ADD_ITEM, refuse=refuse_in_modal)
    on_submit(app, add_for_submitted, ids.MANAGER_ITEM_MODAL, refuse=_refuse_item)
