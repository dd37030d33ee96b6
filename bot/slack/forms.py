"""Answers to a modal submission: inline errors on the fields a service refused."""

from __future__ import annotations

from collections.abc import Mapping

from bot.services.errors import FieldErrors


def inline(errors: FieldErrors, fields: Mapping[str, str], *, fallback: str) -> dict[str, str]:
    """`ack(response_action="errors", errors=…)` for a service's field errors.

    `fields` maps the service's field names to the modal's block ids (one map per modal, in
    `bot.slack.ids`); a field the modal doesn't show lands on `fallback`.
    """
    shown: dict[str, str] = {}
    for name, problem in errors.problems.items():
        block = fields.get(name, fallback)
        shown[block] = f"{shown[block]} {problem}" if block in shown else problem
    return shown
