"""The chooser's input for pure tests of bot.domain.moves: a member with no manager, core work
on track, no reflection due and no open items, unless a test says otherwise."""

from __future__ import annotations

from bot.domain.moves import MemberState


def member_state(**overrides: object) -> MemberState:
    values: dict[str, object] = {
        "seed": "T1:U1",
        "has_manager": False,
        "core_work_behind": False,
        "checkins_since_reflection": 0,
        "open_item_evidence": {},
    }
    values.update(overrides)
    return MemberState(**values)  # type: ignore[arg-type]
