"""`/mgr-goal manager @dana` asks Dana to link as your manager; `manager off` unlinks;
`manager` shows the link; `for @kofi add …` adds to the list of someone you're linked to."""

from __future__ import annotations

from bot.domain.commands import ForMember, ManagerCommand, parse_for, parse_manager
from bot.domain.manager_links import REQUEST_DAYS
from bot.services import manager_asks, manager_items, manager_links
from bot.services.campaign import ItemFields
from bot.slack.blocks import manager_links as link_blocks
from bot.slack.blocks.messages import notice
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand
from bot.slack.context import Actor
from bot.slack.home_tab import refresh_home


@subcommand(
    "manager",
    parse=lambda verb, rest, today: parse_manager(rest),
    help=(
        HelpLine(
            "manager @person",
            "ask your manager to link: they see your list and can add to it, once they "
            f"accept (within {REQUEST_DAYS} days)",
            "manager @dana",
        ),
        HelpLine("manager off / manager", "unlink your manager / see who is linked"),
    ),
)
def manager(command: ManagerCommand, request: CommandRequest) -> None:
    if command.off:
        unlink(request)
    elif command.manager is None:
        with request.session() as session:
            current = manager_links.status(session, now=request.now, **request.scope)
            text = link_blocks.status_text(current)
        request.reply(notice(text))
    else:
        ask(command.manager, request)


def ask(manager_user_id: str, request: CommandRequest) -> None:
    """A refusal by the guard rails is the ack's answer; the ask itself follows the ack."""
    new_member = request.caller().member is None  # asking enrols: they need their time zone
    text = manager_asks.ask_manager(
        db=request.deps.db,
        messenger=request.messenger,
        checked_in=request.session(),
        acked=request.ack_first,
        manager_user_id=manager_user_id,
        now=request.now,
        **request.scope,
    )
    request.follow_up(notice(text))
    request.after_change(enrolled=new_member)


def unlink(request: CommandRequest) -> None:
    with request.session() as session:
        unlinked = manager_links.unlink_by_member(session, now=request.now, **request.scope)
        text = link_blocks.unlinked_text(unlinked)
    request.reply(notice(text))
    manager_asks.tell_unlinked_by_member(messenger=request.messenger, unlinked=unlinked)
    if unlinked.ended is not None:
        manager = Actor(team_id=request.actor.team_id, user_id=unlinked.ended.manager_user_id)
        refresh_home(request.deps, request.messenger, manager)
    request.refresh_home()


@subcommand(
    "for",
    parse=lambda verb, rest, today: parse_for(rest, today=today()),
    help=(
        HelpLine(
            "for @person add <text> [area <skill>] [due <date>]",
            "add what you'd need to see to the list of someone you're linked to as manager",
            "for @kofi add Run the Q1 planning retro due in 3 weeks",
        ),
    ),
)
def for_member(command: ForMember, request: CommandRequest) -> None:
    """The link is checked in the transaction that stores the item; no text opens the form."""
    add = command.add
    if add.text is None:
        with request.session() as session:
            manager_items.check_link(session, member_user_id=command.member, **request.scope)
        request.open_modal(link_blocks.manager_item_modal(command.member))
        return
    fields = ItemFields(add.text, area=add.area, due=add.due)
    with request.session() as session:
        added = manager_items.add_for_member(
            session, member_user_id=command.member, fields=fields, now=request.now, **request.scope
        )
        text = link_blocks.item_added_text(added)
    request.reply(notice(text))
    manager_items.tell_member(messenger=request.messenger, added=added)
    refresh_home(
        request.deps,
        request.messenger,
        Actor(team_id=request.actor.team_id, user_id=command.member),
    )
    request.refresh_home()
