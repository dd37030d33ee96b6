"""Team digest: build and post one channel's weekly digest for 300 members x 20 shared wins.

What it measures: the time the real tick path (`DigestDelivery.run`) takes to build and post
the digest of a channel whose 300 members each shared 20 wins in the week, the number of Slack
calls it makes, and how many SQL statements it runs; then the same again on the following
week with no new wins (an empty week must post nothing).

How: a fresh database migrated to head; 300 members with team channel C1, 6,000 shared wins
(each 200 characters, some with `<!channel>`-style markup that must arrive escaped), one digest
for C1 due Friday 2026-11-27 16:00 UTC. A local fake Slack (bot/devtools/fake_slack.py)
records calls; the bot's own WebClient talks to it over HTTP. Timings are printed, never
asserted; the script exits 1 if the digest isn't exactly one summary plus one thread reply, if
a payload breaks Slack's limits, or if user markup arrives unescaped.

Run (from the repository root):
    uv run python bench/digest.py
    uv run python bench/digest.py --members 1000 --wins 20
    uv run python bench/digest.py --database-url postgresql://postgres@127.0.0.1:5432/bench_digest
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter

from bench.common import SqlRecorder, analyze, bulk_insert, scratch_database, shape
from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.jobs.digests import DigestDelivery
from bot.models import Digest, Member, Win
from bot.slack.client import SlackClient, make_web_client
from tests.support.blockkit import check_message

DUE = dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.UTC)  # a Friday
TEAM, CHANNEL = "T1", "C1"
MARKUP = "<!channel>"


def seed(db: Database, *, members: int, wins: int) -> None:
    created = DUE - dt.timedelta(days=30)
    bulk_insert(
        db.engine,
        Member,
        (
            {
                "team_id": TEAM,
                "user_id": f"U{n:08d}",
                "timezone": "Europe/Berlin",
                "checkin_weekday": 0,
                "checkin_time": dt.time(9, 0),
                "paused": False,
                "next_item_number": 1,
                "next_checkin_at": None,
                "team_channel_id": CHANNEL,
                "created_at": created,
                "updated_at": created,
            }
            for n in range(members)
        ),
    )
    with db.session() as session:
        ids = [m.id for m in session.query(Member).order_by(Member.id)]
    text = "Ran the incident review and wrote up what we learned " + MARKUP + " " + "x" * 130
    bulk_insert(
        db.engine,
        Win,
        (
            {
                "member_id": member_id,
                "text": text[:200],
                "happened_on": (DUE - dt.timedelta(days=1 + k % 6)).date(),
                "area": ("coaching", "communication", "problem_solving")[k % 3],
                "item_id": None,
                "checkin_id": None,
                "shared": True,
                "shared_at": DUE - dt.timedelta(days=6, minutes=-(k + 1)),
                "created_at": DUE - dt.timedelta(days=6),
            }
            for member_id in ids
            for k in range(wins)
        ),
    )
    with db.session() as session:
        session.add(
            Digest(
                team_id=TEAM,
                channel_id=CHANNEL,
                enabled=True,
                weekday=4,
                post_time=dt.time(17, 0),
                timezone="Europe/Berlin",
                turned_on_by="U00000000",
                next_due_at=DUE,
                covered_until=None,
                created_at=created,
                updated_at=created,
            )
        )
    analyze(db.engine)


def run_pass(delivery: DigestDelivery, fake: FakeSlack, recorder: SqlRecorder, now: dt.datetime):
    before = len(fake.calls)
    recorder.clear()
    started = time.perf_counter()
    done = delivery.run(now)
    seconds = time.perf_counter() - started
    return seconds, done, fake.calls[before:], list(recorder.executed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=300, help="members sharing (300)")
    parser.add_argument("--wins", type=int, default=20, help="shared wins each (20)")
    parser.add_argument("--database-url", help="sqlite:///new.db or postgresql://…/bench_*")
    args = parser.parse_args()
    failures: list[str] = []
    with scratch_database(args.database_url) as url:
        db = Database(url)
        started = time.perf_counter()
        seed(db, members=args.members, wins=args.wins)
        print(f"backend: {db.engine.dialect.name}")
        print(
            f"seeded {args.members} members x {args.wins} shared wins = "
            f"{args.members * args.wins} in {time.perf_counter() - started:.2f}s"
        )
        fake = FakeSlack().start()
        try:
            web = make_web_client(token="xoxb-bench", base_url=fake.api_url)
            delivery = DigestDelivery(db=db, slack=SlackClient(web))
            with SqlRecorder(db.engine) as recorder:
                for label, now in (
                    ("digest week", DUE + dt.timedelta(seconds=30)),
                    ("next week (no new wins)", DUE + dt.timedelta(days=7, seconds=30)),
                ):
                    seconds, done, calls, statements = run_pass(delivery, fake, recorder, now)
                    posts = [c for c in calls if c.method == "chat.postMessage"]
                    top = [c for c in posts if "thread_ts" not in c.args]
                    thread = [c for c in posts if "thread_ts" in c.args]
                    print(f"\n{label}:")
                    print(f"  tick seconds:        {seconds:.3f}")
                    print(f"  result:              {done}")
                    print(
                        f"  Slack calls:         {len(calls)} ({Counter(c.method for c in calls)})"
                    )
                    print(f"  summary / thread:    {len(top)} / {len(thread)}")
                    print(f"  SQL statements:      {len(statements)}")
                    for statement, count in Counter(
                        shape(s.statement) for s in statements
                    ).most_common(4):
                        print(f"    {count:>4}  {statement[:110]}")
                    for call in posts:
                        blocks = call.args.get("blocks")
                        body = json.loads(blocks) if isinstance(blocks, str) else blocks or []
                        text = json.dumps(body)
                        print(
                            f"  {'thread' if 'thread_ts' in call.args else 'summary'} payload: "
                            f"{len(body)} blocks, {len(text):,} JSON chars"
                        )
                        try:
                            check_message(call.args)
                        except AssertionError as exc:
                            failures.append(f"payload over Slack's limits: {exc}")
                        if MARKUP in text:
                            failures.append("user markup arrived unescaped")
                    expected = (1, 1) if label == "digest week" else (0, 0)
                    if (len(top), len(thread)) != expected:
                        failures.append(
                            f"{label}: expected {expected} posts, got {len(top), len(thread)}"
                        )
        finally:
            fake.stop()
        db.engine.dispose()
    print("\nresult:", "OK" if not failures else "FAILED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
