"""Global Bolt middleware: checks every request gets before any listener sees it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_bolt.response import BoltResponse

from bot.domain.text import any_unstorable
from bot.slack.blocks.messages import notice
from bot.slack.client import reply

UNSTORABLE = (
    "That has a character I can't store (a NUL or a broken emoji). Remove it and try again."
)


def refuse_unstorable_text(
    body: dict[str, Any], ack: Ack, next_: Callable[[], None]
) -> BoltResponse | None:
    """Answer a command or form holding text no database can store, before anything is stored.

    Postgres refuses such text with an error (a 500 for the person) where SQLite would keep
    it, so it is refused here, at the payload boundary, the same on every engine: a command
    gets the usual ephemeral reply, a form an inline error on each field that holds it. Other
    payloads carry only values the bot made (button values, ids) and pass through.
    """
    if body.get("command") is not None and any_unstorable(body):
        reply(ack, notice(UNSTORABLE))
        return ack.response
    if body.get("type") == "view_submission":
        values = ((body.get("view") or {}).get("state") or {}).get("values") or {}
        errors = {
            str(block_id): UNSTORABLE for block_id, state in values.items() if any_unstorable(state)
        }
        if errors:
            return ack(response_action="errors", errors=errors)
    next_()
    return None
