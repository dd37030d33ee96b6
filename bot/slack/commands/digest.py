"""`/mgr-goal digest [on [weekday HH:MM] | off | preview]`, run in the team channel itself."""

from __future__ import annotations

from typing import TypedDict

from bot.domain.commands import DigestCommand, parse_digest
from bot.domain.digests import StartResult
from bot.services import digest_messages, digests
from bot.slack.blocks import digest as digest_blocks
from bot.slack.blocks.messages import Message, notice
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


def _is_channel(channel_id: str) -> bool:
    return channel_id[:1] in ("C", "G")


@subcommand(
    "digest",
    parse=lambda verb, rest, today: parse_digest(rest),
    help=(
        HelpLine(
            "digest on [weekday HH:MM]",
            "in a channel: post a weekly digest of shared wins there (default Friday 16:00)",
            "digest on thursday 15:30",
        ),
        HelpLine(
            "digest off / preview", "in a channel: stop the digest / see what it would post now"
        ),
    ),
)
def digest(command: DigestCommand, request: CommandRequest) -> None:
    channel = request.payload.channel_id
    if not _is_channel(channel):
        request.reply(notice(digest_blocks.NOT_A_CHANNEL))
    elif command.verb == "on":
        digest_on(command, request)
    elif command.verb == "off":
        digest_off(request)
    else:
        digest_show(command, request)


class Where(TypedDict):
    """The channel a `digest` subcommand runs in, as the digest services take it."""

    team_id: str
    channel_id: str


def _where(request: CommandRequest) -> Where:
    return Where(team_id=request.actor.team_id, channel_id=request.payload.channel_id)


def digest_show(command: DigestCommand, request: CommandRequest) -> None:
    """`digest preview` (what would post now) or `digest` (whether it's on, and when)."""
    with request.session() as session:
        if command.verb == "preview":
            upcoming = digests.preview(session, now=request.now, **_where(request))
            reply = digest_blocks.preview_reply(upcoming)
        else:
            found = digests.find_digest(session, **_where(request))
            reply = digest_blocks.status(found, digests.digest_zone(found))
    request.reply(reply)


def digest_on(command: DigestCommand, request: CommandRequest) -> None:
    """Nothing to change is answered at once; otherwise ack, then ask Slack and tell the channel."""
    weekday, at = digests.schedule_of(command.weekday, command.at)
    with request.session() as session:
        current = digests.already_on(session, weekday=weekday, at=at, **_where(request))
    if current is not None:
        request.reply(digest_blocks.status(current, digests.digest_zone(current)))
        return
    request.ack_first()
    started = digest_messages.start_digest(
        request.deps.db,
        request.messenger,
        user_id=request.actor.user_id,
        weekday=weekday,
        at=at,
        now=request.now,
        **_where(request),
    )
    request.follow_up(_started_reply(started, request))


def _started_reply(started: digest_messages.DigestStart, request: CommandRequest) -> Message:
    if started.digest is None:
        return digest_blocks.not_announced(request.payload.channel_id, started.result)
    zone = digests.digest_zone(started.digest)
    if started.result is StartResult.UNCHANGED:
        return digest_blocks.status(started.digest, zone)
    return digest_blocks.turned_on_reply(started.digest, zone, now=request.now)


def digest_off(request: CommandRequest) -> None:
    with request.session() as session:
        digests.turn_off(session, now=request.now, **_where(request))
    request.reply(digest_blocks.turned_off_reply())
    channel = request.payload.channel_id
    digest_messages.tell_stopped(
        request.messenger, channel_id=channel, user_id=request.actor.user_id
    )
