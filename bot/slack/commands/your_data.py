"""`/mgr-goal export` and `/mgr-goal forget-me`: everything stored about the caller, as a file
in their DMs, or deleted after a confirm modal that names it."""

from __future__ import annotations

from bot.domain.commands import ExportData, ForgetMe
from bot.services import your_data
from bot.services.messenger import MessengerError
from bot.slack.blocks import your_data as blocks
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "export",
    parse=lambda verb, rest, today: ExportData(),
    help=(HelpLine("export", "get everything mgr-goal stores about you, as a file in your DMs"),),
)
def export(command: ExportData, request: CommandRequest) -> None:
    request.ack_first()
    try:
        your_data.send_export(
            db=request.deps.db,
            messenger=request.messenger,
            now=request.now,
            comment=blocks.EXPORT_COMMENT,
            **request.scope,
        )
    except MessengerError:
        request.follow_up(blocks.export_failed())
        return
    request.follow_up(blocks.export_sent())


@subcommand(
    "forget-me",
    parse=lambda verb, rest, today: ForgetMe(),
    help=(
        HelpLine("forget-me", "delete everything mgr-goal stores about you (it shows what first)"),
    ),
)
def forget_me(command: ForgetMe, request: CommandRequest) -> None:
    with request.session() as session:
        plan = your_data.plan(session, **request.scope)
    if not plan.anything:
        request.reply(blocks.nothing_stored())
        return
    request.open_modal(blocks.forget_modal(plan))
