"""`/mgr-goal list` for a member with 20 items is cheap: one transaction, the member row loaded
once, the items with their notes once (joined)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event

from bot.db import Database
from bot.services import campaign
from bot.services.campaign import ItemFields
from bot.slack.context import Actor, Deps
from bot.slack.listeners.commands import handle_command
from tests.support.fake_messenger import FakeMessenger

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def test_list_with_20_items_runs_two_selects(db: Database) -> None:
    with db.session() as session:
        for n in range(20):
            campaign.add_item(
                session, team_id="T1", user_id="U1", fields=ItemFields(f"Item {n}"), now=NOW
            )
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", count)
    acks: list[dict[str, Any]] = []
    handle_command(
        lambda **kw: acks.append(kw),
        {"text": "list", "channel_id": "C1", "trigger_id": "t"},
        lambda **kw: None,
        Deps(db=db, clock=lambda: NOW),
        Actor("T1", "U1"),
        FakeMessenger(),  # type: ignore[arg-type]
    )
    event.remove(db.engine, "before_cursor_execute", count)
    assert [s for s in statements if s not in ("BEGIN", "COMMIT")] == ["SELECT"] * 2
    [ack] = acks
    assert ack["text"] == "Your campaign list: 0 of 20 done."
