"""Forget-me in a busy workspace: the confirm's counts (`plan`) and the deletion (`forget`).

What it measures: `your_data.plan`, which runs before the confirm modal opens (inside Slack's
3-second trigger window, with the slash command's other work), and `your_data.forget`, the
one transaction that deletes a member and rewrites every mention of them in other members'
text. Both scan every string column of every table in the team (by reflection), so they grow
with the workspace, not with the member. Timings are printed, never asserted.

How: a fresh database migrated to head; `--members` members (default 2,000) with 25 items
and 50 wins each (every 40th win of each member mentions the next member as `<@U…>`);
each run forgets a different member, after timing `plan` for them.

Run (from the repository root):
    uv run python bench/forget_me.py
    uv run python bench/forget_me.py --members 2000 --runs 3
    uv run python bench/forget_me.py --database-url postgresql://postgres@127.0.0.1:5432/bench_forget
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from sqlalchemy import select

from bench.common import analyze, bulk_insert, scratch_database
from bot.db import Database
from bot.models import CampaignItem, Member, Win
from bot.services import your_data

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
TEAM = "T1"
ITEMS, WINS = 25, 50


def user(n: int) -> str:
    return f"U{n:08d}"


def seed(db: Database, *, members: int) -> None:
    bulk_insert(
        db.engine,
        Member,
        (
            {
                "team_id": TEAM,
                "user_id": user(n),
                "target_role": "Engineering manager",
                "timezone": "Europe/Berlin",
                "next_item_number": ITEMS + 1,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for n in range(members)
        ),
    )
    with db.session() as session:
        ids = {row.user_id: row.id for row in session.execute(select(Member.user_id, Member.id))}
    bulk_insert(
        db.engine,
        CampaignItem,
        (
            {
                "member_id": ids[user(n)],
                "number": i,
                "text": f"Item {i}: run the planning session with the platform team",
                "status": "open",
                "created_at": NOW,
            }
            for n in range(members)
            for i in range(1, ITEMS + 1)
        ),
    )
    bulk_insert(
        db.engine,
        Win,
        (
            {
                "member_id": ids[user(n)],
                "text": (
                    f"Paired with <@{user((n + 1) % members)}> on the rollout"
                    if w % 40 == 0
                    else f"Win {w}: walked the new hire through a deploy"
                ),
                "happened_on": NOW.date(),
                "shared": w % 2 == 0,
                "created_at": NOW,
            }
            for n in range(members)
            for w in range(WINS)
        ),
    )
    analyze(db.engine)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        db = Database(url)
        print(f"backend: {db.engine.dialect.name}")
        print(f"workspace: {args.members} members, {ITEMS} items and {WINS} wins each")
        seed(db, members=args.members)
        plans: list[float] = []
        forgets: list[float] = []
        for run in range(args.runs):
            target = user(1 + run * 10)
            began = time.perf_counter()
            with db.session() as session:
                counted = your_data.plan(session, team_id=TEAM, user_id=target)
            planned = time.perf_counter()
            with db.session() as session:
                your_data.forget(session, team_id=TEAM, user_id=target)
            done = time.perf_counter()
            plans.append(planned - began)
            forgets.append(done - planned)
            print(
                f"run {run + 1}: plan {plans[-1] * 1000:.0f} ms "
                f"({counted.items} items, {counted.wins} wins, {counted.mentions} mentions "
                f"by others), forget {forgets[-1] * 1000:.0f} ms"
            )
        print(
            f"median: plan {statistics.median(plans) * 1000:.0f} ms, "
            f"forget {statistics.median(forgets) * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
