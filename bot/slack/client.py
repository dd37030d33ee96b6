"""The small wrapper around WebClient that features use instead of raw Web API calls."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.models.views import View

log = logging.getLogger(__name__)


def make_web_client(*, token: str | None, base_url: str) -> WebClient:
    """Every call goes to `base_url`, retrying connection errors, 429s and 5xx."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class SlackClient:
    def __init__(self, web: WebClient) -> None:
        self.web = web

    def publish_home(self, *, user_id: str, view: View) -> None:
        self.web.views_publish(user_id=user_id, view=view)

    def open_modal(self, *, trigger_id: str, view: View) -> None:
        self.web.views_open(trigger_id=trigger_id, view=view)

    def user_timezone(self, *, user_id: str) -> str | None:
        """The IANA zone Slack has for this person; None when Slack can't tell us."""
        try:
            response = self.web.users_info(user=user_id)
        except SlackApiError as exc:
            log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
            return None
        user = response.get("user") or {}
        tz = user.get("tz")
        return tz if isinstance(tz, str) and tz else None
