"""`/mgr-goal setup|checkin|schedule|pause|resume`: the weekly check-in."""

from __future__ import annotations

from bot.domain.commands import CheckinCommand, Schedule, Setup, parse_checkin, parse_schedule
from bot.services import manager_links
from bot.services.checkins import answers, rows
from bot.services.checkins import messages as checkin_messages
from bot.slack.blocks import modals, replies
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


def _by_verb(verb: str, rest: str, today: object) -> CheckinCommand:
    return parse_checkin(verb)


@subcommand(
    "setup",
    parse=lambda verb, rest, today: Setup(),
    help=(HelpLine("setup", "your target role, manager, why, and check-in day and time"),),
)
def setup(command: Setup, request: CommandRequest) -> None:
    with request.session() as session:
        manager = manager_links.named_manager(session, now=request.now, **request.scope)
    request.open_modal(modals.setup_modal(request.caller().member, manager_user_id=manager))


@subcommand(
    "checkin",
    "check-in",
    parse=_by_verb,
    help=(HelpLine("checkin", "this week's check-in now (still one a week)"),),
)
def checkin(command: CheckinCommand, request: CommandRequest) -> None:
    with request.session() as session:
        due = rows.checkin_now_for(
            session,
            now=request.now,
            library=request.deps.library,
            stale_after=request.deps.stale_after,
            **request.scope,
        )
    request.reply(replies.checkin_on_its_way())
    checkin_messages.send_now(
        db=request.deps.db,
        messenger=request.messenger,
        checkin_id=due.checkin_id,
        library=request.deps.library,
        now=request.now,
    )
    request.after_change(enrolled=due.enrolled)


@subcommand(
    "schedule",
    parse=lambda verb, rest, today: parse_schedule(rest),
    help=(
        HelpLine(
            "schedule <weekday> <HH:MM>", "move your weekly check-in", "schedule tuesday 08:30"
        ),
    ),
)
def schedule(command: Schedule, request: CommandRequest) -> None:
    with request.session() as session:
        changed = answers.schedule_checkins(
            session, weekday=command.weekday, at=command.at, now=request.now, **request.scope
        )
        reply = replies.schedule_set(changed.member)
    request.reply(reply)
    request.after_change(enrolled=changed.enrolled)


@subcommand(
    "pause",
    parse=_by_verb,
    help=(HelpLine("pause", "pause weekly check-ins (resume brings them back)"),),
)
def pause(command: CheckinCommand, request: CommandRequest) -> None:
    with request.session() as session:
        answers.pause_checkins(session, **request.scope)
    request.reply(replies.checkins_paused())
    request.after_change(enrolled=False)


@subcommand(
    "resume",
    parse=_by_verb,
    help=(HelpLine("resume", "restart weekly check-ins"),),
)
def resume(command: CheckinCommand, request: CommandRequest) -> None:
    with request.session() as session:
        member = answers.resume_checkins(session, now=request.now, **request.scope)
        reply = replies.checkins_resumed(member)
    request.reply(reply)
    request.after_change(enrolled=False)
