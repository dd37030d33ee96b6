"""The `/mgr-goal` subcommand registry: one entry per subcommand, read by dispatch and help.

A subcommand is one `@subcommand(...)` entry on its handler: the words that call it, a pure
parser from `bot.domain.commands`, and its help lines. `help` and "did you mean" read the same
registry, so adding a subcommand touches nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_bolt import Ack, Respond

from bot.domain.commands import CommandError
from bot.domain.slack_text import decode
from bot.slack.blocks.messages import Message
from bot.slack.client import SlackClient, reply, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.payloads import CommandPayload


@dataclass(frozen=True)
class CommandRequest:
    """Everything a subcommand handler is given besides its parsed command."""

    ack: Ack
    respond: Respond
    payload: CommandPayload
    deps: Deps
    actor: Actor
    messenger: SlackClient
    now: dt.datetime

    def reply(self, message: Message) -> None:
        """Answer in the ack body, visible only to the caller (before any other work)."""
        reply(self.ack, message)

    def follow_up(self, message: Message) -> None:
        """Answer after the ack (through response_url), visible only to the caller."""
        respond_with(self.respond, message, replace_original=False)


@dataclass(frozen=True)
class HelpLine:
    usage: str  # "add <text> [from @person]"
    summary: str  # "add an item to your list"
    example: str | None = None  # "add Run the retro from @dana"


# parse(verb, rest, today): the verb as typed (lowercased), Slack's raw text after it.
Parser = Callable[[str, str, dt.date], Any]
Handler = Callable[[Any, CommandRequest], None]
H = TypeVar("H", bound=Handler)


@dataclass(frozen=True)
class Subcommand:
    names: tuple[str, ...]
    parse: Parser
    handler: Handler
    help: tuple[HelpLine, ...]


REGISTRY: dict[str, Subcommand] = {}
ORDER: list[Subcommand] = []  # help order: registration order


def subcommand(*names: str, parse: Parser, help: tuple[HelpLine, ...] = ()) -> Callable[[H], H]:
    """Register the decorated handler for `names` (the first is the one help shows)."""

    def register(handler: H) -> H:
        entry = Subcommand(names=names, parse=parse, handler=handler, help=help)
        for name in names:
            if name in REGISTRY:
                raise ValueError(f"subcommand {name!r} is registered twice")
            REGISTRY[name] = entry
        ORDER.append(entry)
        return handler

    return register


def find(verb: str) -> Subcommand:
    """The entry for a typed verb; CommandError with a "did you mean" for anything else."""
    entry = REGISTRY.get(verb.lower())
    if entry is not None:
        return entry
    shown = decode(verb)[:40]
    close = difflib.get_close_matches(verb.lower(), list(REGISTRY), n=1, cutoff=0.5)
    hint = f" Did you mean `{close[0]}`?" if close else ""
    raise CommandError(
        f"I don't know `{shown}`.{hint} Type `/mgr-goal help` to see everything I can do."
    )


def help_lines() -> list[HelpLine]:
    return [line for entry in ORDER for line in entry.help]
