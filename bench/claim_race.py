"""Claim race: does a slow tick keep the rows it claimed while a second tick runs?

What it measures: how many members get two check-in DMs when one sender's tick is slow and a
second sender ticks meanwhile (the scripted race in tests/support/claim_race.py).

How: `--members` members (default 60) are due at Monday 2026-11-30 09:00 UTC in a fresh database
migrated to head. Sender A ticks at 09:00 with batches of `--batch` (10) and one worker; its
clock moves on one minute per batch it posts. When A's clock has passed 09:05 (the claim time),
just before A's next DM, sender B (its own database connection, its own thread) ticks once at
A's time plus 30 seconds, and A waits for it to finish. Both post to a local fake Slack
(tests/support/checkin_helpers.RecordingFakeSlack) that records every DM. Runs `--rounds` races
(default 3), each on a fresh database.

Printed: per round, members who got two DMs and DMs in all; then the total. Exits 1 if anyone
got two DMs or none.

Old code (before claims were stamped with the time of claiming) has no `batch`/`clock` on
CheckinDelivery: the bench then sets the module's BATCH and leaves the clock out, so the same
race runs there (copy this file and tests/support/claim_race.py into the old worktree).

Run (from the repository root):
    uv run python bench/claim_race.py
    uv run python bench/claim_race.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench_claim_race
A Postgres database named on the command line must start with "bench": it is created (dropped
first if present) and dropped again at the end.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter

import bot.jobs.checkins as checkin_jobs
from bench.common import scratch_database
from bot.db import Database
from bot.jobs.checkins import CheckinDelivery
from bot.slack.client import SlackClient
from tests.support.checkin_helpers import LIBRARY, start_fake
from tests.support.claim_race import SenderFactory, SteppingClock, new_sender, race


def old_sender(
    db: Database, slack: SlackClient, batch: int, clock: SteppingClock | None
) -> CheckinDelivery:
    """The same sender on code where batches and claims come from module constants."""
    checkin_jobs.BATCH = batch
    return CheckinDelivery(db=db, slack=slack, library=LIBRARY, workers=1)


def sender_factory() -> SenderFactory:
    names = {f.name for f in dataclasses.fields(CheckinDelivery)}
    return new_sender if {"batch", "clock"} <= names else old_sender


def one_round(url: str | None, *, members: int, batch: int) -> Counter[str]:
    fake = start_fake()
    try:
        with scratch_database(url) as database_url:
            return race(
                database_url, fake, members=members, batch=batch, make_sender=sender_factory()
            )
    finally:
        fake.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=60, help="members due (60)")
    parser.add_argument("--batch", type=int, default=10, help="claim batch size (10)")
    parser.add_argument("--rounds", type=int, default=3, help="races to run (3)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="sqlite:///new-file.db or postgresql://.../bench_NAME (default: temp SQLite)",
    )
    args = parser.parse_args(argv)
    api = "batch+clock" if sender_factory() is new_sender else "old (module BATCH, no clock)"
    print(f"sender API: {api}; backend: {args.database_url or 'temporary SQLite'}")
    worst, missed = 0, 0
    for number in range(1, args.rounds + 1):
        posted = one_round(args.database_url, members=args.members, batch=args.batch)
        doubled = sum(1 for n in posted.values() if n > 1)
        missing = args.members - len(posted)
        worst, missed = max(worst, doubled), max(missed, missing)
        print(
            f"round {number}: {doubled} of {args.members} members got two DMs, "
            f"{missing} got none ({sum(posted.values())} DMs)"
        )
    print(f"result: worst round {worst} of {args.members} duplicated, {missed} missed")
    return 1 if worst or missed else 0


if __name__ == "__main__":
    sys.exit(main())
