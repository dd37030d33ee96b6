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
from bot.db import Database, upgrade_to_head
from bot.jobs.tick import tick
from bot.slack.deps import Deps, utc_now

log = logging.getLogger("mgrbot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mgrbot", description="The mgr-goal Slack bot.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="Socket Mode when SLACK_APP_TOKEN is set, else HTTP")
    serve = sub.add_parser("serve", help="HTTP under gunicorn: POST /slack/events, GET /healthz")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--workers", type=int, default=2)
    sub.add_parser("migrate", help="upgrade the database to the newest schema")
    tick_parser = sub.add_parser("tick", help="run one pass of due scheduled work, then exit")
    tick_parser.add_argument("--at", type=_instant, help="ISO-8601 instant with Z or an offset")
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
    try:
        settings = load_settings()
        logging.basicConfig(
            level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        return _dispatch(args, settings)
    except ConfigError as exc:
        print(f"mgrbot: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        print(f"mgrbot: cannot open the database in DATABASE_URL: {reason}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command in ("run", "serve"):
        settings.require("SLACK_BOT_TOKEN")
        if args.command == "serve" or not settings.socket_mode:
            settings.require("SLACK_SIGNING_SECRET")
    upgrade_to_head(settings.database_url)
    db = Database(settings.database_url)
    if args.command == "migrate":
        log.info("database is at the newest schema")
        return 0
    if args.command == "tick":
        report = tick(db=db, now=args.at or utc_now())
        print(report.summary())
        return 0
    if args.command == "run" and settings.socket_mode:
        return _run_socket_mode(settings, db)
    host, port, workers = "127.0.0.1", 3000, 1
    if args.command == "serve":
        host, port, workers = args.host, args.port, args.workers
    return _serve(settings, host=host, port=port, workers=workers)


def build_web_app(settings: Settings) -> Any:
    """The WSGI app a gunicorn worker runs (built after fork: one client and pool per worker)."""
    from bot.slack.app import build_app
    from bot.web import WebApp

    db = Database(settings.database_url)
    return WebApp(build_app(settings, Deps(db=db)), db)


def _run_socket_mode(settings: Settings, db: Database) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack.app import build_app

    app = build_app(settings, Deps(db=db))
    assert settings.slack_app_token is not None
    log.info("starting in Socket Mode")
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
    return 0


def _serve(settings: Settings, *, host: str, port: int, workers: int) -> int:
    from gunicorn.app.base import BaseApplication

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", max(1, workers))
            self.cfg.set("accesslog", "-")
            self.cfg.set("loglevel", settings.log_level.lower())

        def load(self) -> Any:
            return build_web_app(settings)

    log.info("serving HTTP on %s:%s with %s worker(s)", host, port, workers)
    _Gunicorn().run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
