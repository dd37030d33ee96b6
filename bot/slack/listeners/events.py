"""Events: publish the Home tab when it is opened; keep the member's time zone current."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.services import members
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import refresh_home


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        actor = Actor(team_id=context.team_id or "", user_id=event.get("user") or "")
        refresh_home(deps, SlackClient(client), actor)

    @app.event("user_change")
    def user_changed(event: dict[str, Any], context: BoltContext) -> None:
        user = event.get("user") or {}
        tz, user_id = user.get("tz"), user.get("id")
        if not (isinstance(tz, str) and isinstance(user_id, str)):
            return
        with deps.db.session() as session:
            members.set_timezone(
                session,
                team_id=context.team_id or user.get("team_id") or "",
                user_id=user_id,
                timezone=tz,
                now=deps.clock(),
            )
