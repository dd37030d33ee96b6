"""Check Block Kit payloads with slack_sdk's own models, plus the limits they don't check.

Also the two rules that keep user text inert wherever the bot shows it: every mrkdwn text
object is `verbatim` (Slack then neither links bare URLs and channel names nor parses
mentions such as `@channel`), and every message sets `unfurl_links` and `unfurl_media` false
(a pasted link never previews someone else's page under the bot's name).
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.devtools.fake_slack import FakeSlack
from tests.support.readers import data_text, decoded, mrkdwn_objects

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 12000


def check_blocks(blocks: list[dict[str, Any]], *, limit: int) -> None:
    assert len(blocks) <= limit, f"{len(blocks)} blocks; Slack allows {limit}"
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids)), "duplicate block_id"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"unknown block {block}"
        parsed.to_dict()  # recurses and raises SlackObjectFormationError on any bad field


def check_message(payload: dict[str, Any]) -> None:
    """A message body (ephemeral reply, chat.postMessage, response_url)."""
    blocks = decoded(payload.get("blocks") or [])
    check_blocks(blocks, limit=MESSAGE_BLOCKS)
    assert len(data_text({"blocks": blocks})) <= MESSAGE_TEXT, "msg_blocks_too_long"
    assert payload.get("text"), "messages need fallback text"
    check_verbatim(blocks)


def check_view(view: dict[str, Any]) -> None:
    limit = VIEW_BLOCKS
    check_blocks(view.get("blocks", []), limit=limit)
    View(**view).to_dict()
    check_verbatim(view)


def check_verbatim(payload: Any) -> None:
    """Every mrkdwn text object anywhere in the payload says `verbatim: true`."""
    objects = mrkdwn_objects(payload)
    loose = [str(o.get("text"))[:80] for o in objects if o.get("verbatim") is not True]
    assert not loose, f"mrkdwn without verbatim: true (Slack would parse it): {loose}"


def check_unfurls_off(payload: dict[str, Any]) -> None:
    """A message that may carry user text turns link and media previews off."""
    flags = {key: payload.get(key) for key in ("unfurl_links", "unfurl_media")}
    assert flags == {"unfurl_links": False, "unfurl_media": False}, (
        f"message without unfurls off: {flags} in {str(payload.get('text'))[:80]!r}"
    )


def check_ack(status: int, body: str) -> None:
    """What the app answered Slack in the HTTP response: a message, a view, or nothing."""
    if status != 200 or not body:
        return
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise AssertionError(f"plain-text ack can't turn unfurls off: {body[:80]!r}") from None
    if not isinstance(data, dict):
        return
    if "view" in data:
        check_view(decoded(data["view"]))
    elif "text" in data or "blocks" in data:
        check_message(data)
        check_unfurls_off(data)


VIEW_METHODS = ("views.publish", "views.open", "views.update", "views.push")
MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url")


def check_payloads(fake: FakeSlack) -> None:
    """Every Block Kit payload the bot sent validates and fits Slack's limits (conftest runs
    this at every fake Slack's teardown; tests that start their own fake call it)."""
    for call in fake.calls:
        if call.method in VIEW_METHODS:
            check_view(decoded(call.args["view"]))
        elif call.method in MESSAGE_METHODS:
            check_message(call.args)
            if call.method != "chat.update":
                check_unfurls_off(call.args)
