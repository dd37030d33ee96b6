"""The App Home tab: progress, open items with a menu each, done items, profile."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.models import CampaignItem, Member
from bot.slack import ids
from bot.slack.blocks.format import item_line, profile_summary, progress_bar
from bot.slack.blocks.limits import HEADER_TEXT, VIEW_BLOCKS, clip, pack_lines

# Room kept for the header, profile, buttons and section titles around the item rows.
_FRAME_BLOCKS = 12
_MAX_DONE_BLOCKS = 10


def _item_menu(item: CampaignItem) -> OverflowMenuElement:
    choices = [
        ("Mark done", ids.MENU_DONE),
        ("Add evidence", ids.MENU_EVIDENCE),
        ("Edit", ids.MENU_EDIT),
        ("Remove", ids.MENU_REMOVE),
    ]
    return OverflowMenuElement(
        action_id=ids.HOME_ITEM_MENU,
        options=[Option(text=label, value=f"{choice}:{item.id}") for label, choice in choices],
    )


def home_view(
    member: Member | None,
    items: list[CampaignItem],
    *,
    today: dt.date,
    checkin_text: str = "",
) -> View:
    """Everything on one screen; very long lists end in "…and N more" instead of failing."""
    open_items = [i for i in items if i.status == "open"]
    done_items = [i for i in items if i.status == "done"]
    title = "Your campaign"
    if member and member.target_role:
        title = clip(f"Your path to {member.target_role}", HEADER_TEXT)
    blocks: list[Block] = [
        HeaderBlock(text=title),
        SectionBlock(
            text=profile_summary(member),
            accessory=ButtonElement(text="Set up", action_id=ids.HOME_SETUP, value="setup"),
        ),
        ContextBlock(elements=[MarkdownTextObject(text=progress_bar(len(done_items), len(items)))]),
        *([SectionBlock(text=checkin_text)] if checkin_text else []),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Add item", action_id=ids.HOME_ADD_ITEM, value="add", style="primary"
                )
            ]
        ),
        DividerBlock(),
    ]
    done_budget = min(_MAX_DONE_BLOCKS, 1 + len(done_items)) if done_items else 0
    open_room = VIEW_BLOCKS - _FRAME_BLOCKS - done_budget
    if open_items:
        blocks.append(SectionBlock(text=f"*Open ({len(open_items)})*"))
        shown = open_items[:open_room]
        blocks.extend(
            SectionBlock(
                block_id=f"item-{item.id}",
                text=item_line(item, today=today),
                accessory=_item_menu(item),
            )
            for item in shown
        )
        if len(open_items) > len(shown):
            blocks.append(
                ContextBlock(
                    elements=[
                        MarkdownTextObject(
                            text=f"…and {len(open_items) - len(shown)} more open items. "
                            "`/mgr-goal list` shows them all."
                        )
                    ]
                )
            )
    else:
        blocks.append(
            SectionBlock(
                text="No open items. Ask your manager: _what would you need to see from me "
                "before I'm ready to lead a team?_ Then add each answer here."
            )
        )
    if done_items:
        blocks.append(DividerBlock())
        blocks.append(SectionBlock(text=f"*Done ({len(done_items)})*"))
        blocks.extend(
            pack_lines(
                [item_line(i, today=today) for i in done_items],
                max_blocks=done_budget,
                max_chars=20000,
                more_hint="`/mgr-goal list` shows them all.",
            )
        )
    return View(type="home", blocks=blocks)
