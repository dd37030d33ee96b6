"""A Messenger for service tests: records what a use case said, to whom, without Slack."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.models.views import View

from bot.services.messenger import MessengerError, SendFailed, Upload
from bot.slack.blocks.messages import Message


@dataclass
class Said:
    kind: str  # "dm", "post", "thread", "update", "home", "modal", "view"
    to: str
    message: Message | None = None
    view: View | None = None
    files: tuple[Upload, ...] = ()
    comment: str = ""


@dataclass
class FakeMessenger:
    """Implements bot.services.messenger.Messenger.

    `profiles` answers user_profile/user_timezone; `fail_dm_to` makes DMs to those people
    raise, the way a deactivated colleague does; `failing` makes every message of a kind
    ("dm", "post", "thread", "update") raise its error, the way SlackClient would.
    """

    profiles: dict[str, dict[str, object]] = field(default_factory=dict)
    fail_dm_to: set[str] = field(default_factory=set)
    failing: dict[str, MessengerError] = field(default_factory=dict)
    said: list[Said] = field(default_factory=list)
    _ts: int = 0

    def _next_ts(self) -> str:
        self._ts += 1
        return f"1700000000.{self._ts:06d}"

    def _say(self, said: Said) -> None:
        if said.kind in self.failing:
            raise self.failing[said.kind]
        self.said.append(said)

    def post_dm(self, *, user_id: str, message: Message) -> tuple[str, str]:
        if user_id in self.fail_dm_to:
            raise SendFailed("user_not_found")
        self._say(Said("dm", user_id, message))
        return f"D{user_id}", self._next_ts()

    def post_message(self, *, channel: str, message: Message) -> str:
        self._say(Said("post", channel, message))
        return self._next_ts()

    def post_in_thread(self, *, channel: str, thread_ts: str, message: Message) -> None:
        self._say(Said("thread", f"{channel}/{thread_ts}", message))

    def update_message(self, *, channel: str, ts: str, message: Message) -> None:
        self._say(Said("update", f"{channel}/{ts}", message))

    def publish_home(self, *, user_id: str, view: View) -> None:
        self.said.append(Said("home", user_id, view=view))

    def upload_to_dm(self, *, user_id: str, files: list[Upload], comment: str) -> None:
        if user_id in self.fail_dm_to:
            raise SendFailed("user_not_found")
        self._say(Said("upload", user_id, files=tuple(files), comment=comment))

    def open_modal(self, *, trigger_id: str, view: View) -> None:
        self.said.append(Said("modal", trigger_id, view=view))

    def update_view(self, *, view_id: str, view: View) -> None:
        self.said.append(Said("view", view_id, view=view))

    def user_timezone(self, *, user_id: str) -> str | None:
        tz = (self.profiles.get(user_id) or {}).get("tz")
        return tz if isinstance(tz, str) else None

    def user_profile(self, *, user_id: str) -> dict[str, object] | None:
        return self.profiles.get(user_id)

    def to(self, who: str, kind: str | None = None) -> list[Said]:
        """Everything said to `who` (a user id or channel), optionally of one kind."""
        return [s for s in self.said if s.to.startswith(who) and (kind is None or s.kind == kind)]
