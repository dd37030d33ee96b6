"""`mgrbot run|serve|migrate|tick`: settings -> database -> app -> runtime."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import OperationalError

from bot.config import ConfigError, Settings, load_settings
from bot.content.library import LibraryError, load_library
from bot.db import Database, upgrade_to_head
from bot.domain.moves import Move
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.pacing import Pacer
from bot.jobs.tick import start_scheduler, tick
from bot.services import departures
from bot.slack.client import SlackClient, make_web_client
from bot.slack.context import Deps, utc_now
from bot.slack.preflight import check_bot_token

log = logging.getLogger("mgrbot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mgrbot", description="The mgr-goal Slack bot.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "run",
        help="Socket Mode when SLACK_APP_TOKEN is set, else HTTP on 127.0.0.1:3000",
        description="Socket Mode when SLACK_APP_TOKEN is set, else HTTP on 127.0.0.1:3000 "
        "with one worker. Settings come from the environment and .env (see .env.example).",
    )
    serve = sub.add_parser(
        "serve",
        help="HTTP under gunicorn: POST /slack/events, GET /healthz",
        description="HTTP under gunicorn: Slack posts to POST /slack/events; GET /healthz "
        "answers 200 while the database is reachable. Always checks Slack's request "
        "signatures (SLACK_SIGNING_SECRET).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    serve.add_argument(
        "--port", type=int, default=3000, help="port to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=2,
        help="gunicorn worker processes (default: %(default)s)",
    )
    serve.add_argument(
        "--threads",
        type=int,
        default=8,
        help="threads per worker (default: %(default)s). Bolt holds a thread until the "
        "listener acks, so single-threaded workers queue every request behind it",
    )
    sub.add_parser("migrate", help="upgrade the database to the newest schema")
    tick_parser = sub.add_parser("tick", help="run one pass of due scheduled work, then exit")
    tick_parser.add_argument(
        "--at",
        type=_instant,
        help="the instant to act as of, ISO-8601 with Z or an offset, e.g. "
        "2026-12-01T09:00:00Z (default: now)",
    )
    shell = sub.add_parser(
        "shell",
        help="try the bot in a terminal against a pretend Slack workspace (no tokens needed)",
        description="Runs the real app in-process against a built-in fake Slack: type "
        "/mgr-goal commands, press buttons by number, fill forms, move the clock. Ignores .env; "
        "data goes to a SQLite file. Type :help inside for the shell's own commands.",
    )
    shell.add_argument(
        "--as", dest="as_handle", default="kofi", help="who you are at first (default: kofi)"
    )
    shell.add_argument(
        "--db",
        help="the SQLite file to keep data in (default: mgrbot-shell.db; with --demo, "
        "mgrbot-demo.db, made afresh each time)",
    )
    shell.add_argument(
        "--demo",
        action="store_true",
        help="start from a seeded workspace: a campaign, weeks of wins and check-ins, a digest",
    )
    shell.add_argument(
        "--script", help="read the shell's input from this file instead of the keyboard"
    )
    return parser


def _instant(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 instant: {text!r}") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone: end with Z or an offset like +01:00")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "shell":
        return _shell(args)
    try:
        settings = load_settings()
        logging.basicConfig(
            level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        return _dispatch(args, settings)
    except ConfigError as exc:
        print(f"mgrbot: {exc}", file=sys.stderr)
        return 2
    except LibraryError as exc:
        print(f"mgrbot: MOVES_FILE is invalid: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        print(f"mgrbot: cannot open the database in DATABASE_URL: {reason}", file=sys.stderr)
        return 2


def _shell(args: argparse.Namespace) -> int:
    """The shell reads no settings: no tokens, no network, its own SQLite file."""
    from bot.devtools import launch

    return launch.run(
        as_handle=args.as_handle,
        db_path=args.db,
        demo=args.demo,
        script=args.script,
        library=load_library(None),
    )


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    library = load_library(settings.moves_file)
    # Only `run` may pick Socket Mode, and only when asked to with SLACK_APP_TOKEN; `serve` is
    # always HTTP, whatever else the environment holds.
    socket_mode = args.command == "run" and settings.slack_app_token is not None
    if args.command in ("run", "serve", "tick"):
        settings.require("SLACK_BOT_TOKEN")
        if args.command in ("run", "serve") and not socket_mode:
            settings.require("SLACK_SIGNING_SECRET")
        assert settings.slack_bot_token is not None
        # Once, here, before the database and before any worker forks; the app is then built
        # without Bolt's own check, so a worker restarted during a Slack outage still serves
        # /healthz.
        check_bot_token(
            token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url
        )
    upgrade_to_head(settings.database_url)
    db = Database(settings.database_url)
    if args.command == "migrate":
        log.info("database is at the newest schema")
        return 0
    if args.command == "tick":
        report = tick(checkins=_delivery(settings, db, library), now=args.at or utc_now())
        print(report.summary())
        return 0
    if socket_mode:
        return _run_socket_mode(settings, db, library)
    host, port, workers, threads = "127.0.0.1", 3000, 1, 8
    if args.command == "serve":
        host, port, workers, threads = args.host, args.port, args.workers, args.threads
    return _serve(settings, library, host=host, port=port, workers=workers, threads=threads)


def _delivery(settings: Settings, db: Database, library: list[Move]) -> CheckinDelivery:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    web = make_web_client(token=token, base_url=settings.slack_api_url)
    return CheckinDelivery(
        db=db,
        slack=SlackClient(web, departed=departures.checker(db)),
        library=library,
        stale_after=settings.stakeholder_stale_after,
        pacer=Pacer(settings.send_rate),
    )


def _deps(settings: Settings, db: Database, library: list[Move]) -> Deps:
    return Deps(db=db, library=library, stale_after=settings.stakeholder_stale_after)


def build_web_app(settings: Settings, library: list[Move]) -> Any:
    """The WSGI app a gunicorn worker runs (built after fork: one client and pool per worker).

    Each worker also ticks every minute; rows are claimed in the database, so several
    workers or replicas never send the same check-in twice.
    """
    from bot.slack.app import build_app
    from bot.web import WebApp

    db = Database(settings.database_url)
    if settings.scheduler_enabled:
        start_scheduler(_delivery(settings, db, library))
    app = build_app(settings, _deps(settings, db, library), verify_token=False)
    return WebApp(app, db)


def _run_socket_mode(settings: Settings, db: Database, library: list[Move]) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack.app import build_app

    if settings.scheduler_enabled:
        start_scheduler(_delivery(settings, db, library))
    app = build_app(settings, _deps(settings, db, library), socket_mode=True, verify_token=False)
    assert settings.slack_app_token is not None
    log.info("starting in Socket Mode")
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    handler.start()  # type: ignore[no-untyped-call]  # slack_bolt leaves start() untyped
    return 0


def _serve(
    settings: Settings, library: list[Move], *, host: str, port: int, workers: int, threads: int
) -> int:
    from gunicorn.app.base import BaseApplication

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", max(1, workers))
            self.cfg.set("threads", max(1, threads))  # more than 1: gunicorn's gthread worker
            self.cfg.set("accesslog", "-")
            self.cfg.set("loglevel", settings.log_level.lower())

        def load(self) -> Any:
            return build_web_app(settings, library)

    log.info("serving HTTP on %s:%s with %s worker(s) x %s threads", host, port, workers, threads)
    _Gunicorn().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
