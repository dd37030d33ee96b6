"""Check-in fan-out: N members (default 10,000) all due within one minute.

What it measures: how long the real delivery path (`CheckinDelivery.run`, i.e. one tick) takes
to get every member's weekly check-in out when Slack rate-limits chat.postMessage, and whether
anyone is missed or messaged twice.

How: members are bulk-inserted into a fresh database migrated to head, with next_checkin_at
spread evenly over one minute (Monday 2026-11-23 09:00:00-09:00:59 UTC). A local fake Slack
(bot/devtools/fake_slack.py, subclassed here) answers chat.postMessage like Slack under load:
at most 1 accepted message per second per channel (each member's DM channel is its user id)
and at most `--workspace-cap` accepted messages per second workspace-wide (sliding one-second
windows); over either limit it answers HTTP 429 with `Retry-After: 1` and
{"ok": false, "error": "ratelimited"}. The bot's own WebClient (make_web_client) retries 429s
with slack-sdk's RateLimitErrorRetryHandler. Passes run back to back, `now` starting one second
after the last due instant and advancing one minute per pass (like ticks a minute apart),
until every member has a check-in in state "sent" (at most `--max-passes`).

Printed: per-pass lines, then members, cap, floor (members / cap), wall time, wall/floor,
an estimate of the time under a real 1-minute scheduler (a tick that overruns its minute
pushes the next one to the following minute boundary), postMessage calls, 429s, unique users
delivered, duplicates, misses, a phase breakdown (creating rows vs claiming+sending;
per-message thread time split into render, the Slack call including retry sleeps, and the
DB load+mark; time per claimed batch of 200) and the most frequent SQL statement shapes.
Exits 1 if anyone was missed, got two messages or has two check-in rows; timings are never
asserted. The fake Slack runs in this process, so at high rates it competes for the GIL
with the bot's worker threads: `--workspace-cap 0` gives a lower bound on our own ceiling.

Run (from the repository root):
    uv run python bench/checkin_fanout.py
    uv run python bench/checkin_fanout.py --workspace-cap 0        # no workspace cap
    uv run python bench/checkin_fanout.py --members 2000 --profile  # cProfile the main thread
    uv run python bench/checkin_fanout.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench_fanout
A Postgres database named on the command line must start with "bench": it is created (dropped
first if it exists) and dropped at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import math
import pstats
import statistics
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, TypeVar
from unittest import mock

from slack_sdk import WebClient
from sqlalchemy import exists, func, select

from bench.common import SqlRecorder, analyze, bulk_insert, clip, scratch_database, shape
from bot.content.library import load_library
from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.domain.checkins import CheckinState
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.pacing import Pacer
from bot.models import CheckIn, Member
from bot.services.checkins import outbox, rows
from bot.slack.blocks.messages import Message
from bot.slack.client import SlackClient, make_web_client

FIRST_DUE = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # a Monday, the members' slot
TEAM = "T1"
T = TypeVar("T")


# --- a fake Slack with Slack-like limits on chat.postMessage -----------------------------------


class RateLimitedSlack(FakeSlack):
    """FakeSlack that answers 429 + Retry-After: 1 past per-channel or workspace limits.

    Only accepted messages count towards the limits. `workspace_per_second` of 0 means no
    workspace cap.
    """

    def __init__(self, *, workspace_per_second: float, channel_per_second: float = 1.0) -> None:
        super().__init__()
        self.workspace_per_second = workspace_per_second
        self.channel_interval = 1.0 / channel_per_second
        self.accepted: Counter[str] = Counter()  # channel -> accepted chat.postMessage
        self.limited: Counter[str] = Counter()  # "workspace" / "channel" -> 429s
        self._limits = threading.Lock()
        self._recent: deque[float] = deque()
        self._last_in_channel: dict[str, float] = {}

    def _record(self, call: Call) -> ScriptedReply:
        if call.method != "chat.postMessage":
            return super()._record(call)
        channel = str(call.args.get("channel"))
        with self._limits:
            now = time.monotonic()
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            last = self._last_in_channel.get(channel)
            reason = None
            if last is not None and now - last < self.channel_interval:
                reason = "channel"
            elif self.workspace_per_second and len(self._recent) >= self.workspace_per_second:
                reason = "workspace"
            if reason is None:
                self._recent.append(now)
                self._last_in_channel[channel] = now
                self.accepted[channel] += 1
            else:
                self.limited[reason] += 1
        if reason is None:
            return super()._record(call)
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return ScriptedReply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})


# --- timing hooks (bench-side subclasses and wrappers; bot/ is not modified) ------------------


class ThreadTimes:
    """Seconds summed over worker threads, by label."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, label: str, seconds: float) -> None:
        with self._lock:
            self.seconds[label] += seconds
            self.counts[label] += 1

    def timed(self, label: str, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            self.add(label, time.perf_counter() - start)


class TimedSlackClient(SlackClient):
    def __init__(self, web: WebClient, times: ThreadTimes) -> None:
        super().__init__(web)
        self.times = times

    def post_dm(self, *args: Any, **kwargs: Any) -> tuple[str, str]:
        parent = super().post_dm
        return self.times.timed("post_dm", lambda: parent(*args, **kwargs))


@dataclass
class TimedDelivery(CheckinDelivery):
    """CheckinDelivery with thread-time accounting; signatures pass through untouched."""

    times: ThreadTimes = field(default_factory=ThreadTimes)

    def deliver(self, *args: Any, **kwargs: Any) -> bool:
        parent = super().deliver
        return self.times.timed("deliver", lambda: parent(*args, **kwargs))

    def render(self, *args: Any, **kwargs: Any) -> Message:
        parent = super().render
        return self.times.timed("render", lambda: parent(*args, **kwargs))


class PhaseClock:
    """Wraps the service calls a pass makes, to split a pass into creating rows and sending."""

    def __init__(self) -> None:
        self.create_seconds = 0.0
        self.first_claim_at: float | None = None
        # (started, rows claimed) for every claim_pending call, over all passes
        self.claims: list[tuple[float, int]] = []

    def reset(self) -> None:
        self.create_seconds = 0.0
        self.first_claim_at = None

    def patches(self) -> Iterator[Any]:
        create, claim = rows.create_due_checkins, outbox.claim_pending

        def timed_create(*args: Any, **kwargs: Any) -> tuple[int, int]:
            start = time.perf_counter()
            try:
                return create(*args, **kwargs)
            finally:
                self.create_seconds += time.perf_counter() - start

        def noted_claim(*args: Any, **kwargs: Any) -> list[outbox.Outbound]:
            started = time.perf_counter()
            if self.first_claim_at is None:
                self.first_claim_at = started
            claimed = claim(*args, **kwargs)
            self.claims.append((started, len(claimed)))
            return claimed

        yield mock.patch.object(rows, "create_due_checkins", timed_create)
        yield mock.patch.object(outbox, "claim_pending", noted_claim)


@dataclass(frozen=True)
class PassResult:
    number: int
    now: dt.datetime
    seconds: float
    until_first_claim: float  # schedule + create rows + their commits
    create_calls: float  # inside create_due_checkins only (no commit)
    done: dict[str, int]
    sent_total: int
    posts: int
    limited: int


# --- the benchmark -----------------------------------------------------------------------------


def member_rows(count: int, created: dt.datetime) -> Iterator[dict[str, Any]]:
    step = 60.0 / count
    for i in range(count):
        yield {
            "team_id": TEAM,
            "user_id": f"U{i:06d}",
            "timezone": "UTC",
            "checkin_weekday": 0,
            "checkin_time": dt.time(9, 0),
            "paused": False,
            "next_item_number": 1,
            "next_checkin_at": FIRST_DUE + dt.timedelta(seconds=i * step),
            "created_at": created,
            "updated_at": created,
        }


def count_sent(db: Database) -> int:
    with db.session() as session:
        return (
            session.scalar(
                select(func.count()).select_from(CheckIn).where(CheckIn.state == CheckinState.SENT)
            )
            or 0
        )


def count_misses(db: Database) -> int:
    sent = exists().where(CheckIn.member_id == Member.id, CheckIn.state == CheckinState.SENT)
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Member).where(~sent)) or 0


def count_extra_rows(db: Database) -> int:
    """Members with more than one check-in row (the unique key should make this 0)."""
    per_member = (
        select(CheckIn.member_id).group_by(CheckIn.member_id).having(func.count() > 1).subquery()
    )
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(per_member)) or 0


def deployed_estimate(passes: list[PassResult]) -> float:
    """Seconds from the first tick to the end of the last if a 1-minute scheduler ran them:
    a tick that overruns its minute makes the scheduler skip to the next minute boundary."""
    total = 0.0
    for result in passes[:-1]:
        total += 60.0 * max(1, math.ceil(result.seconds / 60.0))
    return total + passes[-1].seconds


def run(args: argparse.Namespace) -> int:
    with scratch_database(args.database_url) as url:
        db = Database(url)
        try:
            return bench(args, db)
        finally:
            db.engine.dispose()


def bench(args: argparse.Namespace, db: Database) -> int:
    backend = db.engine.dialect.name
    print(f"backend: {backend} ({db.engine.url.render_as_string(hide_password=True)})")
    start = time.perf_counter()
    created = FIRST_DUE - dt.timedelta(days=30)
    inserted = bulk_insert(db.engine, Member, member_rows(args.members, created))
    analyze(db.engine)
    print(f"bulk insert: {inserted} members in {time.perf_counter() - start:.2f}s")

    fake = RateLimitedSlack(workspace_per_second=args.workspace_cap).start()
    times = ThreadTimes()
    web = make_web_client(token="xoxb-bench", base_url=fake.api_url)
    delivery = TimedDelivery(
        db=db,
        slack=TimedSlackClient(web, times),
        library=load_library(),
        workers=args.workers,
        times=times,
        pacer=Pacer(args.send_rate or None),
    )
    clock = PhaseClock()
    recorder = SqlRecorder(db.engine)
    profiler = cProfile.Profile() if args.profile else None
    last_due = FIRST_DUE + dt.timedelta(seconds=(args.members - 1) * 60.0 / args.members)
    now = last_due + dt.timedelta(seconds=1)
    passes: list[PassResult] = []
    try:
        with ExitStack() as stack:
            for patch in clock.patches():
                stack.enter_context(patch)
            stack.enter_context(recorder)
            began = time.perf_counter()
            for number in range(1, args.max_passes + 1):
                clock.reset()
                pass_start = time.perf_counter()
                if profiler:
                    profiler.enable()
                done = delivery.run(now)
                if profiler:
                    profiler.disable()
                seconds = time.perf_counter() - pass_start
                first_claim = clock.first_claim_at or time.perf_counter()
                result = PassResult(
                    number=number,
                    now=now,
                    seconds=seconds,
                    until_first_claim=first_claim - pass_start,
                    create_calls=clock.create_seconds,
                    done=done,
                    sent_total=count_sent(db),
                    posts=len(fake.calls_to("chat.postMessage")),
                    limited=sum(fake.limited.values()),
                )
                passes.append(result)
                print(
                    f"pass {number:2d} now={now:%H:%M:%S} {seconds:8.2f}s "
                    f"(rows {result.until_first_claim:6.2f}s) {done} "
                    f"sent so far={result.sent_total} posts={result.posts} "
                    f"429s={result.limited}",
                    flush=True,
                )
                if result.sent_total >= args.members:
                    break
                now += dt.timedelta(minutes=1)
            wall = time.perf_counter() - began
    finally:
        fake.stop()

    posts = len(fake.calls_to("chat.postMessage"))
    delivered = len(fake.accepted)
    duplicates = sum(1 for n in fake.accepted.values() if n > 1)
    misses = count_misses(db)
    extra_rows = count_extra_rows(db)
    cap = args.workspace_cap
    floor = args.members / cap if cap else 0.0
    rows_seconds = sum(p.until_first_claim for p in passes)
    create_calls = sum(p.create_calls for p in passes)
    send_seconds = wall - rows_seconds

    print()
    print(f"members:                    {args.members}")
    print(f"workspace cap (msg/s):      {cap:g}" + (" (none)" if not cap else ""))
    print("channel cap (msg/s):        1")
    print(f"delivery workers:           {args.workers}")
    print(f"bot send rate (SEND_RATE):  {args.send_rate or 'unpaced'}")
    print(f"floor seconds (members/cap): {floor:.1f}")
    print(f"passes:                     {len(passes)}")
    print(f"wall seconds (all passes):  {wall:.1f}")
    print(f"wall / floor:               {wall / floor:.2f}" if floor else "wall / floor: n/a")
    print(f"if ticked by a 1-min scheduler: {deployed_estimate(passes):.0f}s")
    print(f"throughput (sent / wall):   {delivered / wall:.1f} msg/s")
    print(f"chat.postMessage calls:     {posts}")
    print(
        f"429 answers:                {sum(fake.limited.values())} "
        f"(workspace {fake.limited['workspace']}, channel {fake.limited['channel']})"
    )
    print(f"delivered unique users:     {delivered}")
    print(f"duplicates (>1 accepted):   {duplicates}")
    print(f"misses (no sent check-in):  {misses}")
    print(f"members with >1 check-in row: {extra_rows}")
    failed = sum(p.done.get("checkins_failed", 0) for p in passes)
    print(f"failed deliveries (retried next pass): {failed}")

    print()
    print("phases (wall):")
    print(f"  create rows (schedule + create_due_checkins + commits): {rows_seconds:.2f}s")
    print(f"    of which inside create_due_checkins:                  {create_calls:.2f}s")
    print(f"  claim + send + mark:                                    {send_seconds:.2f}s")
    deliveries = times.counts["deliver"]
    if deliveries:
        deliver = times.seconds["deliver"]
        render = times.seconds["render"]
        post = times.seconds["post_dm"]
        print(f"per deliver() (thread time, mean of {deliveries}):")
        print(f"  total                      {1000 * deliver / deliveries:8.2f} ms")
        print(f"  render (incl. list query)  {1000 * render / deliveries:8.2f} ms")
        print(f"  post_dm incl. 429 sleeps   {1000 * post / deliveries:8.2f} ms")
        db_ms = 1000 * (deliver - render - post) / deliveries
        print(f"  load + mark (DB)           {db_ms:8.2f} ms")
    batches = [
        (later[0] - started, size)
        for (started, size), later in zip(clock.claims, clock.claims[1:], strict=False)
        if size
    ]
    if batches:
        spans = [span for span, _ in batches]
        print(
            f"delivery batches (claim to next claim): {len(batches)}, "
            f"mean {statistics.mean(spans):.2f}s, median {statistics.median(spans):.2f}s, "
            f"max {max(spans):.2f}s for up to {max(size for _, size in batches)} messages"
            + (f" (floor {max(size for _, size in batches) / cap:.1f}s at the cap)" if cap else "")
        )
    print_statements(recorder, args.members)
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
        print("\ncProfile, main thread only (row creation, claims, waiting on workers):")
        print(out.getvalue())

    ok = duplicates == 0 and misses == 0 and extra_rows == 0
    print("\nresult:", "OK" if ok else "FAILED (duplicates or misses)")
    return 0 if ok else 1


def print_statements(recorder: SqlRecorder, members: int) -> None:
    by_shape: dict[str, list[float]] = {}
    for executed in recorder.executed:
        by_shape.setdefault(shape(executed.statement), []).append(executed.seconds)
    total = len(recorder.executed)
    print(f"\nSQL statements executed: {total} ({total / members:.1f} per member)")
    print("most frequent shapes (count, total s, median ms, statement):")
    ranked = sorted(by_shape.items(), key=lambda kv: len(kv[1]), reverse=True)
    for statement, seconds in ranked[:14]:
        print(
            f"  {len(seconds):7d} {sum(seconds):7.2f}s {1000 * statistics.median(seconds):6.2f}ms"
            f"  {clip(statement, 150)}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10_000, help="members due (10000)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="sqlite:///new-file.db or postgresql://.../bench_NAME (default: temp SQLite)",
    )
    parser.add_argument(
        "--workspace-cap",
        type=float,
        default=50.0,
        help="accepted chat.postMessage per second, workspace-wide; 0 = no cap (50)",
    )
    parser.add_argument("--workers", type=int, default=8, help="CheckinDelivery.workers (8)")
    parser.add_argument(
        "--send-rate",
        type=float,
        default=45.0,
        help="the bot's SEND_RATE pacing, messages/second; 0 = unpaced (45)",
    )
    parser.add_argument("--max-passes", type=int, default=30, help="ticks to try (30)")
    parser.add_argument("--profile", action="store_true", help="cProfile the main thread")
    args = parser.parse_args(argv)
    if args.members < 1:
        parser.error("--members must be positive")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
