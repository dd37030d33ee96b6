"""The small wrapper around WebClient that features use instead of raw Web API calls."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.models.views import View

from bot.services.departures import REFUSAL_CODE as DEPARTED_CODE
from bot.services.messenger import SendFailed, Unreachable, Upload
from bot.slack.blocks.messages import Message

log = logging.getLogger(__name__)

# Messages carry user text: a pasted link must not preview a page under the bot's name.
UNFURLS_OFF = {"unfurl_links": False, "unfurl_media": False}


def message_body(message: Message) -> dict[str, Any]:
    """What every post, ephemeral reply and response_url answer sends: unfurls are always off."""
    body: dict[str, Any] = {"text": message.text, **UNFURLS_OFF}
    if message.blocks:
        body["blocks"] = message.blocks
    return body


def reply(ack: Ack, message: Message) -> None:
    """Answer a slash command in the ack body, visible only to the caller."""
    ack(**message_body(message), response_type="ephemeral")


def respond_with(respond: Respond, message: Message, *, replace_original: bool) -> None:
    """Answer through response_url: replace the message the button was on, or add an
    ephemeral one beside it."""
    if replace_original:
        respond(**message_body(message), replace_original=True)
    else:
        respond(**message_body(message), response_type="ephemeral", replace_original=False)


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


def error_code(exc: SlackApiError) -> str:
    """Slack's name for what went wrong (`channel_not_found`…), or the HTTP status without one."""
    return str(exc.response.get("error") or f"http {exc.response.status_code}")


@contextmanager
def port_errors() -> Iterator[None]:
    """The Slack SDK's errors, once WebClient's retries are spent, as the Messenger port's:
    an error answer is `SendFailed(code)`, no answer `Unreachable`."""
    try:
        yield
    except SlackApiError as exc:
        raise SendFailed(error_code(exc)) from exc
    except (SlackClientError, OSError) as exc:
        raise Unreachable(repr(exc)) from exc


class SlackClient:
    """Implements bot.services.messenger.Messenger: every method raises the port's errors."""

    def __init__(self, web: WebClient, *, departed: Callable[[str], bool] | None = None) -> None:
        self.web = web
        # The one check in the sending path: a person Slack reported deleted gets no DM and no
        # file, refused with Slack's own code for them (bot.services.departures).
        self.departed = departed

    def _refuse_departed(self, user_id: str) -> None:
        if self.departed is not None and self.departed(user_id):
            raise SendFailed(DEPARTED_CODE)

    def post_dm(self, *, user_id: str, message: Message) -> tuple[str, str]:
        """Post to the member's Messages tab (user id as channel); returns (channel, ts)."""
        self._refuse_departed(user_id)
        with port_errors():
            response = self.web.chat_postMessage(channel=user_id, **message_body(message))
        return str(response["channel"]), str(response["ts"])

    def post_message(self, *, channel: str, message: Message) -> str:
        """Post to a channel the bot is in; returns the message ts."""
        with port_errors():
            response = self.web.chat_postMessage(channel=channel, **message_body(message))
        return str(response["ts"])

    def post_in_thread(self, *, channel: str, thread_ts: str, message: Message) -> None:
        with port_errors():
            self.web.chat_postMessage(channel=channel, thread_ts=thread_ts, **message_body(message))

    def upload_to_dm(self, *, user_id: str, files: list[Upload], comment: str) -> None:
        """files_upload_v2 into the DM: it needs the DM's channel id, not the user id."""
        self._refuse_departed(user_id)
        with port_errors():
            opened = self.web.conversations_open(users=user_id)
            channel = opened.get("channel") or {}
            self.web.files_upload_v2(
                channel=str(channel.get("id") or ""),
                initial_comment=comment,
                file_uploads=[
                    {"content": f.content, "filename": f.filename, "title": f.title} for f in files
                ],
            )

    def update_message(self, *, channel: str, ts: str, message: Message) -> None:
        with port_errors():
            self.web.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

    def publish_home(self, *, user_id: str, view: View) -> None:
        with port_errors():
            self.web.views_publish(user_id=user_id, view=view)

    def update_view(self, *, view_id: str, view: View) -> None:
        with port_errors():
            self.web.views_update(view_id=view_id, view=view)

    def open_modal(self, *, trigger_id: str, view: View) -> None:
        with port_errors():
            self.web.views_open(trigger_id=trigger_id, view=view)

    def user_timezone(self, *, user_id: str) -> str | None:
        """The IANA zone Slack has for this person; None when Slack can't tell us."""
        with port_errors():
            try:
                response = self.web.users_info(user=user_id)
            except SlackApiError as exc:
                log.warning("users.info failed for %s: %s", user_id, exc.response.get("error"))
                return None
        user = response.get("user") or {}
        tz = user.get("tz")
        return tz if isinstance(tz, str) and tz else None

    def user_profile(self, *, user_id: str) -> dict[str, object] | None:
        """Slack's record of a person (is_bot, deleted, tz…); None when Slack doesn't know them.

        Any other failure (rate limit or 5xx after retries) raises SendFailed or Unreachable, so
        it isn't mistaken for "no such person".
        """
        with port_errors():
            try:
                response = self.web.users_info(user=user_id)
            except SlackApiError as exc:
                if exc.response.get("error") in ("user_not_found", "user_not_visible"):
                    return None
                raise
        user = response.get("user")
        return user if isinstance(user, dict) else None
