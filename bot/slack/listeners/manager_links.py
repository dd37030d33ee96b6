"""Manager links: Accept / Decline in the request DM, and Unlink on the manager's Home."""

from __future__ import annotations

from slack_bolt import App

from bot.services import manager_asks, manager_links
from bot.slack import ids
from bot.slack.context import Actor
from bot.slack.home_tab import refresh_home
from bot.slack.presses import Press, on_press, refuse_in_modal


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


def _refresh_member(press: Press, user_id: str) -> None:
    """The member's Home names their manager (same team: the service checked)."""
    refresh_home(press.deps, press.messenger, Actor(team_id=press.actor.team_id, user_id=user_id))


def register(app: App) -> None:
    on_press(app, accepted, ids.MANAGER_ACCEPT)
    on_press(app, declined, ids.MANAGER_DECLINE)
    on_press(app, unlinked, ids.MANAGER_UNLINK, refuse=refuse_in_modal)
