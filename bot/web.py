"""The WSGI application: Slack's `POST /slack/events` and an operator's `GET /healthz`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.db import Database

StartResponse = Callable[..., Any]
EVENTS_PATH = "/slack/events"


class WebApp:
    def __init__(self, app: App, db: Database) -> None:
        self.slack = SlackRequestHandler(app, path=EVENTS_PATH)
        self.db = db

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            healthy = self.db.is_reachable()
            status = "200 OK" if healthy else "503 Service Unavailable"
            body = b"ok\n" if healthy else b"database unreachable\n"
            start_response(
                status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
            )
            return [body]
        if path == EVENTS_PATH:
            if method != "POST":
                return self._plain(start_response, "405 Method Not Allowed", b"POST only\n")
            return self.slack(environ, start_response)
        return self._plain(start_response, "404 Not Found", b"not found\n")

    @staticmethod
    def _plain(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
        start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
