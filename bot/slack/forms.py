"""Answers to a modal submission: inline errors on the fields a service refused."""

from __future__ import annotations

from collections.abc import Mapping

from bot.services.errors import FieldErrors, UserError


def inline(error: UserError, fields: Mapping[str, str], *, fallback: str) -> dict[str, str]:
    """`ack(response_action="errors", errors=…)` for a service's refusal.

    `fields` maps the service's field names to the modal's block ids (one map per modal, in
    `bot.slack.ids`); a field the modal doesn't show, and a refusal not about any one field
    (a plain UserError), land on `fallback`.
    """
    if not isinstance(error, FieldErrors):
        return {fallback: str(error)}
    shown: dict[str, str] = {}
    for name, problem in error.problems.items():
        block = fields.get(name, fallback)
        shown[block] = f"{shown[block]} {problem}" if block in shown else problem
    return shown
