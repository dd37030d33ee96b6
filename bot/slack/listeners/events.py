"""Events: publish the Home tab when it is opened; keep the member's time zone current, and
stop sending to someone Slack reports deleted."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.services import departures, members
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import refresh_home
from bot.slack.payloads import UserChange


def home_opened(event: dict[str, Any], deps: Deps, actor: Actor, messenger: SlackClient) -> None:
    """The Home tab (not the Messages tab) was opened: publish it; `actor` is the viewer."""
    if event.get("tab", "home") == "home":
        refresh_home(deps, messenger, actor)


def user_changed(event: dict[str, Any], deps: Deps, actor: Actor) -> None:
    """Someone's Slack profile changed: record whether Slack deleted them (nothing is sent to a
    departed person), and store a member's new time zone."""
    change = UserChange.of(event)
    if change is None:
        return
    team_id = actor.team_id or change.team_id
    with deps.db.session() as session:
        departures.record(
            session,
            team_id=team_id,
            user_id=change.user_id,
            deleted=change.deleted,
            now=deps.clock(),
        )
        if change.timezone is not None:
            members.set_timezone(
                session,
                team_id=team_id,
                user_id=change.user_id,
                timezone=change.timezone,
                now=deps.clock(),
            )


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.event("user_change")(user_changed)
