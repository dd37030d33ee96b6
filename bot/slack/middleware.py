"""Global Bolt middleware: checks every request gets before any listener sees it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_bolt.response import BoltResponse

from bot.domain.text import any_unstorable
from bot.slack.blocks.messages import notice
from bot.slack.client import reply
from bot.slack.payloads import state_blocks

log = logging.getLogger(__name__)

UNSTORABLE = (
    "That has a character I can't store (a NUL or a broken emoji). Remove it and try again."
)


def refuse_unstorable_text(
    body: dict[str, Any], ack: Ack, next_: Callable[[], None]
) -> BoltResponse | None:
    """Answer a command or form holding text no database can store, before anything is stored.

    Postgres refuses such text with an error (a 500 for the person) where SQLite would keep
    it, so it is refused here, at the payload boundary, the same on every engine: a command
    gets the usual ephemeral reply, a form an inline error on each field that holds it. Any
    other payload holding such text is acked and dropped.
    """
    if body.get("command") is not None and any_unstorable(body):
        reply(ack, notice(UNSTORABLE))
        return ack.response
    if body.get("type") == "view_submission":
        errors = {
            str(block_id): UNSTORABLE
            for block_id, state in state_blocks(body.get("view")).items()
            if any_unstorable(state)
        }
        if errors:
            return ack(response_action="errors", errors=errors)
    if any_unstorable(body):
        # Anything else holding such text (an event naming a user id with a NUL, a form whose
        # view id holds one) is not something Slack sends: answer and drop it, before a
        # listener passes it to a query that Postgres would refuse.
        log.warning("dropped a %s payload holding text no database can store", body.get("type"))
        ack()
        return ack.response
    next_()
    return None
