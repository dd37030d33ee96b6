"""`/mgr-goal update`: the monthly update's form, with a draft from the last month."""

from __future__ import annotations

from bot.domain.commands import DraftUpdate
from bot.services import updates
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "update",
    parse=lambda verb, rest, today: DraftUpdate(),
    help=(
        HelpLine(
            "update",
            "draft this month's update to your manager and stakeholders, edit it, send it",
        ),
    ),
)
def update(command: DraftUpdate, request: CommandRequest) -> None:
    view = updates.modal(
        db=request.deps.db, messenger=request.messenger, now=request.now, **request.scope
    )
    request.open_modal(view)
