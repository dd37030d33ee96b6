"""Text snippets shared by messages, modals and the Home tab. All user text is escaped here."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import MarkdownTextObject

from bot.domain.areas import SkillArea
from bot.domain.dates import day_label
from bot.domain.items import ItemStatus
from bot.domain.slack_text import escape, is_user_id
from bot.models import CampaignItem, Member

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def md(text: str) -> MarkdownTextObject:
    """Every mrkdwn text the bot sends goes through here.

    `verbatim` stops Slack's own preprocessing (bare URLs and channel names linked, "certain
    mentions" such as @channel parsed), so only the markup we wrote renders: user text is
    escaped, and a stored "@channel" stays words.
    """
    return MarkdownTextObject(text=text, verbatim=True)


def mention(user_id: str | None) -> str:
    """A mention only for a well-formed user id, so stored data can never inject markup."""
    return f"<@{user_id}>" if user_id and is_user_id(user_id) else ""


def short_date(day: dt.date) -> str:
    return day_label(day)


def progress_bar(done: int, total: int, width: int = 10) -> str:
    if total == 0:
        return "Nothing on your list yet."
    filled = round(width * done / total)
    percent = round(100 * done / total)
    return f"`{'█' * filled}{'░' * (width - filled)}` {done} of {total} done ({percent}%)"


def area_label(area: str | None) -> str:
    try:
        return SkillArea(area).label if area else ""
    except ValueError:
        return ""


def item_line(item: CampaignItem, *, today: dt.date) -> str:
    """One line per item: number, escaped text, who asked, area, due (overdue marked)."""
    parts = [f"*#{item.number}* {escape(item.text)}"]
    if item.asked_by_user_id:
        parts.append(f"asked by {mention(item.asked_by_user_id)}")
    if item.area:
        parts.append(f"_{area_label(item.area)}_")
    if item.status == ItemStatus.DONE:
        if item.done_at:
            parts.append(f"done {short_date(item.done_at.date())}")
    elif item.due_date:
        if item.due_date < today:
            parts.append(f":warning: *overdue* (due {short_date(item.due_date)})")
        else:
            parts.append(f"due {short_date(item.due_date)}")
    if item.notes:
        count = len(item.notes)
        parts.append(f"{count} note{'s' if count != 1 else ''}")
    icon = ":white_check_mark:" if item.status == ItemStatus.DONE else ":white_circle:"
    return f"{icon} " + " · ".join(parts)


def profile_summary(member: Member | None) -> str:
    if member is None or not (member.target_role or member.manager_user_id or member.why):
        return (
            "Tell me the role you're after and who decides, and I'll help you build the case. "
            "Press *Set up* to start."
        )
    lines = []
    role = escape(member.target_role) if member.target_role else "your first management role"
    target = f" by {short_date(member.target_date)}" if member.target_date else ""
    lines.append(f"*Goal:* {role}{target}")
    if member.manager_user_id:
        lines.append(f"*Manager:* {mention(member.manager_user_id)}")
    if member.why:
        lines.append(f"*Why:* {escape(member.why)}")
    lines.append(
        f"*Check-in:* {WEEKDAY_NAMES[member.checkin_weekday]}s at "
        f"{member.checkin_time.strftime('%H:%M')} ({escape(member.timezone)})"
    )
    return "\n".join(lines)
