"""The port use cases talk to Slack through.

Use cases that say something to someone (ask for a blurb, turn a digest on, re-render a
check-in) take a `Messenger` instead of a Slack client: `bot.slack.client.SlackClient`
implements it, and service tests pass `tests.support.fake_messenger.FakeMessenger`, which
records what was said. Messages are built by the pure builders in `bot.slack.blocks`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.slack.blocks.messages import Message


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

    def user_profile(self, *, user_id: str) -> dict[str, object] | None:
        """Slack's record of a colleague (is_bot, deleted, tz…); None when Slack doesn't know
        them. Other failures raise."""
        ...


def error_code(exc: SlackApiError) -> str:
    """Slack's name for what went wrong (`channel_not_found`…), or the HTTP status without one."""
    return str(exc.response.get("error") or f"http {exc.response.status_code}")
