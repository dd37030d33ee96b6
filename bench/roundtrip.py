"""Round trip: how much slower the bot answers than a bare Bolt app that only acks.

What it measures: the time from sending a signed request to `POST /slack/events` until the
work is visible to Slack, through `mgrbot serve` (gunicorn), for three requests:
- `list`: `/mgr-goal list` for a member with 20 items; the reply is the ack body.
- `add-item`: the App Home "Add item" button; done when the modal reaches views.open.
- `evidence`: an item's overflow menu, "Add evidence"; done when its modal reaches views.open
  (reads the item and its member, then opens a modal).
Each at 1 and at 20 concurrent clients, against a bare Bolt app (one listener per kind that
only acks) served by the same gunicorn settings (bind, workers, access log). The two apps
alternate within one run (bot, bare, bot, bare, …) so drift on a busy machine hits both.
Printed: median and p99 (ms) of each, and the ratios bot/bare.

Read with care: both apps ack through Bolt's threaded listener runner, which waits for ack() by
sleeping 10 ms at a time (slack_bolt/listener/thread_runner.py), so about 11 ms is the floor of
any request and a sync worker is held that long; at 20 clients on 2 workers the median is about
20 / 2 x 11 ms for either app. The bot's own work shows where it outgrows that floor: the p99.

How: a scratch database migrated to head, member U1 with 20 open items (tests/support/
factories.py); a local fake Slack Web API (bot/devtools/fake_slack.py) that the bot's
WebClient calls and that notes when each trigger id's modal arrived; requests built and signed
by tests/support/slack_requests.py. The scheduler is off (SCHEDULER_ENABLED=false) so a minute
tick never lands inside a sample. Exits 1 if any request failed or a reply lacks what it
should show.

Run (from the repository root):
    uv run python -m bench.roundtrip                       # SQLite, then Postgres
    uv run python -m bench.roundtrip --backend sqlite
    uv run python -m bench.roundtrip --postgres-url postgresql://postgres@127.0.0.1:5432/bench_rt
A Postgres database must be named bench…: it is created (dropped first) and dropped after.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from bench.common import scratch_database
from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.slack import ids
from tests.support import factories
from tests.support.slack_requests import (
    FORM,
    SECRET,
    action_payload,
    command_body,
    interactive_body,
    signed_headers,
)

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/bench_roundtrip"
ITEMS = 20
CONCURRENCY = (1, 20)
APPS = ("bot", "bare")
SCENARIOS = ("list", "add-item", "evidence")
WAIT = 20.0  # seconds a request may take before it counts as failed


# --- the fake Slack ---------------------------------------------------------------------------


class TimedFakeSlack(FakeSlack):
    """FakeSlack that notes when a call carrying a trigger id (views.open) arrived."""

    def __init__(self) -> None:
        super().__init__()
        self._arrived: dict[str, float] = {}
        self._seen = threading.Condition()

    def _record(self, call: Call) -> ScriptedReply:
        reply = super()._record(call)
        with self._changed:
            self.calls.clear()  # the bench makes thousands of calls and reads none of them
        trigger = call.args.get("trigger_id")
        if trigger:
            with self._seen:
                self._arrived[str(trigger)] = time.perf_counter()
                self._seen.notify_all()
        return reply

    def arrival(self, trigger: str) -> float | None:
        with self._seen:
            self._seen.wait_for(lambda: trigger in self._arrived, WAIT)
            return self._arrived.pop(trigger, None)


# --- the two servers --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} never listened")


@contextmanager
def serving(args: list[str], env: dict[str, str], port: int, log: IO[bytes]) -> Iterator[None]:
    """The server `args` start, until the block ends; its errors go to `log`."""
    process = subprocess.Popen(
        [sys.executable, *args],
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **env},
        stdout=subprocess.DEVNULL,  # gunicorn's access log, one line a request
        stderr=log,
    )
    try:
        _wait_listening(port, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def bare_wsgi() -> Any:
    """A Bolt app with one listener per request kind, each only acking; no database. Its
    client talks to the same fake Slack (Bolt asks auth.test who it is, once a worker)."""
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    client = WebClient(token="xoxb-bare", base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=SECRET, token_verification_enabled=False)

    def only_ack(ack: Ack) -> None:
        ack()

    app.command("/mgr-goal")(only_ack)
    app.action(re.compile(".*"))(only_ack)
    return SlackRequestHandler(app)


def serve_bare(port: int, workers: int, threads: int) -> None:
    """The bare app under gunicorn, configured as `mgrbot serve` configures it (bot/cli.py)."""
    from gunicorn.app.base import BaseApplication

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"127.0.0.1:{port}")
            self.cfg.set("workers", max(1, workers))
            self.cfg.set("threads", max(1, threads))
            self.cfg.set("accesslog", "-")
            self.cfg.set("loglevel", "warning")

        def load(self) -> Any:
            return bare_wsgi()

    _Gunicorn().run()


# --- one request ------------------------------------------------------------------------------


@dataclass
class Client:
    """Sends one scenario's requests to one server and times them."""

    port: int
    fake: TimedFakeSlack
    item_id: int
    waits_for_modal: bool  # the bot opens a modal after its ack; the bare app never does
    _n: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _trigger(self) -> str:
        with self._lock:
            self._n += 1
            return f"rt-{self.port}-{self._n}"

    def body(self, scenario: str, trigger: str) -> str:
        if scenario == "list":
            return command_body("list", response_url=self.fake.response_url(), trigger_id=trigger)
        if scenario == "add-item":
            return interactive_body(action_payload(ids.HOME_ADD_ITEM, trigger_id=trigger))
        selected = f"{ids.MENU_EVIDENCE}:{self.item_id}"
        payload = action_payload(ids.HOME_ITEM_MENU, trigger_id=trigger, selected=selected)
        return interactive_body(payload)

    def one(self, scenario: str) -> float:
        """Seconds until the answer is visible; raises if the request failed."""
        trigger = self._trigger()
        body = self.body(scenario, trigger)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        started = time.perf_counter()
        try:
            connection.request("POST", "/slack/events", body.encode(), signed_headers(body, FORM))
            response = connection.getresponse()
            answer = response.read().decode()
        finally:
            connection.close()
        acked = time.perf_counter()
        if response.status != 200:
            raise RuntimeError(f"{scenario}: HTTP {response.status} {answer[:120]}")
        if scenario == "list" and self.waits_for_modal and "Item 20" not in answer:
            raise RuntimeError(f"list: the reply doesn't show the 20th item: {answer[:200]}")
        if scenario != "list" and self.waits_for_modal:
            arrived = self.fake.arrival(trigger)
            if arrived is None:
                raise RuntimeError(f"{scenario}: no views.open within {WAIT}s")
            return max(acked, arrived) - started
        return acked - started


def burst(client: Client, scenario: str, *, clients: int, requests: int) -> list[float]:
    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(lambda _: client.one(scenario), range(requests)))


# --- the run ----------------------------------------------------------------------------------


def seed(url: str) -> int:
    """Member U1 with ITEMS open items; returns the first item's id."""
    db = Database(url)
    try:
        with db.session() as session:
            owner = factories.member(session)
            first = factories.item(session, owner=owner, text="Item 1")
            for n in range(2, ITEMS + 1):
                factories.item(session, owner=owner, text=f"Item {n}")
            return first.id
    finally:
        db.engine.dispose()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(url: str, *, workers: int, threads: int, rounds: int, requests: dict[int, int]) -> bool:
    """Serve both apps on `url`, alternate them, print the table; False if anything failed."""
    item_id = seed(url)
    fake = TimedFakeSlack()
    fake.start()
    fake.add_user("U1", tz="UTC")
    bot_port, bare_port = _free_port(), _free_port()
    env = {
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "SCHEDULER_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.getcwd(),
    }
    bot_args = ["-m", "bot", "serve", "--port", str(bot_port), "--workers", str(workers)]
    bot_args += ["--threads", str(threads)]
    bare_args = ["-m", "bench.roundtrip", "--serve-bare", str(bare_port), str(workers)]
    bare_args += [str(threads)]
    clients = {
        "bot": Client(bot_port, fake, item_id, waits_for_modal=True),
        "bare": Client(bare_port, fake, item_id, waits_for_modal=False),
    }
    samples: dict[tuple[str, str, int], list[float]] = {}
    failures: list[str] = []

    def run(app: str, scenario: str, clients_at_once: int, count: int) -> list[float]:
        try:
            return burst(clients[app], scenario, clients=clients_at_once, requests=count)
        except (RuntimeError, OSError) as exc:  # one failed request fails the run, not the bench
            failures.append(f"{app} {scenario} x{clients_at_once}: {exc}")
            return []

    with tempfile.TemporaryFile() as log:
        try:
            with serving(bot_args, env, bot_port, log), serving(bare_args, env, bare_port, log):
                for app in APPS:  # every worker imports and connects before anything is timed
                    for scenario in SCENARIOS:
                        run(app, scenario, workers * 4, workers * 8)
                for _ in range(rounds):
                    for scenario in SCENARIOS:
                        for clients_at_once in CONCURRENCY:
                            for app in APPS:
                                got = run(app, scenario, clients_at_once, requests[clients_at_once])
                                samples.setdefault((scenario, app, clients_at_once), []).extend(got)
        finally:
            fake.stop()
        if failures:
            log.seek(0)
            print(log.read().decode(errors="replace")[-3000:], file=sys.stderr)
    report(samples)
    for failure in failures:
        print(f"FAILED {failure}")
    return not failures


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(samples: dict[tuple[str, str, int], list[float]]) -> None:
    header = "request    clients  bot median  bot p99  bare median  bare p99  median x  p99 x    n"
    print(header)
    for scenario in SCENARIOS:
        for clients_at_once in CONCURRENCY:
            bot = samples.get((scenario, "bot", clients_at_once), [])
            bare = samples.get((scenario, "bare", clients_at_once), [])
            if not bot or not bare:
                print(f"{scenario:<10} {clients_at_once:>7}  (no samples)")
                continue
            bot_med, bare_med = statistics.median(bot), statistics.median(bare)
            bot_p99, bare_p99 = percentile(bot, 0.99), percentile(bare, 0.99)
            print(
                f"{scenario:<10} {clients_at_once:>7}  {_ms(bot_med):>10}  {_ms(bot_p99):>7}  "
                f"{_ms(bare_med):>11}  {_ms(bare_p99):>8}  {bot_med / bare_med:>7.2f}x  "
                f"{bot_p99 / bare_p99:>5.2f}x  {len(bot):>4}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_POSTGRES, help="a scratch database named bench…"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (as serve: 2)")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of bot and bare")
    parser.add_argument("--requests", type=int, default=60, help="requests a round, 1 client")
    parser.add_argument("--requests-20", type=int, default=200, help="requests a round, 20 clients")
    parser.add_argument("--threads", type=int, default=8, help="threads a worker (as serve: 8)")
    parser.add_argument("--serve-bare", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(*args.serve_bare)
        return 0
    requests = {1: args.requests, 20: args.requests_20}
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    ok = True
    for backend in backends:
        print(
            f"== {backend}: {args.workers} gunicorn workers x {args.threads} threads, "
            f"{args.rounds} rounds, {ITEMS} items"
        )
        started = time.monotonic()
        with scratch_database(None if backend == "sqlite" else args.postgres_url) as url:
            ok = (
                measure(
                    url,
                    workers=args.workers,
                    threads=args.threads,
                    rounds=args.rounds,
                    requests=requests,
                )
                and ok
            )
        print(f"({time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
