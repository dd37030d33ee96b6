"""Idle tick: one whole `tick(now)` pass (check-ins, digests, blurb expiry) over N members
(default 100,000), none due.

What it measures: the cost of the every-minute tick when there is nothing to do, which is
almost every tick. It must stay cheap however many members there are: no statement may load
(or scan) member rows that aren't due.

How: members are bulk-inserted into a fresh database migrated to head, each with a weekly
slot (weekday and time spread over the week) and next_checkin_at = their next slot after
`now` (Monday 2026-11-23 15:00 UTC), so nobody is due. Postgres gets ANALYZE after the load
(as autovacuum would); SQLite is left without statistics, as a deployment would be. The pass
runs `--runs` times (default 5) against a fake Slack; min and median wall times are printed,
then every SQL statement one pass issues (captured with a before/after_cursor_execute
listener on db.engine) with its parameters, its time, the rows it returns (re-run afterwards
in a rolled-back transaction) and its plan: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE,
BUFFERS) on Postgres (also in a rolled-back transaction). A verdict line says whether any
statement reads the member table without an index.

Optional realism: `--history-weeks W` gives each member W past, finished check-ins (they stay
in the checkin indexes forever); `--stale-fraction F` makes that share of members paused or
unreachable with next_checkin_at in the past (pausing doesn't clear it), which the due query
has to step over. Both default to 0.

Exits 1 if a pass sends anything or creates a check-in (nobody is due); timings are never
asserted.

Run (from the repository root):
    uv run python bench/idle_tick.py
    uv run python bench/idle_tick.py --history-weeks 12 --stale-fraction 0.1
    uv run python bench/idle_tick.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench_idle
A Postgres database named on the command line must start with "bench": it is created (dropped
first if it exists) and dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from bench.common import Executed, SqlRecorder, analyze, bulk_insert, clip, scratch_database
from bot.content.library import load_library
from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.domain.moves import Move, MoveKind
from bot.domain.schedule import next_slot, week_key
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.tick import tick
from bot.models import CheckIn, Member
from bot.slack.client import SlackClient, make_web_client

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)  # a Monday
TEAM = "T1"
UTC = dt.UTC


def member_rows(count: int, stale: int) -> Iterator[dict[str, Any]]:
    """Slots spread over the week; the first `stale` are paused/unreachable and overdue."""
    zone = ZoneInfo("UTC")
    created = NOW - dt.timedelta(days=400)
    for i in range(count):
        weekday = i % 7
        at = dt.time((i // 7) % 24, (i // 168) % 60)
        row: dict[str, Any] = {
            "team_id": TEAM,
            "user_id": f"U{i:07d}",
            "timezone": "UTC",
            "checkin_weekday": weekday,
            "checkin_time": at,
            "paused": False,
            "next_item_number": 1,
            "next_checkin_at": next_slot(after=NOW, weekday=weekday, at=at, zone=zone),
            "unreachable": None,
            "created_at": created,
            "updated_at": created,
        }
        if i < stale:
            row["next_checkin_at"] = NOW - dt.timedelta(days=1 + i % 90, minutes=i % 1440)
            if i % 2:
                row["paused"] = True
            else:
                row["unreachable"] = "account_inactive"
        yield row


def history_rows(member_ids: list[int], weeks: int, move: Move) -> Iterator[dict[str, Any]]:
    """Finished past check-ins: mostly answered, some reminded and never answered, some skipped."""
    for n, member_id in enumerate(member_ids):
        for k in range(1, weeks + 1):
            sent = NOW - dt.timedelta(days=7 * k, minutes=n % 1440)
            kind = (n + k) % 20
            answered = sent + dt.timedelta(hours=5) if kind < 12 or kind >= 17 else None
            yield {
                "member_id": member_id,
                "week": week_key(sent, UTC),
                "kind": "checkin",
                "move_id": move.id,
                "shown_moves": move.id,
                "core_work_first": False,
                "state": "done" if kind < 12 else ("sent" if kind < 17 else "skipped"),
                "due_at": sent,
                "attempts": 0,
                "channel": f"D{member_id:08d}",
                "ts": f"{sent.timestamp():.6f}",
                "sent_at": sent,
                "remind_at": sent + dt.timedelta(days=2),
                "reminded_at": sent + dt.timedelta(days=2) if answered is None else None,
                "answered_at": answered,
                "created_at": sent,
            }


def count_rows(db: Database, model: type[Member] | type[CheckIn]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def rerun(connection: Connection, executed: Executed) -> int | None:
    """Rows the statement returns now (inside the caller's transaction); None if it returns none."""
    result = connection.exec_driver_sql(executed.statement, executed.parameters)
    return len(result.fetchall()) if result.returns_rows else None


def plan(connection: Connection, executed: Executed) -> list[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + executed.statement, executed.parameters
        ).all()
        depth: dict[int, int] = {0: 0}
        lines = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + str(detail))
        return lines
    rows = connection.exec_driver_sql(
        "EXPLAIN (ANALYZE, BUFFERS) " + executed.statement, executed.parameters
    ).all()
    return [str(r[0]) for r in rows]


_MEMBER_TABLE = re.compile(r"\b(?:FROM|JOIN) member\b")
_FULL_SCAN = re.compile(r"\bSeq Scan on member\b|^SCAN member\b")
_INDEXED = re.compile(r"\bon member\b|^SEARCH member\b")
_FILTERED = re.compile(r"Rows Removed by Filter: (\d+)")


def member_access(statement: str, lines: list[str]) -> str | None:
    """How a statement reads the member table, from its plan; None if it doesn't read it.

    SQLite "SCAN member" (even USING INDEX: a full index walk) and Postgres "Seq Scan on
    member" count as full scans; "SEARCH member USING INDEX" / "Index Scan ... on member" as
    index searches. Postgres also says how many visited rows its filter threw away.
    """
    if not _MEMBER_TABLE.search(statement):
        return None
    steps = [line.strip().removeprefix("->").strip() for line in lines]
    verdict = "member read via join / primary key"
    for n, step in enumerate(steps):
        if _FULL_SCAN.search(step):
            verdict = "FULL SCAN: " + step
            break
        if _INDEXED.search(step):
            verdict = "index: " + step
            for detail in steps[n + 1 :]:
                removed = _FILTERED.search(detail)
                if removed:
                    verdict += f" [visited and filtered out {removed.group(1)} rows]"
                    break
            break
    return verdict


def run(args: argparse.Namespace) -> int:
    with scratch_database(args.database_url) as url:
        db = Database(url)
        try:
            return bench(args, db)
        finally:
            db.engine.dispose()


def bench(args: argparse.Namespace, db: Database) -> int:
    where = db.engine.url.render_as_string(hide_password=True)
    print(f"backend: {db.engine.dialect.name} ({where})")
    library = load_library()
    stale = int(args.members * args.stale_fraction)
    start = time.perf_counter()
    bulk_insert(db.engine, Member, member_rows(args.members, stale))
    if args.history_weeks:
        with db.session() as session:
            ids = list(session.scalars(select(Member.id).order_by(Member.id)))
        move = next(m for m in library if m.kind is MoveKind.REGULAR)
        bulk_insert(db.engine, CheckIn, history_rows(ids, args.history_weeks, move))
    analyze(db.engine)
    members, checkins_before = count_rows(db, Member), count_rows(db, CheckIn)
    print(
        f"bulk insert: {members} members ({stale} paused/unreachable and overdue), "
        f"{checkins_before} past check-ins in {time.perf_counter() - start:.1f}s"
    )

    fake = FakeSlack().start()
    delivery = CheckinDelivery(
        db=db,
        slack=SlackClient(make_web_client(token="xoxb-bench", base_url=fake.api_url)),
        library=library,
    )
    seconds: list[float] = []
    per_run: list[int] = []
    last: list[Executed] = []
    try:
        with SqlRecorder(db.engine) as recorder:
            for _ in range(args.runs):
                recorder.clear()
                began = time.perf_counter()
                done = tick(checkins=delivery, now=NOW).done
                seconds.append(time.perf_counter() - began)
                per_run.append(len(recorder.executed))
                last = list(recorder.executed)
                if done:
                    print(f"unexpected work in an idle pass: {done}")
    finally:
        fake.stop()
    slack_calls = len(fake.calls)
    created = count_rows(db, CheckIn) - checkins_before

    print()
    print(f"members:                 {members}")
    print(f"past check-ins:          {checkins_before}")
    print(f"runs:                    {args.runs}")
    print(f"pass seconds, each:      {', '.join(f'{s * 1000:.2f}ms' for s in seconds)}")
    print(f"pass min:                {min(seconds) * 1000:.2f} ms")
    print(f"pass median:             {statistics.median(seconds) * 1000:.2f} ms")
    print(f"SQL statements per pass: {', '.join(map(str, per_run))}")
    print(f"Slack calls:             {slack_calls}")
    print(f"check-ins created:       {created}")

    print("\nstatements in the last pass (rows returned re-counted in a rolled-back transaction):")
    member_rows_loaded = 0
    verdicts: list[str] = []
    with db.engine.connect() as connection:
        for n, executed in enumerate(last, 1):
            transaction = connection.begin()
            try:
                rows = rerun(connection, executed)
            finally:
                transaction.rollback()
            transaction = connection.begin()
            try:
                lines = plan(connection, executed)
            finally:
                transaction.rollback()
            flat = " ".join(executed.statement.split())
            print(f"\n[{n}] {executed.seconds * 1000:.3f} ms, rows returned: {rows}")
            print(f"    {clip(flat, 600)}")
            print(f"    params: {executed.parameters}")
            for line in lines:
                print(f"    | {line}")
            access = member_access(flat, lines)
            if access is not None:
                verdicts.append(f"[{n}] {access}")
                if rows and "FROM member" in flat:
                    member_rows_loaded += rows
    print("\nmember table access:")
    for verdict in verdicts:
        print(f"  {verdict}")
    scans = [v for v in verdicts if "FULL SCAN" in v]
    print(f"member rows loaded by the pass: {member_rows_loaded}")
    print(f"statements scanning member:     {len(scans)}")

    ok = slack_calls == 0 and created == 0 and member_rows_loaded == 0
    print("\nresult:", "OK" if ok else "FAILED (an idle pass did work or loaded members)")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000, help="members, none due (100000)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="sqlite:///new-file.db or postgresql://.../bench_NAME (default: temp SQLite)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed passes (5)")
    parser.add_argument(
        "--history-weeks", type=int, default=0, help="past check-ins per member (0)"
    )
    parser.add_argument(
        "--stale-fraction",
        type=float,
        default=0.0,
        help="share of members paused/unreachable with an overdue next_checkin_at (0)",
    )
    args = parser.parse_args(argv)
    if args.members < 1 or args.runs < 1 or not 0 <= args.stale_fraction <= 1:
        parser.error("--members and --runs must be positive, --stale-fraction in [0, 1]")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
