"""Signed requests into `/slack/events`, shaped like the ones Slack sends, and their replies.

The payload builders live in `bot.devtools.slack_payloads` (shared with `mgrbot shell`); here
they are signed with the tests' SECRET, and `SlackDriver` posts them to the app over HTTP.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any

from bot.devtools import slack_payloads
from bot.devtools.slack_payloads import (
    FORM,
    TEAM,
    action_payload,
    command_body,
    event_payload,
    interactive_body,
    view_submission_payload,
)
from tests.support.readers import data_text

SECRET = "test-signing-secret"

__all__ = [
    "FORM",
    "SECRET",
    "TEAM",
    "Reply",
    "SlackDriver",
    "action_payload",
    "command_body",
    "event_payload",
    "interactive_body",
    "sign",
    "signed_headers",
    "view_submission_payload",
]


def sign(body: str, *, timestamp: int, secret: str = SECRET) -> str:
    return slack_payloads.sign(body, timestamp=timestamp, secret=secret)


def signed_headers(
    body: str, content_type: str, *, timestamp: int | None = None, signature: str | None = None
) -> dict[str, str]:
    """The headers Slack sends with `body`: signed now with SECRET unless told otherwise."""
    return slack_payloads.signed_headers(
        body, content_type, secret=SECRET, timestamp=timestamp, signature=signature
    )


@dataclass(frozen=True)
class Reply:
    status: int
    body: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}

    @property
    def text(self) -> str:
        """All text the person would read in an ack reply (fallback text plus block text)."""
        if not self.body:
            return ""
        try:
            data = json.loads(self.body)
        except json.JSONDecodeError:
            return self.body
        return data_text(data)


class SlackDriver:
    """Plays Slack: posts signed commands, clicks and submissions to the app over HTTP."""

    def __init__(self, host: str, port: int, response_url: str) -> None:
        self.host, self.port = host, port
        self.response_url = response_url
        self._trigger = 0
        # Every answer the app gave, so teardown can check the ack bodies too.
        self.replies: list[Reply] = []
        self._views = 0
        self.last_view_id = ""

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        path: str = "/slack/events",
    ) -> Reply:
        headers = signed_headers(body, content_type, timestamp=timestamp, signature=signature)
        connection = http.client.HTTPConnection(self.host, self.port, timeout=15)
        try:
            connection.request("POST", path, body=body.encode(), headers=headers)
            response = connection.getresponse()
            reply = Reply(response.status, response.read().decode())
            self.replies.append(reply)
            return reply
        finally:
            connection.close()

    def _next_trigger(self) -> str:
        self._trigger += 1
        return f"trigger-{self._trigger}"

    def command_body(self, text: str, **kw: Any) -> str:
        """`command_body` answered at this driver's response_url, with a fresh trigger id."""
        return command_body(
            text, response_url=self.response_url, trigger_id=self._next_trigger(), **kw
        )

    def command(self, text: str, **kw: Any) -> Reply:
        """`/mgr-goal <text>` (see `command_body` for the keywords)."""
        return self.post(self.command_body(text, **kw), FORM)

    def click(self, action_id: str, **kw: Any) -> Reply:
        """A button or overflow choice; takes `action_payload`'s keywords."""
        payload = action_payload(
            action_id, trigger_id=self._next_trigger(), response_url=self.response_url, **kw
        )
        return self.post(interactive_body(payload), FORM)

    def submit(
        self,
        view: dict[str, Any],
        values: dict[str, Any],
        *,
        view_id: str | None = None,
        **kw: Any,
    ) -> Reply:
        """Submit a modal the bot opened (see `view_submission_payload`). Every opened modal
        has its own id, so each call gets a new one unless `view_id` names the modal (to
        submit the same one again)."""
        if view_id is None:
            self._views += 1
            view_id = f"VMODAL{self._views}"
        self.last_view_id = view_id
        payload = view_submission_payload(
            view, values, view_id=view_id, trigger_id=self._next_trigger(), **kw
        )
        return self.post(interactive_body(payload), FORM)

    def event(self, event: dict[str, Any], *, team: str = TEAM, event_id: str = "Ev1") -> Reply:
        body = json.dumps(event_payload(event, team=team, event_id=event_id))
        return self.post(body, "application/json")
