"""`/mgr-goal win|wins|team`: the member's wins and the channel their shared ones go to."""

from __future__ import annotations

from bot.domain.commands import ListWins, LogWin, TeamChannel, parse_team, parse_win
from bot.services import wins as win_service
from bot.slack.blocks import replies
from bot.slack.blocks import wins as win_blocks
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "win",
    parse=lambda verb, rest, today: parse_win(rest),
    help=(
        HelpLine(
            "win <text> [area <skill>] [for #<n>] [share]",
            "log a win; private unless you add `share`",
            "win Walked the new hire through their first deploy area coaching for #2",
        ),
        HelpLine("win", "log a win with a form"),
    ),
)
def win(command: LogWin, request: CommandRequest) -> None:
    if command.text is None:
        with request.session() as session:
            view = win_service.win_modal(session, now=request.now, **request.scope)
        request.open_modal(view)
        return
    with request.session() as session:
        logged = win_service.log_command_win(
            session, command=command, now=request.now, **request.scope
        )
        reply = replies.win_logged(logged, item_number=command.item_number)
    request.reply(reply)
    request.after_change(enrolled=logged.enrolled)


@subcommand(
    "wins",
    parse=lambda verb, rest, today: ListWins(),
    help=(HelpLine("wins", "your recent wins and which are shared"),),
)
def wins(command: ListWins, request: CommandRequest) -> None:
    with request.session() as session:
        listed = win_service.list_wins(session, **request.scope)
        reply = win_blocks.wins_message(listed.wins, total=listed.total)
    request.reply(reply)


@subcommand(
    "team",
    parse=lambda verb, rest, today: parse_team(rest),
    help=(HelpLine("team #channel", "the channel whose weekly digest gets the wins you share"),),
)
def team(command: TeamChannel, request: CommandRequest) -> None:
    if command.channel_id is None and not command.clear:
        with request.session() as session:
            info = win_service.team_channel(session, **request.scope)
        request.reply(replies.team_channel_info(info))
        return
    with request.session() as session:
        change = win_service.change_team_channel(
            session, channel_id=command.channel_id, now=request.now, **request.scope
        )
        reply = replies.team_channel_changed(change)
    request.reply(reply)
    request.after_change(enrolled=change.enrolled)
