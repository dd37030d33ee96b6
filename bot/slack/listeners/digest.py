"""`/mgr-goal digest …` in a channel: turn the weekly digest on or off, or preview it."""

from __future__ import annotations

import logging

from slack_bolt import Ack, Respond
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.commands import DigestCommand
from bot.domain.slack_text import escape
from bot.jobs.digests import UNREACHABLE_CHANNEL_ERRORS
from bot.models import Digest
from bot.services import digests, members
from bot.services.errors import UserError
from bot.slack.blocks import digest as digest_blocks
from bot.slack.blocks.format import WEEKDAY_NAMES
from bot.slack.blocks.messages import Message, notice
from bot.slack.client import SlackClient, reply, respond_with
from bot.slack.context import Actor, Deps

log = logging.getLogger(__name__)

NOT_A_CHANNEL = (
    "Run this in your team's channel: the digest posts where you turn it on. "
    "Here it would only reach you."
)

RETRY = "Try again in a minute."


def _is_channel(channel_id: str) -> bool:
    return channel_id[:1] in ("C", "G")


def run_digest_command(
    command: DigestCommand,
    *,
    channel_id: str,
    actor: Actor,
    ack: Ack,
    respond: Respond,
    slack: SlackClient,
    deps: Deps,
) -> None:
    if not _is_channel(channel_id):
        reply(ack, notice(NOT_A_CHANNEL))
        return
    now = deps.clock()
    scope = {"team_id": actor.team_id, "channel_id": channel_id}
    if command.verb == "status":
        with deps.db.session() as session:
            digest = digests.find_digest(session, **scope)
            reply(ack, notice(_status(digest, channel_id)))
        return
    if command.verb == "preview":
        with deps.db.session() as session:
            preview = digests.preview(session, now=now, **scope)
        reply(
            ack,
            digest_blocks.preview_message(preview.wins, since=preview.since, zone=preview.zone)
            if preview
            else notice(digest_blocks.NO_DIGEST_PREVIEW),
        )
        return
    if command.verb == "off":
        try:
            with deps.db.session() as session:
                digests.turn_off(session, now=now, **scope)
        except UserError as exc:
            reply(ack, notice(escape(str(exc))))
            return
        reply(ack, notice("The weekly digest is off in this channel."))
        _post_quietly(slack, channel_id, digest_blocks.turned_off(user_id=actor.user_id))
        return
    weekday = command.weekday if command.weekday is not None else digests.DEFAULT_WEEKDAY
    at = command.at or digests.DEFAULT_TIME
    with deps.db.session() as session:
        current = digests.find_digest(session, **scope)
        if (
            current is not None
            and current.enabled
            and (current.weekday, current.post_time)
            == (
                weekday,
                at,
            )
        ):
            # Nothing changes, so the channel isn't told twice.
            reply(ack, notice(_status(current, channel_id)))
            return
        moved = current is not None and current.enabled
    # on: Slack calls (time zone, the announcement) happen after the ack.
    ack()
    with deps.db.session() as session:
        member = members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
        timezone = member.timezone if member and member.timezone != "UTC" else None
    timezone = timezone or slack.user_timezone(user_id=actor.user_id) or "UTC"
    announcement = digest_blocks.announcement(
        user_id=actor.user_id,
        channel_id=channel_id,
        weekday=weekday,
        at=at,
        timezone=timezone,
        moved=moved,
    )
    try:
        slack.post_message(channel=channel_id, message=announcement)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "")
        if error in UNREACHABLE_CHANNEL_ERRORS:
            text = digest_blocks.invite_hint(channel_id)
        else:
            log.warning("digest announcement in %s failed: %s", channel_id, error)
            text = (
                f"Slack didn't take my announcement just now, so the digest is still off. {RETRY}"
            )
        respond_with(respond, notice(text), replace_original=False)
        return
    except (SlackClientError, OSError):
        respond_with(
            respond,
            notice(f"I couldn't reach Slack just now, so the digest is still off. {RETRY}"),
            replace_original=False,
        )
        return
    with deps.db.session() as session:
        digest = digests.turn_on(
            session,
            user_id=actor.user_id,
            weekday=weekday,
            at=at,
            timezone=timezone,
            now=deps.clock(),
            **scope,
        )
        zone = digests.digest_zone(digest)
        first = digest_blocks.first_due_line(digest.next_due_at or now, zone)
        which = "first" if digest.covered_until is None else "next"
        covers = (
            "wins shared in the past 7 days"
            if digest.covered_until is None
            else "wins shared since the previous digest, "
            + digest_blocks.first_due_line(digest.covered_until, zone)
        )
    text = (
        f"The weekly digest is on here: every {WEEKDAY_NAMES[weekday]} at "
        f"{at.strftime('%H:%M')} ({escape(timezone)}). The {which} one posts {first}, "
        f"covering {covers}. I've told the channel."
    )
    respond_with(respond, notice(text), replace_original=False)


def _status(digest: Digest | None, channel_id: str) -> str:
    if digest is None or not digest.enabled:
        return (
            "The weekly digest is off in this channel. `/mgr-goal digest on` turns it on "
            "(Fridays 16:00 your time; or `digest on thursday 15:30`)."
        )
    when = (
        digest_blocks.first_due_line(digest.next_due_at, digests.digest_zone(digest))
        if digest.next_due_at
        else "soon"
    )
    return (
        f"The weekly digest is on here: every {WEEKDAY_NAMES[digest.weekday]} at "
        f"{digest.post_time.strftime('%H:%M')} ({escape(digest.timezone)}). Next one: {when}. "
        "`/mgr-goal digest preview` shows what it would say now."
    )


def _post_quietly(slack: SlackClient, channel_id: str, message: Message) -> None:
    try:
        slack.post_message(channel=channel_id, message=message)
    except (SlackApiError, SlackClientError, OSError) as exc:
        log.info("could not announce in %s: %s", channel_id, exc)
