"""`/mgr-goal blurb @colleague <about>` asks for a testimonial; `blurb(s) on|off` switches
requests to me."""

from __future__ import annotations

from bot.domain.commands import AskBlurb, BlurbRequests, parse_blurb
from bot.services import blurb_asks, blurbs
from bot.slack.blocks import replies
from bot.slack.blocks.messages import notice
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "blurb",
    parse=lambda verb, rest, today: parse_blurb(verb, rest),
    help=(
        HelpLine(
            "blurb @colleague <what you helped with>",
            "ask someone you helped for a short testimonial",
            "blurb @sam getting through their first on-call week",
        ),
    ),
)
def blurb(command: AskBlurb | BlurbRequests, request: CommandRequest) -> None:
    if isinstance(command, BlurbRequests):
        blurb_requests(command, request)
        return
    new_member = request.caller().member is None  # asking enrols: they need their time zone
    request.follow_up(notice(ask_for_blurb(command, request)))
    request.after_change(enrolled=new_member)


def ask_for_blurb(command: AskBlurb, request: CommandRequest) -> str:
    """A refusal by the guard rails is the ack's answer; the ask itself follows the ack."""
    return blurb_asks.ask_blurb(
        db=request.deps.db,
        messenger=request.messenger,
        checked_in=request.session(),
        acked=request.ack_first,
        wanted=command,
        win_id=None,
        now=request.now,
        **request.scope,
    )


@subcommand(
    "blurbs",
    parse=lambda verb, rest, today: parse_blurb(verb, rest),
    help=(HelpLine("blurbs off / on", "stop anyone asking you for blurbs / let them ask again"),),
)
def blurb_requests(command: BlurbRequests, request: CommandRequest) -> None:
    with request.session() as session:
        change = blurbs.set_blurb_requests(
            session, accept=command.accept, now=request.now, **request.scope
        )
    request.reply(replies.blurb_requests(change))
