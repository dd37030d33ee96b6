"""Build the Bolt app: one WebClient pointed at SLACK_API_URL, listeners, one error handler."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App

from bot.config import Settings
from bot.slack.client import make_web_client
from bot.slack.context import Deps, provide
from bot.slack.listeners import (
    actions,
    blurbs,
    case,
    checkins,
    commands,
    events,
    manager_links,
    packet,
    stakeholders,
    updates,
    views,
    wins,
    your_data,
)
from bot.slack.middleware import refuse_unstorable_text

log = logging.getLogger(__name__)


def build_app(
    settings: Settings,
    deps: Deps,
    *,
    socket_mode: bool = False,
    verify_token: bool = True,
    listener_executor: Executor | None = None,
) -> App:
    """The app for one runtime: HTTP (the default) or Socket Mode.

    Which tokens are configured never decides whether signatures are checked: a `.env` that
    also holds SLACK_APP_TOKEN must not open `mgrbot serve` to unsigned requests.

    `verify_token=False` skips Bolt's `auth.test` while building (Bolt then runs it on the
    first request): the CLI has already checked the token once, with a short timeout
    (bot/slack/preflight.py), and a gunicorn worker must come up and answer /healthz even while
    Slack is unreachable.

    `listener_executor` runs listeners after the ack (Bolt's thread pool by default);
    `mgrbot shell` passes one that runs them at once, so a request is finished when dispatch
    returns.
    """
    if not socket_mode:
        settings.require("SLACK_SIGNING_SECRET")
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    secret = settings.slack_signing_secret
    app = App(
        client=make_web_client(token=token, base_url=settings.slack_api_url),
        signing_secret=secret.get_secret_value() if secret else None,
        # Socket Mode requests aren't signed (the socket is authenticated instead); every HTTP
        # request is verified.
        request_verification_enabled=not socket_mode,
        token_verification_enabled=verify_token,
        # Ack first, then keep working: Slack needs the HTTP answer within 3 seconds.
        process_before_response=False,
        listener_executor=listener_executor,
    )

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        kind = body.get("type") or body.get("command")
        log.error("unhandled error handling %s", kind, exc_info=error)

    app.use(refuse_unstorable_text)
    app.use(provide(deps))
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)
    checkins.register(app)
    wins.register(app)
    blurbs.register(app)
    manager_links.register(app)
    stakeholders.register(app)
    updates.register(app)
    case.register(app)
    packet.register(app)
    your_data.register(app)
    return app
