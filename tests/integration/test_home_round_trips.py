"""How many SQL statements a Home refresh and an App Home button cost (issue 10, Measure).

Each row is loaded once: the member once, the items once, in one transaction. Before the
Home data moved into bot/services/home.py a refresh took 10 statements (the member twice) and
"Mark done" 14 in two transactions (the member four times, the items twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after, seed_items
from tests.support.slack_requests import SlackDriver


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL the app sends while the block runs (the app shares the test's engine)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(sql)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_home_refresh_loads_each_row_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    seed_items(db, clock.now, [f"Item {n}" for n in range(20)], done=[0, 1])
    with statements(db) as seen:
        before = count(fake_slack, "views.publish")
        slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
        home_after(fake_slack, before=before)
    assert loads(seen, "member") == 1
    assert loads(seen, "campaign_item") == 1
    # member, items, notes, check-in, 3 for wins, 2 for testimonials, the people this person
    # is the linked manager of (none here), their stakeholders, their last monthly update,
    # their newest reflections ("Your reflections", issue 13) and their last confidence answer
    assert len(seen) == 13, seen


def test_menu_done_loads_each_row_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    [first, *_] = seed_items(db, clock.now, [f"Item {n}" for n in range(20)])
    with statements(db) as seen:
        before = count(fake_slack, "views.publish")
        slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_DONE}:{first}")
        home_after(fake_slack, before=before)
    assert loads(seen, "member") == 1
    assert loads(seen, "campaign_item") == 1
    # the refresh's 13 (with the manager's people, the stakeholders, the last update, the
    # reflections and the confidence answer), and the UPDATE
    assert len(seen) == 14, seen
    assert sum(s.startswith("UPDATE campaign_item") for s in seen) == 1


def loads(seen: list[str], table: str) -> int:
    return sum(f"FROM {table} " in s or s.endswith(f"FROM {table}") for s in seen)
