"""How long scheduled work holds the database's write lock while it creates check-in rows.

On SQLite one writer at a time holds the file: a form submitted while a tick creates a batch of
check-in rows waits until that batch commits. This creates the rows for `--members` members due
in the same minute, batch by batch as a tick does, and prints how long each write transaction
held the lock (median and longest) for each batch size.

    uv run python -m bench.write_lock [--members 2000] [--batches 200,50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from bench.common import scratch_database
from bot.content.library import load_library
from bot.db import Database
from bot.services.checkins import rows
from tests.support.checkin_helpers import bulk_add_members

DUE = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def hold_times(url: str | None, *, members: int, batch: int) -> list[float]:
    """Seconds each row-creating transaction held the write lock."""
    library = load_library(None)
    with scratch_database(url) as database_url:
        db = Database(database_url)
        bulk_add_members(db, (f"U{n:07d}" for n in range(members)), due=DUE)
        held: list[float] = []
        while True:
            started = time.perf_counter()
            with db.session() as session:
                seen, _ = rows.create_due_checkins(session, now=DUE, library=library, limit=batch)
            held.append(time.perf_counter() - started)
            if seen < batch:
                break
        db.engine.dispose()
        return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--batches", default=f"200,{rows.CREATE_BATCH}")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    for batch in (int(b) for b in args.batches.split(",")):
        held = hold_times(args.database_url, members=args.members, batch=batch)
        print(
            f"batch {batch:>4}: {len(held)} transactions, lock held median "
            f"{statistics.median(held) * 1000:.0f} ms, longest {max(held) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
