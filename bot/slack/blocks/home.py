"""The App Home tab: progress, open items with a menu each, done items, profile."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    Option,
    OverflowMenuElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain.areas import SkillArea
from bot.domain.items import done_ones, open_ones
from bot.domain.zones import zone_named
from bot.models import CampaignItem, Win
from bot.slack import ids
from bot.slack.blocks.blurbs import blurb_line
from bot.slack.blocks.case import confidence_line, reflection_line, reflections_blocks
from bot.slack.blocks.checkin import home_checkin_text
from bot.slack.blocks.elements import button
from bot.slack.blocks.format import item_line, md, profile_summary, progress_bar, short_date
from bot.slack.blocks.limits import HEADER_TEXT, VIEW_BLOCKS, clip, pack_lines
from bot.slack.blocks.manager_links import people_blocks
from bot.slack.blocks.stakeholders import home_blocks as stakeholder_blocks
from bot.slack.blocks.updates import last_line
from bot.slack.blocks.wins import win_line

if TYPE_CHECKING:
    # bot.services.home gathers the data and imports this builder; the types are enough here.
    from bot.services.home import Evidence, Home

HOME_WINS = 5
HOME_BLURBS = 3

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


def home_view(home: Home, *, now: dt.datetime) -> View:
    """Everything on one screen; very long lists end in "…and N more" instead of failing."""
    if home.manager_only:
        return _manager_only_view(home)
    member, items, today = home.member, home.items, home.today
    checkin_text = home_checkin_text(member, home.checkin, home.move, now=now)
    if member is not None:
        update_text = last_line(home.last_update, own=member.user_id)
        checkin_text = f"{checkin_text}\n{update_text}" if checkin_text else update_text
        if home.confidence is not None:
            said = confidence_line(home.confidence, zone=zone_named(member.timezone))
            checkin_text = f"{checkin_text}\n{said}" if checkin_text else said
    open_items, done_items = open_ones(items), done_ones(items)
    title = "Your campaign"
    if member and member.target_role:
        title = clip(f"Your path to {member.target_role}", HEADER_TEXT)
    blocks: list[Block] = [
        HeaderBlock(text=title),
        SectionBlock(
            text=md(profile_summary(member)),
            accessory=button("Set up", ids.HOME_SETUP, "setup"),
        ),
        ContextBlock(elements=[md(progress_bar(len(done_items), len(items)))]),
        *([SectionBlock(text=md(checkin_text))] if checkin_text else []),
        ActionsBlock(
            elements=[
                button("Add item", ids.HOME_ADD_ITEM, "add", style="primary"),
                button("Log a win", ids.HOME_LOG_WIN, "win"),
                *([button("Monthly update", ids.HOME_UPDATE, "update")] if member else []),
                *([button("Build my packet", ids.PACKET_BUILD, "home")] if member else []),
            ]
        ),
        DividerBlock(),
    ]
    tail = [
        *_evidence_blocks(home.evidence),
        *stakeholder_blocks(member, home.stakeholders),
        *_reflection_blocks(home),
        *people_blocks(home.people),
    ]
    done_budget = min(_MAX_DONE_BLOCKS, 1 + len(done_items)) if done_items else 0
    open_room = VIEW_BLOCKS - _FRAME_BLOCKS - done_budget - len(tail)
    if open_items:
        blocks.append(SectionBlock(text=md(f"*Open ({len(open_items)})*")))
        shown = open_items[:open_room]
        blocks.extend(
            SectionBlock(
                block_id=f"item-{item.id}",
                text=md(item_line(item, today=today)),
                accessory=_item_menu(item),
            )
            for item in shown
        )
        if len(open_items) > len(shown):
            blocks.append(
                ContextBlock(
                    elements=[
                        md(
                            f"…and {len(open_items) - len(shown)} more open items. "
                            "`/mgr-goal list` shows them all."
                        )
                    ]
                )
            )
    else:
        blocks.append(
            SectionBlock(
                text=md(
                    "No open items. Ask your manager: _what would you need to see from me "
                    "before I'm ready to lead a team?_ Then add each answer here."
                )
            )
        )
    if done_items:
        blocks.append(DividerBlock())
        blocks.append(SectionBlock(text=md(f"*Done ({len(done_items)})*")))
        blocks.extend(
            pack_lines(
                [item_line(i, today=today) for i in done_items],
                max_blocks=done_budget,
                max_chars=20000,
                more_hint="`/mgr-goal list` shows them all.",
            )
        )
    blocks.extend(tail)
    return View(type="home", blocks=blocks)


def _manager_only_view(home: Home) -> View:
    """Someone with no campaign of their own who supports others: their people first, and
    their own campaign offered below rather than an empty one shown."""
    return View(
        type="home",
        blocks=[
            HeaderBlock(text="mgr-goal"),
            *people_blocks(home.people)[1:],  # no divider above the first section
            DividerBlock(),
            SectionBlock(
                text=md(
                    "Working toward a bigger role yourself? Press *Set up* for your own "
                    "campaign: a list of what the people who decide need to see, one "
                    "leadership move a week, and the evidence."
                ),
                accessory=button("Set up", ids.HOME_SETUP, "setup"),
            ),
        ],
    )


def _win_menu(win: Win) -> OverflowMenuElement:
    share = (
        ("Make private", ids.MENU_UNSHARE) if win.shared else ("Share with my team", ids.MENU_SHARE)
    )
    choices = [share, ("Ask for a blurb", ids.MENU_BLURB)]
    return OverflowMenuElement(
        action_id=ids.HOME_WIN_MENU,
        options=[Option(text=label, value=f"{choice}:{win.id}") for label, choice in choices],
    )


def _reflection_blocks(home: Home) -> list[Block]:
    if home.member is None or not home.reflections:
        return []
    local = zone_named(home.member.timezone)
    return reflections_blocks(
        [
            reflection_line(r, day=short_date(r.created_at.astimezone(local).date()))
            for r in home.reflections
        ]
    )


def _evidence_blocks(evidence: Evidence) -> list[Block]:
    """Recent wins with a share menu each, wins per skill area, and testimonials."""
    blocks: list[Block] = [DividerBlock(), SectionBlock(text=md(f"*Wins ({evidence.win_total})*"))]
    if not evidence.wins:
        blocks.append(
            SectionBlock(
                text=md(
                    "No wins yet. After a good week, press *Log a win*: they're private "
                    "unless you share them, and they build your promotion case."
                )
            )
        )
    else:
        counts = [
            f"{area.label}: {evidence.area_counts[area.value]}"
            for area in SkillArea
            if evidence.area_counts.get(area.value)
        ]
        if evidence.team_channel and evidence.team_digest_on:
            where = f"Shared wins go to <#{evidence.team_channel}>'s weekly digest."
        elif evidence.team_channel:
            where = (
                f"<#{evidence.team_channel}> has no weekly digest on, so nobody else sees "
                "shared wins yet."
            )
        else:
            where = "No team channel yet: `/mgr-goal team #channel` picks one for shared wins."
        summary = "\n".join([*([" · ".join(counts)] if counts else []), where])
        blocks.append(ContextBlock(elements=[md(summary)]))
        blocks.extend(
            SectionBlock(
                block_id=f"win-{win.id}",
                text=md(clip(win_line(win, item_number=number), 2900)),
                accessory=_win_menu(win),
            )
            for win, number in evidence.wins[:HOME_WINS]
        )
    if evidence.blurbs or evidence.open_requests:
        waiting = (
            f" · {evidence.open_requests} request{'s' if evidence.open_requests != 1 else ''} "
            "waiting for an answer"
            if evidence.open_requests
            else ""
        )
        blocks.append(SectionBlock(text=md(f"*Testimonials*{waiting}")))
        blocks.extend(
            SectionBlock(text=md(clip(blurb_line(b), 2900))) for b in evidence.blurbs[:HOME_BLURBS]
        )
    return blocks
