"""CPU per request: the bot against a bare Bolt app that only acks, in one process.

`bench/roundtrip.py` times requests through gunicorn; at 20 clients on 2 cores those are
CPU-bound, so what decides the ratio there is the CPU each request costs. This prints that
directly: each app handles the same signed requests through `App.dispatch` (no HTTP server),
and the process CPU time (all threads: Bolt runs listeners on its own pool) is divided by the
number of requests. The bot's calls to Slack (views.open) go to an in-process fake, so their
client and server cost is counted too.

Run (from the repository root):
    uv run python -m bench.request_cpu [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.request import BoltRequest

from bench.common import scratch_database
from bench.roundtrip import TimedFakeSlack, bare_wsgi, seed
from bot.slack import ids
from tests.support.slack_requests import (
    FORM,
    SECRET,
    action_payload,
    command_body,
    interactive_body,
    signed_headers,
)

WARM_UP = 20
SETTLE = 1.0  # seconds for the listeners' threads to finish the work they do after the ack


def bodies(fake: TimedFakeSlack, item_id: int) -> dict[str, Callable[[str], str]]:
    """Each scenario's request body for a trigger id (as in bench/roundtrip.py)."""
    evidence = f"{ids.MENU_EVIDENCE}:{item_id}"
    return {
        "list": lambda t: command_body("list", response_url=fake.response_url(), trigger_id=t),
        "add-item": lambda t: interactive_body(action_payload(ids.HOME_ADD_ITEM, trigger_id=t)),
        "evidence": lambda t: interactive_body(
            action_payload(ids.HOME_ITEM_MENU, trigger_id=t, selected=evidence)
        ),
    }


def cpu_ms(app: App, body: Callable[[str], str], requests: int) -> float:
    """CPU milliseconds per request for `app` handling `requests` of `body`."""
    prepared = []
    for n in range(WARM_UP + requests):
        text = body(f"cpu-{id(app)}-{n}")
        headers = {k.lower(): [v] for k, v in signed_headers(text, FORM).items()}
        prepared.append(BoltRequest(body=text, headers=headers))
    for request in prepared[:WARM_UP]:
        app.dispatch(request)
    time.sleep(SETTLE)
    started = time.process_time()
    for request in prepared[WARM_UP:]:
        response = app.dispatch(request)
        if response.status != 200:
            raise SystemExit(f"HTTP {response.status}: {response.body[:200]}")
    time.sleep(SETTLE)  # process_time doesn't count sleeping, only the threads' work
    return (time.process_time() - started) / requests * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with scratch_database(None) as url:
        item_id = seed(url)
        fake = TimedFakeSlack()
        fake.start()
        fake.add_user("U1", tz="UTC")
        os.environ.update(
            {
                "DATABASE_URL": url,
                "SLACK_BOT_TOKEN": "xoxb-test",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake.api_url,
                "SCHEDULER_ENABLED": "false",
                "LOG_LEVEL": "WARNING",
            }
        )
        from bot.config import Settings
        from bot.db import Database
        from bot.slack.app import build_app
        from bot.slack.context import Deps

        bot = build_app(Settings(_env_file=None), Deps(db=Database(url)), verify_token=False)
        bare = bare_wsgi().app
        print(f"CPU ms per request (SQLite, {args.requests} requests each)")
        print(f"{'request':10} {'bot':>6} {'bare':>6} {'ratio':>6}")
        for scenario, body in bodies(fake, item_id).items():
            ours, theirs = cpu_ms(bot, body, args.requests), cpu_ms(bare, body, args.requests)
            print(f"{scenario:10} {ours:6.2f} {theirs:6.2f} {ours / theirs:5.1f}x")
        fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
