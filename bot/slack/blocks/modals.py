"""Modals for adding and editing items, evidence, removal from Home, and setup."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    Option,
    SectionBlock,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.models import EVIDENCE_MAX, ROLE_MAX, TEXT_MAX, WHY_MAX, CampaignItem, Member
from bot.slack import ids
from bot.slack.blocks.elements import (
    area_options,
    date_input,
    field,
    form,
    menu_input,
    person_input,
    text_input,
)
from bot.slack.blocks.format import WEEKDAY_NAMES, item_line, md
from bot.slack.blocks.messages import removal_question


def item_modal(item: CampaignItem | None = None) -> View:
    """Add (no item) or edit an item."""
    areas = area_options()
    return form(
        callback_id=ids.ITEM_MODAL,
        title=f"Edit #{item.number}" if item else "Add to your list",
        metadata={"item_id": item.id if item else None},
        blocks=[
            text_input(
                ids.TEXT_BLOCK,
                "What leadership needs to see",
                multiline=True,
                max_length=TEXT_MAX,
                initial=item.text if item else None,
                placeholder="e.g. Mentor the new hire through their first project",
            ),
            person_input(
                ids.ASKED_BY_BLOCK,
                "Who asked for it",
                initial=item.asked_by_user_id if item else None,
                placeholder="Pick a person",
            ),
            menu_input(
                ids.AREA_BLOCK,
                "Skill area",
                optional=True,
                options=areas,
                initial=next((o for o in areas if item and o.value == item.area), None),
                placeholder="Pick an area",
            ),
            date_input(
                ids.DUE_BLOCK, "Due", optional=True, initial=item.due_date if item else None
            ),
        ],
    )


def evidence_modal(item: CampaignItem, *, today: dt.date) -> View:
    return form(
        callback_id=ids.EVIDENCE_MODAL,
        title=f"Evidence for #{item.number}",
        metadata={"item_id": item.id},
        blocks=[
            SectionBlock(text=md(item_line(item, today=today))),
            text_input(
                ids.EVIDENCE_BLOCK,
                "What happened",
                multiline=True,
                max_length=EVIDENCE_MAX,
                placeholder="Who, what, and the result, so it reads well in your packet",
            ),
        ],
    )


def remove_modal(item: CampaignItem, *, today: dt.date) -> View:
    return form(
        callback_id=ids.REMOVE_MODAL,
        title=f"Remove #{item.number}?",
        submit="Remove",
        close="Keep it",
        metadata={"item_id": item.id},
        blocks=[SectionBlock(text=md(removal_question(item, today=today)))],
    )


def setup_modal(member: Member | None, *, manager_user_id: str | None = None) -> View:
    """Target role, target date, manager, why, and the weekly check-in slot.

    `manager_user_id` is who the manager field shows: the linked manager, else the person
    asked and not answered yet (so saving the form unchanged leaves the request alone).
    """
    day_options = [Option(text=name, value=str(i)) for i, name in enumerate(WEEKDAY_NAMES)]
    weekday = member.checkin_weekday if member else 0
    checkin_time = member.checkin_time if member else dt.time(9, 0)
    return form(
        callback_id=ids.SETUP_MODAL,
        title="Set up mgr-goal",
        blocks=[
            text_input(
                ids.ROLE_BLOCK,
                "The role you're after",
                optional=True,
                max_length=ROLE_MAX,
                initial=member.target_role if member and member.target_role else None,
                placeholder="e.g. Engineering manager, platform team",
            ),
            date_input(
                ids.TARGET_DATE_BLOCK,
                "Target date",
                optional=True,
                initial=member.target_date if member else None,
            ),
            person_input(
                ids.MANAGER_BLOCK,
                "Your manager",
                initial=manager_user_id,
                placeholder="The person you report to",
            ),
            text_input(
                ids.WHY_BLOCK,
                "Why you want this",
                optional=True,
                hint="Your own words; I'll remind you of them when it gets hard.",
                multiline=True,
                max_length=WHY_MAX,
                initial=member.why if member and member.why else None,
            ),
            field(
                ids.TEAM_CHANNEL_BLOCK,
                "Team channel",
                ConversationSelectElement(
                    action_id=ids.INPUT,
                    initial_conversation=member.team_channel_id if member else None,
                    filter=ConversationFilter(
                        include=["public", "private"], exclude_bot_users=True
                    ),
                    placeholder="Pick your team's channel",
                ),
                optional=True,
                hint="Wins you choose to share go into this channel's weekly digest.",
            ),
            menu_input(
                ids.CHECKIN_DAY_BLOCK,
                "Weekly check-in day",
                options=day_options,
                initial=day_options[weekday],
            ),
            field(
                ids.CHECKIN_TIME_BLOCK,
                "Check-in time (your time zone)",
                TimePickerElement(action_id=ids.INPUT, initial_time=checkin_time.strftime("%H:%M")),
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
