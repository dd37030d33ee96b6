"""The `/mgr-goal` registry: every subcommand parses, help lists them in order, and an unknown
word gets a "did you mean"."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.commands import (
    AddItem,
    AskBlurb,
    BlurbRequests,
    BuildPacket,
    CheckinCommand,
    Command,
    CommandError,
    DigestCommand,
    DraftUpdate,
    ExportData,
    ForgetMe,
    ForMember,
    Help,
    ItemCommand,
    ListItems,
    ListWins,
    LogWin,
    ManagerCommand,
    MetCommand,
    PrepareAsk,
    Schedule,
    Setup,
    StakeholderCommand,
    TeamChannel,
)
from bot.slack import commands
from bot.slack.blocks.messages import help_message
from bot.slack.commands import registry

MONDAY = dt.date(2026, 11, 23)

# What each subcommand's parser accepts, as someone would type it.
TYPED = {
    "add": "add Run the retro due friday",
    "list": "list",
    "done": "done 3",
    "undo": "undo 3",
    "note": "note 3 ran it",
    "show": "show 3",
    "edit": "edit 3",
    "remove": "remove 3",
    "setup": "setup",
    "checkin": "checkin",
    "schedule": "schedule monday 09:00",
    "pause": "pause",
    "resume": "resume",
    "win": "win Ran the retro share",
    "wins": "wins",
    "team": "team <#C123>",
    "digest": "digest on",
    "blurb": "blurb <@U2> the on-call week",
    "blurbs": "blurbs off",
    "manager": "manager <@U2|dana>",
    "for": "for <@U1|kofi> add Run the retro due friday",
    "stakeholder": "stakeholder add <@U3|carol> runs platform",
    "stakeholders": "stakeholders",
    "met": "met <@U3|carol> talked about the reorg",
    "update": "update",
    "packet": "packet --since 2026-06-01",
    "ready": "ready",
    "export": "export",
    "forget-me": "forget-me",
    "help": "help",
}

# What each of those parses into: the type its handler is written for.
PARSED: dict[str, type] = {
    "add": AddItem,
    "list": ListItems,
    "done": ItemCommand,
    "undo": ItemCommand,
    "note": ItemCommand,
    "show": ItemCommand,
    "edit": ItemCommand,
    "remove": ItemCommand,
    "setup": Setup,
    "checkin": CheckinCommand,
    "schedule": Schedule,
    "pause": CheckinCommand,
    "resume": CheckinCommand,
    "win": LogWin,
    "wins": ListWins,
    "team": TeamChannel,
    "digest": DigestCommand,
    "blurb": AskBlurb,
    "blurbs": BlurbRequests,
    "manager": ManagerCommand,
    "for": ForMember,
    "stakeholder": StakeholderCommand,
    "stakeholders": StakeholderCommand,
    "met": MetCommand,
    "update": DraftUpdate,
    "packet": BuildPacket,
    "ready": PrepareAsk,
    "export": ExportData,
    "forget-me": ForgetMe,
    "help": Help,
}


def parse(text: str) -> object:
    verb, _, rest = text.partition(" ")
    return commands.find(verb).parse(verb.lower(), rest, lambda: MONDAY)


def test_stakeholder_ask_names_one_person() -> None:
    """`stakeholder ask @carol` is an action of the `stakeholder` entry, not a new verb."""
    assert parse("stakeholder ask <@U3|carol>") == StakeholderCommand(action="ask", user="U3")
    with pytest.raises(CommandError, match="takes one person"):
        parse("stakeholder ask <@U3|carol> and <@U4|ravi>")
    assert any("stakeholder ask @person" in line.usage for line in registry.help_lines())


def test_packet_reads_since_and_options_and_refuses_a_bad_date() -> None:
    assert parse("packet") == BuildPacket()
    assert parse("packet --since 2026-06-01") == BuildPacket(since=dt.date(2026, 6, 1))
    assert parse("packet options") == BuildPacket(choose=True)
    with pytest.raises(CommandError, match="isn't a date I can read"):
        parse("packet --since 2026-13-45")
    with pytest.raises(CommandError, match="takes one date"):
        parse("packet --since")
    with pytest.raises(CommandError, match="isn't a packet option"):
        parse("packet everything")


def test_every_subcommand_is_registered_once_in_help_order() -> None:
    assert registry.names() == list(TYPED)


@pytest.mark.parametrize("name", list(TYPED))
def test_every_subcommand_name_parses(name: str) -> None:
    assert type(parse(TYPED[name])) is PARSED[name]
    # Every parsed kind is one of the commands the dispatcher knows.
    assert isinstance(parse(TYPED[name]), Command)


@pytest.mark.parametrize(
    ("alias", "name"),
    [("ls", "list"), ("?", "help"), ("", "help"), ("check-in", "checkin"), ("LIST", "list")],
)
def test_aliases_find_their_subcommand(alias: str, name: str) -> None:
    assert commands.find(alias) is commands.find(name)


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("lsit", "list"), ("dne", "done"), ("digets", "digest"), ("Wins", None)],
)
def test_unknown_words_get_the_closest_subcommand(typed: str, suggestion: str | None) -> None:
    if suggestion is None:
        assert commands.find(typed) is commands.find("wins")
        return
    with pytest.raises(CommandError, match=f"Did you mean `{suggestion}`"):
        commands.find(typed)


def test_far_off_words_get_no_suggestion_and_keep_their_case() -> None:
    with pytest.raises(CommandError) as raised:
        commands.find("Frobnicate")
    assert "Did you mean" not in str(raised.value)
    assert "`Frobnicate`" in str(raised.value) and "/mgr-goal help" in str(raised.value)


def test_aliases_are_never_suggested() -> None:
    with pytest.raises(CommandError) as raised:
        commands.find("l")
    assert "`ls`" not in str(raised.value)


def test_help_shows_every_line_from_the_registry_with_its_example() -> None:
    lines = registry.help_lines()
    assert [line.usage.split()[0] for line in lines][:3] == ["add", "add", "list"]
    assert lines[-1].usage == "help"
    shown = str(help_message(lines).to_dict())
    for line in lines:
        assert line.summary in shown
        if line.example:
            assert f"e.g. `/mgr-goal {line.example}`" in shown


def test_registering_a_name_twice_fails() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        registry.subcommand("list", parse=lambda verb, rest, today: None)(lambda c, r: None)
