"""The port use cases talk to Slack through.

Use cases that say something to someone (ask for a blurb, turn a digest on, re-render a
check-in) take a `Messenger` instead of a Slack client: `bot.slack.client.SlackClient`
implements it, and service tests pass `tests.support.fake_messenger.FakeMessenger`, which
records what was said. Messages are built by the pure builders in `bot.slack.blocks`.

A call that fails raises the port's own errors, never the Slack SDK's: `SendFailed` when Slack
answered with an error (its code, `channel_not_found`…), `Unreachable` when no answer came
(network, timeout, retries spent). Both are a `MessengerError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from slack_sdk.models.views import View

from bot.slack.blocks.messages import Message


class MessengerError(Exception):
    """A Messenger call that didn't go through."""


class SendFailed(MessengerError):
    """Slack answered with an error: `code` is its name for it (`channel_not_found`…), or the
    HTTP status (`http 500`) when it gave none."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Unreachable(MessengerError):
    """Slack couldn't be reached (network, timeout, retries spent); `detail` says what broke."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Upload:
    """One file to upload: its name, title and bytes."""

    filename: str
    title: str
    content: bytes


@runtime_checkable
class Messenger(Protocol):
    def post_dm(self, *, user_id: str, message: Message) -> tuple[str, str]:
        """Post to a person's Messages tab; returns (channel, ts)."""
        ...

    def post_message(self, *, channel: str, message: Message) -> str:
        """Post to a channel the bot is in; returns the message ts."""
        ...

    def post_in_thread(self, *, channel: str, thread_ts: str, message: Message) -> None: ...

    def update_message(self, *, channel: str, ts: str, message: Message) -> None: ...

    def publish_home(self, *, user_id: str, view: View) -> None: ...

    def open_modal(self, *, trigger_id: str, view: View) -> None: ...

    def update_view(self, *, view_id: str, view: View) -> None: ...

    def user_timezone(self, *, user_id: str) -> str | None:
        """The person's IANA zone; None when Slack can't tell."""
        ...

    def upload_to_dm(self, *, user_id: str, files: list[Upload], comment: str) -> None:
        """Upload files into a person's DM with the bot, with a comment (mrkdwn)."""
        ...

    def user_profile(self, *, user_id: str) -> dict[str, object] | None:
        """Slack's record of a colleague (is_bot, deleted, tz…); None when Slack doesn't know
        them. Other failures raise."""
        ...
