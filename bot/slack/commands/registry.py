"""The `/mgr-goal` subcommand registry: one entry per subcommand, read by dispatch and help.

A subcommand is one `@subcommand(...)` entry on its handler: the words that call it, a pure
parser from `bot.domain.commands`, and its help lines. `help` and "did you mean" read the same
registry, so adding a subcommand touches nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from slack_bolt import Ack, Respond
from slack_sdk.models.views import View

from bot.domain.commands import CommandError
from bot.domain.slack_text import decode
from bot.services import members
from bot.services.members import Caller
from bot.slack.blocks.messages import HelpLine, Message, notice
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import reply, respond_with
from bot.slack.payloads import CommandPayload
from bot.slack.turns import Turn

__all__ = ["CommandRequest", "HelpLine", "Subcommand", "find", "help_lines", "subcommand"]


@dataclass
class _Progress:
    """What a request has done so far: whether it acked, and the caller once it was loaded."""

    acked: bool = False
    caller: Caller | None = None


@dataclass(frozen=True)
class CommandRequest(Turn):
    """Everything a subcommand handler is given besides its parsed command.

    It answers exactly once: in the ack body while the handler hasn't acked yet (`reply`), else
    through response_url (`follow_up`); `answer` and `refuse` pick whichever applies.
    """

    ack: Ack
    respond: Respond
    payload: CommandPayload
    _progress: _Progress = field(default_factory=_Progress, repr=False)

    @property
    def acked(self) -> bool:
        return self._progress.acked

    def caller(self) -> Caller:
        """The caller's member row and local today, loaded once for the whole request."""
        if self._progress.caller is None:
            with self.session() as session:
                self._progress.caller = members.load_caller(session, now=self.now, **self.scope)
        return self._progress.caller

    def today(self) -> dt.date:
        return self.caller().today

    def reply(self, message: Message) -> None:
        """Answer in the ack body, visible only to the caller (before any other work)."""
        reply(self.ack, message)
        self._progress.acked = True

    def ack_first(self) -> None:
        """Ack with no body now: what follows talks to Slack, and Slack waits 3 s at most."""
        self.ack()
        self._progress.acked = True

    def follow_up(self, message: Message) -> None:
        """Answer after the ack (through response_url), visible only to the caller."""
        respond_with(self.respond, message, replace_original=False)

    def answer(self, message: Message) -> None:
        if self.acked:
            self.follow_up(message)
        else:
            self.reply(message)

    def refuse(self, error: Exception) -> None:
        """A CommandError or UserError, told to the caller."""
        self.answer(notice(refusal_text(error)))

    def open_modal(self, view: View) -> None:
        self.ack_first()
        self.messenger.open_modal(trigger_id=self.payload.trigger_id, view=view)


# parse(verb, rest, today): the verb lowercased, Slack's raw text after it, and the caller's
# local today for the parsers that read dates (only they load the member for it).
Today = Callable[[], dt.date]
Parser = Callable[[str, str, Today], Any]
Handler = Callable[[Any, CommandRequest], None]
H = TypeVar("H", bound=Handler)


@dataclass(frozen=True)
class Subcommand:
    names: tuple[str, ...]  # the first is the one help and "did you mean" show
    parse: Parser
    handler: Handler
    help: tuple[HelpLine, ...]


REGISTRY: dict[str, Subcommand] = {}
ORDER: list[Subcommand] = []  # help order: registration order


def subcommand(*names: str, parse: Parser, help: tuple[HelpLine, ...] = ()) -> Callable[[H], H]:
    """Register the decorated handler for `names`."""

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
    close = difflib.get_close_matches(verb.lower(), names(), n=1, cutoff=0.5)
    hint = f" Did you mean `{close[0]}`?" if close else ""
    raise CommandError(
        f"I don't know `{shown}`.{hint} Type `/mgr-goal help` to see everything I can do."
    )


def names() -> list[str]:
    """Every subcommand's own name (aliases such as `ls` are left out of suggestions)."""
    return [entry.names[0] for entry in ORDER]


def help_lines() -> list[HelpLine]:
    return [line for entry in ORDER for line in entry.help]
