"""Readers for what the bot sent: a recorded call, a message, a view, an ack body.

One walker (`nodes`) serves every question tests ask of a payload: the text a person reads,
the mrkdwn Slack parses, the buttons and menus. Each reader takes a recorded `Call` or the
payload itself (a dict, a list of blocks, or the JSON string the SDK may have sent).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bot.devtools.fake_slack import Call


def decoded(value: Any) -> Any:
    """A payload field as data: the SDK sends `blocks` and `view` as JSON strings."""
    return json.loads(value) if isinstance(value, str) else value


def _payload(value: Any) -> Any:
    return value.args if isinstance(value, Call) else value


def nodes(value: Any) -> Iterator[tuple[str | None, Any]]:
    """Every value inside `value` with the key it sits under (None for the root and list
    entries), in document order: a parent before its children, keys in the order sent."""
    yield None, value
    yield from _children(value)


def _children(value: Any) -> Iterator[tuple[str | None, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key, inner
            yield from _children(inner)
    elif isinstance(value, list):
        for inner in value:
            yield None, inner
            yield from _children(inner)


def data_text(data: Any) -> str:
    """Every `text` string anywhere inside a payload, joined; what a reader would see."""
    return "\n".join(v for k, v in nodes(data) if k == "text" and isinstance(v, str))


def blocks_of(value: Any) -> list[dict[str, Any]]:
    """The blocks of a message (a call's args or the message itself)."""
    blocks: list[dict[str, Any]] = decoded(_payload(value).get("blocks") or [])
    return blocks


def as_view(value: Any) -> dict[str, Any]:
    """The view a views.* call sent, or a view argument as recorded (dict or JSON string)."""
    view: dict[str, Any] = decoded(value.args["view"] if isinstance(value, Call) else value)
    return view


def text_of(value: Any) -> str:
    """Everything a reader sees: a call's fallback text plus its blocks' text, or every text
    string in a view, message or block list."""
    if isinstance(value, Call):
        return data_text({"text": value.args.get("text"), "blocks": blocks_of(value)})
    return data_text(value)


def mrkdwn_objects(value: Any) -> list[dict[str, Any]]:
    """Every mrkdwn text object anywhere in `value`."""
    return [v for _, v in nodes(value) if isinstance(v, dict) and v.get("type") == "mrkdwn"]


def mrkdwn_texts(value: Any) -> list[str]:
    """What Slack parses for mentions and links: a message's top-level `text` (fallback and
    notifications) and every mrkdwn text object in its blocks. Plain text is shown literally
    and skipped. A list of blocks (or any non-message value) is searched as a whole."""
    payload = _payload(value)
    found: list[str] = []
    if isinstance(payload, dict):
        if isinstance(payload.get("text"), str):
            found.append(payload["text"])
        payload = decoded(payload.get("blocks") or [])
    found.extend(o["text"] for o in mrkdwn_objects(payload) if isinstance(o.get("text"), str))
    return found


def markup_text(value: Any) -> str:
    """`mrkdwn_texts`, joined into one string."""
    return "\n".join(mrkdwn_texts(value))


def buttons(value: Any) -> dict[str, str]:
    """action_id -> value for every button in a message's action blocks."""
    found: dict[str, str] = {}
    for block in blocks_of(value):
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("type") == "button":
                found[element["action_id"]] = element.get("value", "")
    return found


def header(value: Any) -> str:
    """The text of a message's first header block."""
    heads = [str(b["text"]["text"]) for b in blocks_of(value) if b.get("type") == "header"]
    assert heads, f"no header in {text_of(value)!r}"
    return heads[0]


def overflow_values(view: dict[str, Any]) -> list[list[str]]:
    """The option values of each overflow menu, in order of appearance."""
    menus = []
    for block in view.get("blocks", []):
        accessory = block.get("accessory") or {}
        if accessory.get("type") == "overflow":
            menus.append([o["value"] for o in accessory["options"]])
    return menus


def action_ids(view: dict[str, Any]) -> set[str]:
    """Every action_id of a button or menu in the view."""
    found: set[str] = set()
    for block in view.get("blocks", []):
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        found.update(e["action_id"] for e in elements if isinstance(e, dict) and "action_id" in e)
    return found


def input_block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    """The block with this id; fails the test, naming the ids there are, if it's missing."""
    blocks: list[dict[str, Any]] = view["blocks"]
    block = next((b for b in blocks if b.get("block_id") == block_id), None)
    assert block is not None, f"no block {block_id!r} in {[b.get('block_id') for b in blocks]}"
    return block
