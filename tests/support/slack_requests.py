"""Signed requests into `/slack/events`, shaped like the ones Slack sends, and their replies."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

SECRET = "test-signing-secret"
TEAM = "T1"


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


def data_text(data: Any) -> str:
    """Every `text` string anywhere inside a payload, joined; what a reader would see."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "text" and isinstance(inner, str):
                    found.append(inner)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(data)
    return "\n".join(found)


def sign(body: str, *, timestamp: int, secret: str = SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


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
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": signature if signature is not None else sign(body, timestamp=ts),
        }
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

    def command_body(
        self,
        text: str,
        *,
        user: str = "U1",
        team: str = TEAM,
        channel: str = "C999",
        channel_name: str = "random",
    ) -> str:
        return urlencode(
            {
                "token": "legacy",
                "team_id": team,
                "team_domain": "example",
                "channel_id": channel,
                "channel_name": channel_name,
                "user_id": user,
                "user_name": user.lower(),
                "command": "/mgr-goal",
                "text": text,
                "api_app_id": "A1",
                "response_url": self.response_url,
                "trigger_id": self._next_trigger(),
            }
        )

    def command(
        self, text: str, *, user: str = "U1", team: str = TEAM, channel: str = "C999"
    ) -> Reply:
        """`/mgr-goal <text>` typed in `channel`; `text` is what Slack sends with should_escape
        on. A DM with the bot has a `D…` channel id."""
        name = "directmessage" if channel.startswith("D") else "random"
        return self.post(
            self.command_body(text, user=user, team=team, channel=channel, channel_name=name),
            "application/x-www-form-urlencoded",
        )

    def _interactive(self, payload: dict[str, Any]) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")

    def click(
        self,
        action_id: str,
        *,
        value: str | None = None,
        selected: str | None = None,
        user: str = "U1",
        team: str = TEAM,
        container: str = "view",
        block_id: str = "b1",
    ) -> Reply:
        """A button (value) or overflow menu choice (selected) in the Home tab or a message."""
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "action_ts": "1.0"}
        if selected is not None:
            action.update(
                type="overflow",
                selected_option={"text": {"type": "plain_text", "text": "x"}, "value": selected},
            )
        else:
            action.update(
                type="button", value=value or "", text={"type": "plain_text", "text": "x"}
            )
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": team, "domain": "example"},
            "user": {"id": user, "team_id": team, "username": user.lower()},
            "api_app_id": "A1",
            "trigger_id": self._next_trigger(),
            "actions": [action],
        }
        if container == "view":
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            payload["view"] = {"id": "VHOME", "type": "home", "blocks": []}
        else:
            payload["container"] = {
                "type": "message",
                "message_ts": "1.1",
                "channel_id": "C999",
                "is_ephemeral": True,
            }
            payload["channel"] = {"id": "C999", "name": "random"}
            payload["response_url"] = self.response_url
        return self._interactive(payload)

    def submit(
        self,
        view: dict[str, Any],
        values: dict[str, Any],
        *,
        user: str = "U1",
        team: str = TEAM,
        private_metadata: str | None = None,
        view_id: str | None = None,
    ) -> Reply:
        """Submit a modal the bot opened: `values` maps block_id to the value the person chose.

        Each value is turned into the state Slack sends for that block's element type. Every
        opened modal has its own id, so each call gets a new one unless `view_id` names the
        modal (to submit the same one again).
        """
        if view_id is None:
            self._views += 1
            view_id = f"VMODAL{self._views}"
        self.last_view_id = view_id
        state: dict[str, dict[str, Any]] = {}
        for block in view.get("blocks", []):
            if block.get("type") != "input":
                continue
            element = block["element"]
            kind, action_id = element["type"], element["action_id"]
            chosen = values.get(block["block_id"])
            state[block["block_id"]] = {action_id: _element_state(kind, chosen, element)}
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "example"},
            "user": {"id": user, "team_id": team, "username": user.lower()},
            "api_app_id": "A1",
            "trigger_id": self._next_trigger(),
            "view": {
                "id": view_id,
                "type": "modal",
                "callback_id": view.get("callback_id"),
                "private_metadata": (
                    view.get("private_metadata", "")
                    if private_metadata is None
                    else private_metadata
                ),
                "state": {"values": state},
                "blocks": view.get("blocks", []),
            },
        }
        return self._interactive(payload)

    def event(self, event: dict[str, Any], *, team: str = TEAM, event_id: str = "Ev1") -> Reply:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
                "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
            }
        )
        return self.post(body, "application/json")


def _element_state(kind: str, chosen: Any, element: dict[str, Any]) -> dict[str, Any]:
    if kind == "plain_text_input":
        return {"type": kind, "value": chosen}
    if kind == "users_select":
        return {"type": kind, "selected_user": chosen}
    if kind == "static_select":
        option = next((o for o in element["options"] if o["value"] == chosen), None)
        if chosen is not None and option is None:
            option = {"text": {"type": "plain_text", "text": str(chosen)}, "value": chosen}
        return {"type": kind, "selected_option": option}
    if kind == "datepicker":
        return {"type": kind, "selected_date": chosen}
    if kind == "timepicker":
        return {"type": kind, "selected_time": chosen}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": chosen}
    if kind == "checkboxes":
        chosen_values = list(chosen or [])
        options = [o for o in element["options"] if o["value"] in chosen_values]
        return {"type": kind, "selected_options": options}
    raise AssertionError(f"unsupported input element {kind}")
