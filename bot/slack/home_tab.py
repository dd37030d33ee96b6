"""Refreshing a member's Home tab after a change."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.services import blurbs, campaign, checkins, digests, members, wins
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.blocks.home import HOME_BLURBS, HOME_WINS, Evidence, home_view
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps

log = logging.getLogger(__name__)


def refresh_home(deps: Deps, slack: SlackClient, actor: Actor) -> None:
    """Publish the member's Home tab from the database as it is now."""
    now = deps.clock()
    with deps.db.session() as session:
        member = members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
        items = campaign.list_items(session, team_id=actor.team_id, user_id=actor.user_id)
        today = now.astimezone(members.zone(member)).date()
        current = checkins.current_checkin(session, member=member) if member else None
        move = deps.move(current.move_id) if current else None
        text = checkin_blocks.home_checkin_text(member, current, move, now=now)
        numbers = {i.id: i.number for i in items}
        evidence = Evidence(
            wins=[
                (w, numbers.get(w.item_id) if w.item_id else None)
                for w in wins.recent_wins(session, member=member, limit=HOME_WINS)
            ],
            win_total=wins.count_wins(session, member=member),
            area_counts=dict(wins.area_counts(session, member=member)),
            blurbs=blurbs.received_blurbs(session, member=member, limit=HOME_BLURBS),
            open_requests=len(blurbs.open_requests(session, member=member, now=now)),
            team_channel=member.team_channel_id if member else None,
            team_digest_on=bool(member and member.team_channel_id)
            and digests.is_on(
                session, team_id=actor.team_id, channel_id=member.team_channel_id or ""
            ),
        )
        view = home_view(member, items, today=today, checkin_text=text, evidence=evidence)
    try:
        slack.publish_home(user_id=actor.user_id, view=view)
    except SlackApiError as exc:
        log.warning("views.publish failed for %s: %s", actor.user_id, exc.response.get("error"))


def sync_timezone(deps: Deps, slack: SlackClient, actor: Actor) -> None:
    """Fetch the member's Slack time zone (on enrolment; `user_change` keeps it fresh)."""
    tz = slack.user_timezone(user_id=actor.user_id)
    if tz:
        with deps.db.session() as session:
            members.set_timezone(
                session,
                team_id=actor.team_id,
                user_id=actor.user_id,
                timezone=tz,
                now=deps.clock(),
            )


def after_change(deps: Deps, slack: SlackClient, actor: Actor, *, enrolled: bool) -> None:
    """Work done after the ack: time zone for a new member, then the Home tab."""
    if enrolled:
        sync_timezone(deps, slack, actor)
    refresh_home(deps, slack, actor)


def block_value(view: dict[str, Any], block_id: str, action_id: str) -> Any:
    """The submitted value of one input, whatever its element type; None when empty."""
    state = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    element = state.get(action_id) or {}
    kind = element.get("type")
    if kind == "plain_text_input":
        return element.get("value")
    if kind in ("users_select",):
        return element.get("selected_user")
    if kind == "static_select":
        return (element.get("selected_option") or {}).get("value")
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "timepicker":
        return element.get("selected_time")
    if kind == "checkboxes":
        return [o.get("value") for o in element.get("selected_options") or []]
    if kind == "conversations_select":
        return element.get("selected_conversation")
    return None
