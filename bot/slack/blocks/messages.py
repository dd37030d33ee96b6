"""Ephemeral replies to `/mgr-goal`, as `Message`s: fallback text plus blocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    HeaderBlock,
    SectionBlock,
)

from bot.domain.areas import AREA_NAMES
from bot.domain.items import done_ones, open_ones
from bot.domain.slack_text import escape
from bot.models import CampaignItem
from bot.slack import ids
from bot.slack.blocks.elements import button
from bot.slack.blocks.format import WEEKDAY_NAMES, item_line, md, progress_bar, short_date
from bot.slack.blocks.limits import MESSAGE_BLOCKS, MESSAGE_TEXT, clip, pack_lines


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"text": self.text}
        if self.blocks:
            body["blocks"] = [block.to_dict() for block in self.blocks]
        return body


@dataclass(frozen=True)
class HelpLine:
    """One line of `help`: how to type it, what it does, and an optional example."""

    usage: str  # "add <text> [from @person]"
    summary: str  # "add an item to your list"
    example: str | None = None  # "add Run the retro from @dana"


def help_message(lines: Sequence[HelpLine]) -> Message:
    """What the bot does and every subcommand with an example (lines from the registry)."""
    intro = (
        "*mgr-goal* helps you earn your first management role. Ask your manager what they "
        "need to see from you, keep that as your *campaign list*, do one leadership move at a "
        "time and collect the evidence. Your list is private to you until you link your "
        "manager."
    )
    usage = [
        f"• `/mgr-goal {escape(line.usage)}`: {line.summary}"
        + (f"\n      e.g. `/mgr-goal {escape(line.example)}`" if line.example else "")
        for line in lines
    ]
    tips = (
        f"Skill areas: {AREA_NAMES}. Dates: `2026-12-15`, `in 3 weeks`, `in 10 days`, "
        "`friday`. Your *Home* tab shows your progress and has buttons for everything."
    )
    return Message(
        text="mgr-goal help",
        blocks=[
            SectionBlock(text=md(intro)),
            # Over one section's 3000 characters: whole lines, split across sections.
            *pack_lines(["*Commands*", *usage], max_blocks=40, max_chars=40000, more_hint="help"),
            ContextBlock(elements=[md(tips)]),
        ],
    )


def list_message(items: list[CampaignItem], *, today: dt.date) -> Message:
    """Open items then done ones, with numbers, who asked, area, due and progress."""
    if not items:
        return Message(
            text="Your campaign list is empty.",
            blocks=[
                SectionBlock(
                    text=md(
                        "Your campaign list is empty. Ask your manager what they'd need to "
                        "see before promoting you, then add each thing: "
                        "`/mgr-goal add Mentor the new hire through their first project`."
                    )
                )
            ],
        )
    open_items, done_items = open_ones(items), done_ones(items)
    # Each group's heading rides on its first line, so "…and N more" counts items only.
    lines = []
    for heading, group in (("*Open*", open_items), ("*Done*", done_items)):
        group_lines = [item_line(i, today=today) for i in group]
        if group_lines:
            group_lines[0] = f"{heading}\n{group_lines[0]}"
        lines.extend(group_lines)
    header: list[Block] = [
        HeaderBlock(text="Your campaign list"),
        ContextBlock(elements=[md(progress_bar(len(done_items), len(items)))]),
    ]
    body = pack_lines(
        lines,
        max_blocks=MESSAGE_BLOCKS - len(header),
        max_chars=MESSAGE_TEXT - 500,
        more_hint="Your Home tab has the whole list.",
    )
    summary = f"Your campaign list: {len(done_items)} of {len(items)} done."
    return Message(text=summary, blocks=header + body)


def item_message(item: CampaignItem, *, today: dt.date) -> Message:
    """One item with all its evidence notes, newest last."""
    blocks: list[Block] = [SectionBlock(text=md(item_line(item, today=today)))]
    if item.notes:
        lines = [f"• {short_date(n.created_at.date())}: {escape(n.text)}" for n in item.notes]
        blocks.extend(
            pack_lines(
                lines,
                max_blocks=MESSAGE_BLOCKS - 2,
                max_chars=MESSAGE_TEXT - 1000,
                more_hint="Older notes are kept; the packet export will include them all.",
            )
        )
    else:
        blocks.append(
            ContextBlock(
                elements=[
                    md(
                        f"No evidence yet. Add some: `/mgr-goal note {item.number} "
                        "&lt;what happened&gt;`."
                    )
                ]
            )
        )
    return Message(text=escape(clip(f"#{item.number}: {item.text}", 300)), blocks=blocks)


def notice(text: str, *, fallback: str | None = None) -> Message:
    """A one-section message; `text` is already mrkdwn (escape user parts before calling).
    `fallback` is the notification's text when it should be shorter than `text`."""
    return Message(text=fallback or text, blocks=[SectionBlock(text=md(text))])


def item_added(item: CampaignItem, *, today: dt.date, new_member: bool) -> Message:
    """The reply to `add`; a new member's first one also welcomes them and says when their
    first check-in comes, in their own terms (their Slack time zone is fetched after this)."""
    line = f"Added to your list:\n{item_line(item, today=today)}"
    if new_member:
        day = WEEKDAY_NAMES[item.member.checkin_weekday]
        at = item.member.checkin_time.strftime("%H:%M")
        line += (
            f"\n\nWelcome to mgr-goal! Your first weekly check-in comes on {day} at {at}, your "
            "time. Run `/mgr-goal setup` to record the role you're after, your manager, and a "
            "different check-in day or time."
        )
    return notice(line)


def removal_question(item: CampaignItem, *, today: dt.date) -> str:
    """ "Remove this item?", for the remove command's message and the Home's remove modal."""
    notes = len(item.notes)
    extra = f" and its {notes} evidence note{'s' if notes != 1 else ''}" if notes else ""
    return f"Remove this item{extra}? This can't be undone.\n" + item_line(item, today=today)


def removed(number: int) -> Message:
    return notice(f"Removed #{number} from your list.")


def kept() -> Message:
    return notice("Kept it. Nothing was removed.")


def remove_confirmation(item: CampaignItem, *, today: dt.date) -> Message:
    return Message(
        text=f"Remove #{item.number}?",
        blocks=[
            SectionBlock(text=md(removal_question(item, today=today))),
            ActionsBlock(
                elements=[
                    button(
                        f"Remove #{item.number}", ids.REMOVE_CONFIRM, str(item.id), style="danger"
                    ),
                    button("Keep it", ids.REMOVE_CANCEL, str(item.id)),
                ]
            ),
        ],
    )
