"""Wins: the "Log a win" modal, the wins list, and the reply to a logged win."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    Option,
)
from slack_sdk.models.views import View

from bot.domain.slack_text import escape
from bot.models import WIN_MAX, CampaignItem, Win
from bot.slack import ids
from bot.slack.blocks.elements import (
    area_options,
    checkbox_input,
    date_input,
    form,
    item_options,
    menu_input,
    text_input,
)
from bot.slack.blocks.format import area_label, md, short_date
from bot.slack.blocks.limits import MESSAGE_BLOCKS, MESSAGE_TEXT, clip, pack_lines
from bot.slack.blocks.messages import Message, notice

SHARED_MARK = ":loudspeaker: shared with your team"
PRIVATE_MARK = ":lock: private"
PICK_A_DATE = "Pick a date."
UNKNOWN_MENU_CHOICE = "That menu choice isn't one I know."


def share_option(label: str) -> Option:
    return Option(text=label, value=ids.SHARE_OPTION)


def win_line(win: Win, *, item_number: int | None = None) -> str:
    """One win: date, escaped text, area, item, and whether the team can see it."""
    parts = [f"*{short_date(win.happened_on)}* {escape(win.text)}"]
    if win.area:
        parts.append(f"_{area_label(win.area)}_")
    if item_number is not None:
        parts.append(f"for #{item_number}")
    parts.append(SHARED_MARK if win.shared else PRIVATE_MARK)
    return " · ".join(parts)


def win_modal(
    items: list[CampaignItem],
    *,
    today: dt.date,
    text: str | None = None,
    item_id: int | None = None,
) -> View:
    """Log a win: what, when, skill area, list item, and a per-win share choice (off)."""
    blocks: list[Block] = [
        win_text_input(
            ids.WIN_TEXT_BLOCK,
            "What was the win?",
            initial=clip(text, WIN_MAX) if text else None,
            placeholder="What you did and what it changed",
        ),
        date_input(ids.WIN_DATE_BLOCK, "When", initial=today),
        menu_input(
            ids.WIN_AREA_BLOCK,
            "Skill area",
            optional=True,
            options=area_options(),
            placeholder="Pick an area",
        ),
    ]
    options = item_options(items)
    if options:
        blocks.append(
            menu_input(
                ids.WIN_ITEM_BLOCK,
                "Does it count toward a list item?",
                optional=True,
                options=options,
                initial=next((o for o in options if o.value == str(item_id)), None),
                placeholder="Pick an item",
            )
        )
    blocks.append(share_block())
    return form(callback_id=ids.WIN_MODAL, title="Log a win", metadata={"win": True}, blocks=blocks)


def win_text_input(
    block_id: str, label: str, *, placeholder: str, initial: str | None = None
) -> InputBlock:
    """What the member did, as a win: the Log a win modal and the Did it modal both ask it."""
    return text_input(
        block_id,
        label,
        multiline=True,
        max_length=WIN_MAX,
        initial=initial,
        placeholder=placeholder,
    )


def share_block() -> InputBlock:
    return checkbox_input(
        ids.WIN_SHARE_BLOCK,
        "Who sees it",
        share_option("Share with my team"),
        hint="Off: only you see it. On: your team channel's weekly digest shows it, once one "
        "is on there. You can change this later from your Home tab.",
    )


def win_logged(
    win: Win, *, item_number: int | None, team_channel: str | None, digest_on: bool
) -> Message:
    line = f"Win logged:\n{win_line(win, item_number=item_number)}"
    if win.shared and team_channel and digest_on:
        line += f"\nIt goes into the next weekly digest in <#{team_channel}>."
    elif win.shared and team_channel:
        line += (
            f"\nNobody else sees it for now: <#{team_channel}> has no weekly digest on. If "
            "someone there starts one with `/mgr-goal digest on`, its first post includes wins "
            "shared in the 7 days before it."
        )
    elif win.shared:
        line += (
            "\nNobody else sees it for now: only your team channel's digest shows shared "
            "wins, and you haven't picked one. Pick it with `/mgr-goal team #channel`."
        )
    else:
        line += "\nOnly you can see it. Share it from your Home tab whenever you like."
    return notice(line)


def wins_message(wins: list[tuple[Win, int | None]], *, total: int) -> Message:
    """Recent wins, newest first, each with whether it is shared."""
    if not wins:
        text = (
            "No wins logged yet. Log one with `/mgr-goal win &lt;what you did&gt;`: a mentoring "
            "session, a fixed miscommunication, a talk you gave."
        )
        return notice(text)
    header: list[Block] = [HeaderBlock(text="Your recent wins")]
    body = pack_lines(
        [f"• {win_line(w, item_number=n)}" for w, n in wins],
        max_blocks=MESSAGE_BLOCKS - 2,
        max_chars=MESSAGE_TEXT - 500,
        more_hint="Your Home tab has the rest.",
    )
    footer = ContextBlock(
        elements=[md(f"Showing {len(wins)} of {total}. Share or unshare a win from your Home tab.")]
    )
    return Message(text=f"Your recent wins ({total})", blocks=[*header, *body, footer])
