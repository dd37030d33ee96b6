"""`/mgr-goal ready`: prepare the promotion conversation, any time."""

from __future__ import annotations

from bot.domain.commands import PrepareAsk
from bot.services import ready as ready_service
from bot.slack.blocks import case as case_blocks
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "ready",
    parse=lambda verb, rest, today: PrepareAsk(),
    help=(
        HelpLine(
            "ready",
            "prepare the promotion conversation: talking points, who vouches, the ask",
        ),
    ),
)
def ready(command: PrepareAsk, request: CommandRequest) -> None:
    with request.session() as session:
        prep = ready_service.prep_for(session, **request.scope)
    request.open_modal(case_blocks.ready_modal(prep))
