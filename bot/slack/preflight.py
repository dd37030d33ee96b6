"""One `auth.test` before a command starts, so a bad token or an unreachable Slack is one
clear line at start-up instead of a traceback from deep inside Bolt or a gunicorn worker."""

from __future__ import annotations

import http.client
import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.config import ConfigError

# Start-up waits at most about twice this (one retry for a dropped connection), not the
# minutes the request path's retries may take.
CHECK_TIMEOUT_SECONDS = 5

log = logging.getLogger(__name__)
# Slack's error codes (`invalid_auth`, `token_revoked`); slack_sdk puts prose in `error` when
# the body wasn't JSON.
_ERROR_CODE = re.compile(r"[a-z0-9_]{1,64}")


def check_bot_token(*, token: str, base_url: str, timeout: int = CHECK_TIMEOUT_SECONDS) -> None:
    """Ask Slack whether `token` is a working bot token.

    Raises ConfigError saying which: the token was rejected (`invalid_auth`, `token_revoked`,
    `account_inactive`, …) or Slack at `base_url` could not be reached.
    """
    web = WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1)],
        logger=_client_logger(),
    )
    try:
        web.auth_test()
    except SlackApiError as exc:
        response = exc.response
        error = response.get("error") if isinstance(response.data, dict) else None
        if not (isinstance(error, str) and _ERROR_CODE.fullmatch(error)):
            # Not Slack's answer (an HTML page from a proxy, a typo in SLACK_API_URL): the URL
            # is what to fix, not the token.
            raise _unreachable(base_url, "the answer isn't from Slack's Web API") from None
        if response.status_code < 500 and error != "ratelimited":
            raise ConfigError(
                f"SLACK_BOT_TOKEN was rejected by Slack: {error}; set it to the Bot User OAuth "
                "Token from your Slack app's OAuth & Permissions page."
            ) from None
        raise _unreachable(base_url, f"HTTP {response.status_code}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise _unreachable(base_url, _reason(exc)) from None


def _unreachable(base_url: str, reason: str) -> ConfigError:
    return ConfigError(f"cannot reach Slack at {base_url}: {reason}")


def _reason(exc: BaseException) -> str:
    """The innermost readable cause: `Connection refused`, not `<urlopen error [Errno 111] …>`."""
    cause: object = getattr(exc, "reason", None) or exc
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return str(cause) or type(cause).__name__


def _client_logger() -> logging.Logger:
    """slack_sdk logs each failed attempt at ERROR; the one line we raise already says it, so
    its lines are only shown when the operator asks for DEBUG."""
    client_log = log.getChild("http")
    client_log.setLevel(logging.NOTSET if log.isEnabledFor(logging.DEBUG) else logging.CRITICAL)
    return client_log
