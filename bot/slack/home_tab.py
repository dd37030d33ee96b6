"""Publishing a member's Home tab: after they open it, and after anything they change."""

from __future__ import annotations

import datetime as dt
import logging

from slack_sdk.models.views import View

from bot.services import home, members
from bot.services.messenger import Messenger, SendFailed
from bot.slack.blocks.home import home_view
from bot.slack.context import Actor, Deps

log = logging.getLogger(__name__)


def refresh_home(deps: Deps, messenger: Messenger, actor: Actor) -> None:
    """Publish the member's Home tab from the database as it is now."""
    now = deps.clock()
    view, manager_only = _home_view(deps, actor, now=now)
    if manager_only:
        # No member row stores this person's zone, and their Home shows days: ask Slack, only
        # for them and between transactions (no connection is held while Slack answers).
        viewer_zone = messenger.user_timezone(user_id=actor.user_id)
        if viewer_zone:
            view, _ = _home_view(deps, actor, now=now, viewer_zone=viewer_zone)
    show_home(messenger, actor, view)


def _home_view(
    deps: Deps, actor: Actor, *, now: dt.datetime, viewer_zone: str | None = None
) -> tuple[View, bool]:
    """The Home view, and whether it is a linked manager's with no campaign of their own."""
    with deps.db.session() as session:
        data = home.home_for(
            session,
            team_id=actor.team_id,
            user_id=actor.user_id,
            move_of=deps.move,
            now=now,
            viewer_zone=viewer_zone,
        )
        # Built inside the transaction: the builder reads the rows it was handed.
        return home_view(data, now=now), data.manager_only


def show_home(messenger: Messenger, actor: Actor, view: View) -> None:
    """Publish a Home view; a failure is logged, since the change it shows is already saved."""
    try:
        messenger.publish_home(user_id=actor.user_id, view=view)
    except SendFailed as exc:
        log.warning("views.publish failed for %s: %s", actor.user_id, exc.code)


def sync_timezone(deps: Deps, messenger: Messenger, actor: Actor) -> None:
    """Fetch the member's Slack time zone (on enrolment; `user_change` keeps it fresh)."""
    tz = messenger.user_timezone(user_id=actor.user_id)
    if tz:
        with deps.db.session() as session:
            members.set_timezone(
                session,
                team_id=actor.team_id,
                user_id=actor.user_id,
                timezone=tz,
                now=deps.clock(),
            )


def after_change(deps: Deps, messenger: Messenger, actor: Actor, *, enrolled: bool) -> None:
    """Work done after the ack: time zone for a new member, then the Home tab."""
    if enrolled:
        sync_timezone(deps, messenger, actor)
    refresh_home(deps, messenger, actor)
