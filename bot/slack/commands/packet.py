"""`/mgr-goal packet`: the promotion packet, built after the ack and put in the member's DM."""

from __future__ import annotations

from bot.domain.commands import BuildPacket, parse_packet
from bot.domain.packet import Options
from bot.services import packet
from bot.slack.blocks import packet as packet_blocks
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "packet",
    parse=lambda verb, rest, today: parse_packet(rest),
    help=(
        HelpLine(
            "packet [--since <date>]",
            "your promotion packet (Markdown and PDF) in your DM",
            "packet --since 2026-06-01",
        ),
        HelpLine("packet options", "choose the sections and whether private wins go in"),
    ),
)
def build(command: BuildPacket, request: CommandRequest) -> None:
    if command.choose:
        request.open_modal(packet_blocks.options_modal())
        return
    request.reply(packet_blocks.building())
    packet.deliver(
        db=request.deps.db,
        messenger=request.messenger,
        now=request.now,
        options=Options(since=command.since),
        **request.scope,
    )
