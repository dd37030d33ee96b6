"""Slack's Block Kit limits, and packing lines of text into blocks without crossing them."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, SectionBlock

from bot.slack.blocks.format import md

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
MESSAGE_TEXT = 12000
HEADER_TEXT = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
MODAL_TITLE = 24


def clip(text: str, limit: int) -> str:
    """Shorten to `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clip_escaped(escaped: str, limit: int) -> str:
    """`clip` for text already escaped: never cut inside `&amp;` and the like."""
    if len(escaped) <= limit:
        return escaped
    cut = limit - 1
    amp = escaped.rfind("&", max(0, cut - 4), cut)
    if amp >= 0 and ";" not in escaped[amp:cut]:
        cut = amp
    return escaped[:cut].rstrip() + "…"


def pack_lines(lines: list[str], *, max_blocks: int, max_chars: int, more_hint: str) -> list[Block]:
    """Sections holding as many whole lines as fit; the rest becomes "…and N more"."""
    blocks: list[Block] = []
    current: list[str] = []
    current_size = 0
    used = 0
    reserve = len(more_hint) + 40
    for index, line in enumerate(lines):
        line = clip(line, SECTION_TEXT - 50)
        size = len(line) + 1
        would_need_new_block = bool(current) and current_size + size > 2900
        blocks_with_line = len(blocks) + 1 + (1 if would_need_new_block else 0)
        if used + size + reserve > max_chars or blocks_with_line + 1 > max_blocks:
            if current:
                blocks.append(SectionBlock(text=md("\n".join(current))))
            remaining = len(lines) - index
            blocks.append(SectionBlock(text=md(f"_…and {remaining} more. {more_hint}_")))
            return blocks
        if would_need_new_block:
            blocks.append(SectionBlock(text=md("\n".join(current))))
            current, current_size = [], 0
        current.append(line)
        current_size += size
        used += size
    if current:
        blocks.append(SectionBlock(text=md("\n".join(current))))
    return blocks
