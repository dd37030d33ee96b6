"""`/mgr-goal help` (and no text at all): every subcommand, from the registry."""

from __future__ import annotations

from bot.domain.commands import Help
from bot.slack.blocks import messages
from bot.slack.commands import registry
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "help",
    "?",
    "",
    parse=lambda verb, rest, today: Help(),
    help=(HelpLine("help", "this message"),),
)
def help(command: Help, request: CommandRequest) -> None:
    request.reply(messages.help_message(registry.help_lines()))
