"""Slack's request payloads, shaped as Slack sends them, and their signatures.

Shared by the tests (tests/support/slack_requests.py) and `mgrbot shell`, which both drive the
real app the way Slack does: a slash command's form body, an interactive payload (button,
menu, modal submission) wrapped in a `payload` form field, an Events API callback, each signed
with the app's signing secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

TEAM = "T1"


def sign(body: str, *, timestamp: int, secret: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


FORM = "application/x-www-form-urlencoded"


def signed_headers(
    body: str,
    content_type: str,
    *,
    secret: str,
    timestamp: int | None = None,
    signature: str | None = None,
) -> dict[str, str]:
    """The headers Slack sends with `body`: signed now with `secret` unless told otherwise."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature
        if signature is not None
        else sign(body, timestamp=ts, secret=secret),
    }


def command_body(
    text: str,
    *,
    response_url: str,
    trigger_id: str,
    user: str = "U1",
    team: str = TEAM,
    channel: str = "C999",
    channel_name: str | None = None,
) -> str:
    """The form body of `/mgr-goal <text>` typed in `channel`; `text` is what Slack sends with
    should_escape on. A DM with the bot has a `D…` channel id."""
    if channel_name is None:
        channel_name = "directmessage" if channel.startswith("D") else "random"
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
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def _who(user: str, team: str, trigger_id: str) -> dict[str, Any]:
    return {
        "team": {"id": team, "domain": "example"},
        "user": {"id": user, "team_id": team, "username": user.lower()},
        "api_app_id": "A1",
        "trigger_id": trigger_id,
    }


def action_payload(
    action_id: str,
    *,
    trigger_id: str,
    response_url: str = "",
    value: str | None = None,
    selected: str | None = None,
    user: str = "U1",
    team: str = TEAM,
    container: str = "view",
    block_id: str = "b1",
) -> dict[str, Any]:
    """A button (value) or overflow menu choice (selected) in the Home tab (container "view")
    or in an ephemeral message (any other container)."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "action_ts": "1.0"}
    if selected is not None:
        action.update(
            type="overflow",
            selected_option={"text": {"type": "plain_text", "text": "x"}, "value": selected},
        )
    else:
        action.update(type="button", value=value or "", text={"type": "plain_text", "text": "x"})
    payload: dict[str, Any] = {
        "type": "block_actions",
        **_who(user, team, trigger_id),
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
        payload["response_url"] = response_url
    return payload


def view_submission_payload(
    view: dict[str, Any],
    values: dict[str, Any],
    *,
    view_id: str,
    trigger_id: str,
    user: str = "U1",
    team: str = TEAM,
    private_metadata: str | None = None,
) -> dict[str, Any]:
    """Submitting a modal the bot opened: `values` maps block_id to the value the person chose,
    turned into the state Slack sends for that block's element type."""
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        kind, element_id = element["type"], element["action_id"]
        chosen = values.get(block["block_id"])
        state[block["block_id"]] = {element_id: element_state(kind, chosen, element)}
    metadata = view.get("private_metadata", "") if private_metadata is None else private_metadata
    return {
        "type": "view_submission",
        **_who(user, team, trigger_id),
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": view.get("callback_id"),
            "private_metadata": metadata,
            "state": {"values": state},
            "blocks": view.get("blocks", []),
        },
    }


def event_payload(
    event: dict[str, Any], *, team: str = TEAM, event_id: str = "Ev1"
) -> dict[str, Any]:
    """An Events API callback wrapping `event` (posted as JSON)."""
    return {
        "token": "legacy",
        "team_id": team,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
        "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
    }


def interactive_body(payload: dict[str, Any]) -> str:
    """An interactive payload (action, submission) as Slack posts it: a form with `payload`."""
    return urlencode({"payload": json.dumps(payload)})


def element_state(kind: str, chosen: Any, element: dict[str, Any]) -> dict[str, Any]:
    if kind == "plain_text_input":
        return {"type": kind, "value": chosen}
    if kind == "users_select":
        return {"type": kind, "selected_user": chosen}
    if kind in ("static_select", "radio_buttons"):
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
