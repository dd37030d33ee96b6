"""`/mgr-goal`: find the subcommand in the registry, parse, run its handler."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.domain.commands import CommandError, split_verb
from bot.services.errors import UserError
from bot.slack import commands
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.payloads import CommandPayload

COMMAND = "/mgr-goal"


def handle_command(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
) -> None:
    payload = CommandPayload.of(body)
    request = commands.CommandRequest(deps, actor, messenger, deps.clock(), ack, respond, payload)
    verb, rest = split_verb(payload.text)
    try:
        entry = commands.find(verb)
        entry.handler(entry.parse(verb.lower(), rest, request.today), request)
    except (CommandError, UserError) as exc:
        request.refuse(exc)


def register(app: App) -> None:
    app.command(COMMAND)(handle_command)
