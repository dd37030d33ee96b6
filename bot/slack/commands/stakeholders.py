"""`/mgr-goal stakeholder add|remove @carol`, `stakeholders`, `met @carol [note]`: the other
members of management the member keeps informed, and each conversation with them."""

from __future__ import annotations

from bot.domain.commands import MetCommand, StakeholderCommand, parse_met, parse_stakeholder
from bot.services import stakeholder_ask_dms
from bot.services import stakeholders as service
from bot.slack.blocks import stakeholder_asks as ask_blocks
from bot.slack.blocks import stakeholders as blocks
from bot.slack.blocks.messages import notice
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "stakeholder",
    parse=lambda verb, rest, today: parse_stakeholder(verb, rest),
    help=(
        HelpLine(
            "stakeholder add @person [note]",
            "someone else in management to keep informed (up to 20)",
            "stakeholder add @carol runs the platform group",
        ),
        HelpLine("stakeholder remove @person", "take them off your stakeholders"),
        HelpLine(
            "stakeholder ask @person",
            "ask them what they'd need to see from you; each answer goes on your list",
            "stakeholder ask @carol",
        ),
    ),
)
def stakeholder(command: StakeholderCommand, request: CommandRequest) -> None:
    if command.action == "list" or command.user is None:
        stakeholders(command, request)
    elif command.action == "ask":
        ask(command.user, request)
    elif command.action == "add":
        with request.session() as session:
            added = service.add(
                session,
                stakeholder_user_id=command.user,
                note=command.note,
                now=request.now,
                **request.scope,
            )
            text = blocks.added_text(added.stakeholder)
        request.reply(notice(text))
        request.after_change(enrolled=added.enrolled)
    else:
        with request.session() as session:
            service.remove(session, stakeholder_user_id=command.user, **request.scope)
        request.reply(notice(blocks.removed_text(command.user)))
        request.refresh_home()


@subcommand(
    "stakeholders",
    parse=lambda verb, rest, today: parse_stakeholder(verb, rest),
    help=(HelpLine("stakeholders", "your stakeholders and when you last talked to each"),),
)
def stakeholders(command: StakeholderCommand, request: CommandRequest) -> None:
    with request.session() as session:
        member, rows = service.list_for(session, **request.scope)
        message = blocks.list_message(member, rows)
    request.reply(message)


@subcommand(
    "met",
    parse=lambda verb, rest, today: parse_met(rest),
    help=(
        HelpLine(
            "met @person [note]",
            "log a conversation with one of your stakeholders",
            "met @carol talked about the Q1 reorg",
        ),
    ),
)
def met(command: MetCommand, request: CommandRequest) -> None:
    with request.session() as session:
        logged = service.met(
            session,
            stakeholder_user_id=command.user,
            note=command.note,
            now=request.now,
            **request.scope,
        )
        text = blocks.met_text(logged.stakeholder, logged.stakeholder.member)
    request.reply(notice(text))
    request.refresh_home()


def ask(stakeholder_user_id: str, request: CommandRequest) -> None:
    """A guard rail's refusal is the ack's answer; the ask itself follows the ack."""
    result = stakeholder_ask_dms.ask_stakeholder(
        db=request.deps.db,
        messenger=request.messenger,
        checked_in=request.session(),
        acked=request.ack_first,
        stakeholder_user_id=stakeholder_user_id,
        now=request.now,
        **request.scope,
    )
    if isinstance(result, str):
        request.follow_up(notice(result))
        return
    text = ask_blocks.asked_text(stakeholder_user_id=result.stakeholder_user_id, added=result.added)
    request.follow_up(notice(text))
    request.after_change(enrolled=result.enrolled)
