"""`/mgr-goal add|list|done|undo|note|show|edit|remove`: the campaign list."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.commands import AddItem, ItemCommand, ListItems, parse_add, parse_item_command
from bot.services import campaign
from bot.services.campaign import ItemFields
from bot.slack.blocks import messages, modals, replies
from bot.slack.blocks.messages import Message
from bot.slack.commands.registry import CommandRequest, HelpLine, subcommand


@subcommand(
    "add",
    parse=lambda verb, rest, today: parse_add(rest, today=today()),
    help=(
        HelpLine(
            "add <text> [from @person] [area <skill>] [due <date>]",
            "add an item to your list",
            "add Run the Q1 planning retro from @dana area coaching due in 3 weeks",
        ),
        HelpLine("add", "add an item with a form"),
    ),
)
def add(command: AddItem, request: CommandRequest) -> None:
    if command.text is None:
        request.open_modal(modals.item_modal())
        return
    fields = ItemFields(command.text, command.asked_by, command.area, command.due)
    with request.session() as session:
        item = campaign.add_item(session, fields=fields, now=request.now, **request.scope)
        new_member = request.caller().member is None
        reply = messages.item_added(item, today=request.today(), new_member=new_member)
    request.reply(reply)
    request.after_change(enrolled=new_member)


@subcommand(
    "list",
    "ls",
    parse=lambda verb, rest, today: ListItems(),
    help=(HelpLine("list", "your list: open items, then done ones"),),
)
def list_items(command: ListItems, request: CommandRequest) -> None:
    with request.session() as session:
        listed = campaign.item_list(session, now=request.now, **request.scope)
        reply = messages.list_message(listed.items, today=listed.today)
    request.reply(reply)


def _item_command(verb: str, rest: str, today: object) -> ItemCommand:
    return parse_item_command(verb, rest)


@subcommand(
    "done",
    parse=_item_command,
    help=(
        HelpLine("done <n> [evidence]", "check an item off", "done 3 shipped the onboarding guide"),
    ),
)
def done(command: ItemCommand, request: CommandRequest) -> None:
    with request.session() as session:
        progress = campaign.complete_with_progress(
            session, number=command.number, evidence=command.text, now=request.now, **request.scope
        )
        reply = replies.item_done(progress, evidence=bool(command.text))
    request.reply(reply)
    request.after_change(enrolled=False)


@subcommand("undo", parse=_item_command, help=(HelpLine("undo <n>", "reopen an item"),))
def undo(command: ItemCommand, request: CommandRequest) -> None:
    with request.session() as session:
        item = campaign.get_item(session, number=command.number, **request.scope)
        campaign.reopen_item(session, item=item)
        reply = replies.item_reopened(item)
    request.reply(reply)
    request.after_change(enrolled=False)


@subcommand(
    "note",
    parse=_item_command,
    help=(
        HelpLine(
            "note <n> <evidence>", "add evidence to an item", "note 2 ran the first lunch-and-learn"
        ),
    ),
)
def note(command: ItemCommand, request: CommandRequest) -> None:
    with request.session() as session:
        item = campaign.get_item(session, number=command.number, **request.scope)
        campaign.add_note(session, item=item, text=command.text, now=request.now)
        reply = replies.note_saved(item)
    request.reply(reply)
    request.after_change(enrolled=False)


@subcommand(
    "show", parse=_item_command, help=(HelpLine("show <n>", "an item with all its evidence"),)
)
def show(command: ItemCommand, request: CommandRequest) -> None:
    request.reply(_about_item(command, request, messages.item_message))


@subcommand("edit", parse=_item_command, help=(HelpLine("edit <n>", "change an item with a form"),))
def edit(command: ItemCommand, request: CommandRequest) -> None:
    with request.session() as session:
        item = campaign.get_item(session, number=command.number, **request.scope)
        view = modals.item_modal(item)
    request.open_modal(view)


@subcommand(
    "remove", parse=_item_command, help=(HelpLine("remove <n>", "remove an item (asks first)"),)
)
def remove(command: ItemCommand, request: CommandRequest) -> None:
    request.reply(_about_item(command, request, messages.remove_confirmation))


def _about_item(
    command: ItemCommand, request: CommandRequest, build: Callable[..., Message]
) -> Message:
    """A message about item `number`, built while its notes can still be loaded."""
    with request.session() as session:
        found = campaign.find_item(session, number=command.number, now=request.now, **request.scope)
        return build(found.item, today=found.today)
