"""Modals for adding and editing items, evidence, removal from Home, and setup."""

from __future__ import annotations

import datetime as dt
import json

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.areas import SkillArea
from bot.models import EVIDENCE_MAX, ROLE_MAX, TEXT_MAX, WHY_MAX, CampaignItem, Member
from bot.slack import ids
from bot.slack.blocks.format import WEEKDAY_NAMES, item_line, md
from bot.slack.blocks.messages import removal_question

# Kept importable from here until the last listener reads `Submission.of(view).metadata`.


def _metadata(**values: object) -> str:
    return json.dumps(values, separators=(",", ":"))


def _area_options() -> list[Option]:
    return [Option(text=area.label.capitalize(), value=area.value) for area in SkillArea]


def item_modal(item: CampaignItem | None = None) -> View:
    """Add (no item) or edit an item."""
    area_options = _area_options()
    initial_area = next((o for o in area_options if item and o.value == item.area), None)
    blocks = [
        InputBlock(
            block_id=ids.TEXT_BLOCK,
            label="What leadership needs to see",
            element=PlainTextInputElement(
                action_id=ids.INPUT,
                multiline=True,
                max_length=TEXT_MAX,
                initial_value=item.text if item else None,
                placeholder="e.g. Mentor the new hire through their first project",
            ),
        ),
        InputBlock(
            block_id=ids.ASKED_BY_BLOCK,
            label="Who asked for it",
            optional=True,
            element=UserSelectElement(
                action_id=ids.INPUT,
                initial_user=item.asked_by_user_id if item and item.asked_by_user_id else None,
                placeholder="Pick a person",
            ),
        ),
        InputBlock(
            block_id=ids.AREA_BLOCK,
            label="Skill area",
            optional=True,
            element=StaticSelectElement(
                action_id=ids.INPUT,
                options=area_options,
                initial_option=initial_area,
                placeholder="Pick an area",
            ),
        ),
        InputBlock(
            block_id=ids.DUE_BLOCK,
            label="Due",
            optional=True,
            element=DatePickerElement(
                action_id=ids.INPUT,
                initial_date=item.due_date.isoformat() if item and item.due_date else None,
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=ids.ITEM_MODAL,
        title=f"Edit #{item.number}" if item else "Add to your list",
        submit="Save",
        close="Cancel",
        private_metadata=_metadata(item_id=item.id if item else None),
        blocks=blocks,
    )


def evidence_modal(item: CampaignItem, *, today: dt.date) -> View:
    return View(
        type="modal",
        callback_id=ids.EVIDENCE_MODAL,
        title=f"Evidence for #{item.number}",
        submit="Save",
        close="Cancel",
        private_metadata=_metadata(item_id=item.id),
        blocks=[
            SectionBlock(text=md(item_line(item, today=today))),
            InputBlock(
                block_id=ids.EVIDENCE_BLOCK,
                label="What happened",
                element=PlainTextInputElement(
                    action_id=ids.INPUT,
                    multiline=True,
                    max_length=EVIDENCE_MAX,
                    placeholder="Who, what, and the result, so it reads well in your packet",
                ),
            ),
        ],
    )


def remove_modal(item: CampaignItem, *, today: dt.date) -> View:
    return View(
        type="modal",
        callback_id=ids.REMOVE_MODAL,
        title=f"Remove #{item.number}?",
        submit="Remove",
        close="Keep it",
        private_metadata=_metadata(item_id=item.id),
        blocks=[SectionBlock(text=md(removal_question(item, today=today)))],
    )


def setup_modal(member: Member | None) -> View:
    """Target role, target date, manager, why, and the weekly check-in slot."""
    day_options = [Option(text=name, value=str(i)) for i, name in enumerate(WEEKDAY_NAMES)]
    weekday = member.checkin_weekday if member else 0
    checkin_time = member.checkin_time if member else dt.time(9, 0)
    return View(
        type="modal",
        callback_id=ids.SETUP_MODAL,
        title="Set up mgr-goal",
        submit="Save",
        close="Cancel",
        blocks=[
            InputBlock(
                block_id=ids.ROLE_BLOCK,
                label="The role you're after",
                optional=True,
                element=PlainTextInputElement(
                    action_id=ids.INPUT,
                    max_length=ROLE_MAX,
                    initial_value=member.target_role if member and member.target_role else None,
                    placeholder="e.g. Engineering manager, platform team",
                ),
            ),
            InputBlock(
                block_id=ids.TARGET_DATE_BLOCK,
                label="Target date",
                optional=True,
                element=DatePickerElement(
                    action_id=ids.INPUT,
                    initial_date=(
                        member.target_date.isoformat() if member and member.target_date else None
                    ),
                ),
            ),
            InputBlock(
                block_id=ids.MANAGER_BLOCK,
                label="Your manager",
                optional=True,
                element=UserSelectElement(
                    action_id=ids.INPUT,
                    initial_user=(
                        member.manager_user_id if member and member.manager_user_id else None
                    ),
                    placeholder="The person you report to",
                ),
            ),
            InputBlock(
                block_id=ids.WHY_BLOCK,
                label="Why you want this",
                optional=True,
                hint="Your own words; I'll remind you of them when it gets hard.",
                element=PlainTextInputElement(
                    action_id=ids.INPUT,
                    multiline=True,
                    max_length=WHY_MAX,
                    initial_value=member.why if member and member.why else None,
                ),
            ),
            InputBlock(
                block_id=ids.TEAM_CHANNEL_BLOCK,
                label="Team channel",
                optional=True,
                hint="Wins you choose to share go into this channel's weekly digest.",
                element=ConversationSelectElement(
                    action_id=ids.INPUT,
                    initial_conversation=member.team_channel_id if member else None,
                    filter=ConversationFilter(
                        include=["public", "private"], exclude_bot_users=True
                    ),
                    placeholder="Pick your team's channel",
                ),
            ),
            InputBlock(
                block_id=ids.CHECKIN_DAY_BLOCK,
                label="Weekly check-in day",
                element=StaticSelectElement(
                    action_id=ids.INPUT,
                    options=day_options,
                    initial_option=day_options[weekday],
                ),
            ),
            InputBlock(
                block_id=ids.CHECKIN_TIME_BLOCK,
                label="Check-in time (your time zone)",
                element=TimePickerElement(
                    action_id=ids.INPUT, initial_time=checkin_time.strftime("%H:%M")
                ),
            ),
        ],
    )


def notice_modal(text: str) -> View:
    """A read-only modal for telling someone why a Home button did nothing."""
    return View(
        type="modal",
        title="mgr-goal",
        close="OK",
        blocks=[SectionBlock(text=md(text))],
    )
