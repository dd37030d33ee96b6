"""Check Block Kit payloads with slack_sdk's own models, plus the limits they don't check."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.support.slack_requests import data_text

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
    blocks = payload.get("blocks") or []
    if isinstance(blocks, str):
        import json

        blocks = json.loads(blocks)
    check_blocks(blocks, limit=MESSAGE_BLOCKS)
    assert len(data_text({"blocks": blocks})) <= MESSAGE_TEXT, "msg_blocks_too_long"
    assert payload.get("text"), "messages need fallback text"


def check_view(view: dict[str, Any]) -> None:
    limit = VIEW_BLOCKS
    check_blocks(view.get("blocks", []), limit=limit)
    View(**view).to_dict()
