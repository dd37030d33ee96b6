"""The weekly check-in DM, its reminder, the pause question and the "Did it" modal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    HeaderBlock,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain.case import Confidence, Recalled
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinState, Pulse
from bot.domain.items import open_ones
from bot.domain.moves import CatchUp, Move, MoveKind
from bot.domain.schedule import week_key
from bot.domain.slack_text import escape
from bot.domain.zones import local_when, zone_named
from bot.models import EVIDENCE_MAX, CampaignItem, CheckIn, Member
from bot.slack import ids
from bot.slack.blocks.elements import button, form, item_options, menu_input, text_input
from bot.slack.blocks.format import md, short_date
from bot.slack.blocks.limits import HEADER_TEXT, clip
from bot.slack.blocks.messages import Message, notice
from bot.slack.blocks.wins import share_block, win_text_input

PULSE_LABELS: dict[Pulse, str] = {
    Pulse.ON_TRACK: "On track",
    Pulse.STRETCHED: "Stretched",
    Pulse.BEHIND: "Behind",
}


def list_line(items: list[CampaignItem], *, today: dt.date) -> str:
    """One line about the member's list: progress plus the next due or oldest open item."""
    if not items:
        return (
            "Your list is empty. Ask your manager what they'd need to see from you, then "
            "`/mgr-goal add` each answer."
        )
    open_items = open_ones(items)
    done = len(items) - len(open_items)
    progress = f"Your list: {done} of {len(items)} done."
    if not open_items:
        return progress + " Everything is checked off: time to ask for the role."
    dated = sorted((i for i in open_items if i.due_date), key=lambda i: i.due_date or today)
    if dated:
        item = dated[0]
        due = item.due_date or today
        label = "Overdue since" if due < today else "Next due"
        item_text = f"*#{item.number}* {escape(item.text)}"
        return f"{progress} {label}: {item_text} ({short_date(due)})"
    oldest = min(open_items, key=lambda i: i.number)
    return f"{progress} Oldest open: *#{oldest.number}* {escape(oldest.text)}"


# A catch-up's stakeholder where a mention can't render (a header is plain text).
SOMEONE = "a stakeholder"


def last_talked(about: CatchUp | None) -> str:
    """A catch-up's {last}: when the member last talked to the stakeholder, as they logged it."""
    if about is None:
        return ""
    if about.last_contact is not None:
        return f"You last talked on {short_date(about.last_contact)}."
    if about.added is not None:
        return (
            f"You haven't logged a conversation since you added them on {short_date(about.added)}."
        )
    return ""


def _filled(text: str, move: Move, *, mrkdwn: bool = True) -> str:
    """A move's text as shown: escaped for mrkdwn, and a catch-up's placeholders filled in
    (its stakeholder as a mention, which Slack shows as their name)."""
    if move.kind is not MoveKind.CATCH_UP:
        return escape(text) if mrkdwn else text
    about = move.about
    who = f"<@{about.user_id}>" if about is not None and mrkdwn else SOMEONE
    last = last_talked(about)
    if mrkdwn:
        text, last = escape(text), escape(last)
    return text.replace("{last}", last).replace("{who}", who).strip()


def move_title(move: Move) -> str:
    """The move's title in mrkdwn (a catch-up names its stakeholder)."""
    return _filled(move.title, move)


def move_heading(move: Move) -> str:
    """The move's title as plain text, for a header: a catch-up says "a stakeholder"."""
    return _filled(move.title, move, mrkdwn=False)


def _notification_title(move: Move) -> str:
    return move_title(move) if move.kind is MoveKind.CATCH_UP else move.title


def checkin_message(
    checkin: CheckIn,
    move: Move,
    *,
    list_summary: str,
    zone: dt.tzinfo,
    next_checkin: dt.datetime | None,
    delivering: bool = False,
    confidence: Confidence | None = None,
    recalled: Sequence[Recalled] = (),
) -> Message:
    """The DM, rendered for the check-in's current state (so updates reuse it).

    `delivering` renders it as it will look once sent: a pending row is about to be. A
    look-back check-in (after a "low" confidence answer) opens with `recalled`, the member's
    own wins and evidence notes; a monthly one asks how confident they feel (`confidence`:
    what they answered, shown to them only: this DM is theirs).
    """
    what = _filled(move.what, move)
    if move.kind is MoveKind.CATCH_UP:
        # The header can't mention anyone: the section says who.
        what = f"{move_title(move)}. {what}"
    blocks: list[Block] = []
    if checkin.looks_back:
        blocks.append(SectionBlock(text=md(look_back_text(recalled))))
    blocks += [
        HeaderBlock(text=clip(move_heading(move), HEADER_TEXT)),
        SectionBlock(text=md(f"*This week:* {what}")),
        ContextBlock(elements=[md(f"_Why it matters:_ {_filled(move.why, move)}")]),
    ]
    if checkin.core_work_first:
        blocks.append(
            SectionBlock(
                text=md(
                    ":large_yellow_circle: You said your core work is behind, so this one is "
                    "small. Your core job comes first: skip the move if you need the time."
                )
            )
        )
    blocks.append(SectionBlock(text=md(list_summary)))
    value = str(checkin.id)
    if checkin.state == CheckinState.SENT or delivering:
        blocks.append(
            ActionsBlock(
                block_id="checkin-actions",
                elements=[
                    *(
                        [button("Draft the update", ids.CHECKIN_UPDATE, value, style="primary")]
                        if move.kind is MoveKind.MANAGER_UPDATE
                        else []
                    ),
                    *(
                        [
                            button(
                                "Prepare the conversation",
                                ids.READY_PREPARE,
                                value,
                                style="primary",
                            )
                        ]
                        if move.kind is MoveKind.READY
                        else []
                    ),
                    button("Reflect", ids.CHECKIN_REFLECT, value, style="primary")
                    if move.kind is MoveKind.REFLECTION
                    else button(
                        "Did it",
                        ids.CHECKIN_DID_IT,
                        value,
                        style=None if move.kind in _SECOND_BUTTON else "primary",
                    ),
                    button("Swap", ids.CHECKIN_SWAP, value),
                    button("Snooze", ids.CHECKIN_SNOOZE, value),
                    button("Skip this week", ids.CHECKIN_SKIP, value),
                ],
            )
        )
    else:
        blocks.append(SectionBlock(text=md(_state_line(checkin, zone, next_checkin))))
    pulse = PULSE_LABELS.get(Pulse(checkin.pulse)) if checkin.pulse in PULSE_LABELS else None
    question = "How's your core work going this week?"
    if pulse:
        question += f" You said: *{pulse}*."
    blocks.append(ContextBlock(elements=[md(question)]))
    blocks.append(
        ActionsBlock(
            block_id="checkin-pulse",
            elements=[
                button(label, ids.pulse_button(pulse), value)
                for pulse, label in PULSE_LABELS.items()
            ],
        )
    )
    if checkin.asks_confidence:
        blocks.extend(confidence_blocks(value, confidence))
    return Message(text=f"This week's leadership move: {_notification_title(move)}", blocks=blocks)


# Moves whose own button comes first, so Did it is not the primary one.
_SECOND_BUTTON = (MoveKind.MANAGER_UPDATE, MoveKind.READY)

CONFIDENCE_LABELS: dict[Confidence, str] = {
    Confidence.LOW: "Low",
    Confidence.OKAY: "Okay",
    Confidence.STRONG: "Strong",
}


def confidence_blocks(value: str, answered: Confidence | None) -> list[Block]:
    """Once a month: how confident the member feels about the goal. Private to them."""
    question = "How confident do you feel about this goal? Only you see your answer."
    if answered is not None:
        question += f" You said: *{CONFIDENCE_LABELS[answered]}*."
    return [
        ContextBlock(elements=[md(question)]),
        ActionsBlock(
            block_id="checkin-confidence",
            elements=[
                button(label, ids.confidence_button(level), value)
                for level, label in CONFIDENCE_LABELS.items()
            ],
        ),
    ]


def look_back_text(recalled: Sequence[Recalled]) -> str:
    """The look back a week after a "low": three of the member's own wins or evidence notes."""
    if not recalled:
        return (
            "*Look back:* you said you felt low about this. Nothing logged yet to look back "
            "on, so this week's move is a small one: every win you log builds the case."
        )
    # Clipped before escaping, which can make text 5 times longer: three fit in one section.
    lines = [f"• on {short_date(r.on)} you: {escape(clip(r.text, 150))}" for r in recalled]
    return (
        "*Look back* at what you've done:\n"
        + "\n".join(lines)
        + ("\nYou said you felt low about this goal, so this week's move is a small one.")
    )


def confidence_note(level: Confidence) -> Message | None:
    """What a confidence answer says beside the check-in (only the member sees it)."""
    if level is Confidence.LOW:
        return notice(
            "Thanks for saying so; most people feel that way before the step up. Next week "
            "opens with a look back at what you've already done, and a small move."
        )
    return None


def _state_line(checkin: CheckIn, zone: dt.tzinfo, next_checkin: dt.datetime | None) -> str:
    upcoming = f" Next check-in: {local_when(next_checkin, zone)}." if next_checkin else ""
    if checkin.state == CheckinState.DONE:
        return f":white_check_mark: *Done.* {escape(checkin.outcome or '')}"
    if checkin.state == CheckinState.SKIPPED:
        return f":fast_forward: Skipped this week.{upcoming}"
    if checkin.state == CheckinState.PENDING:
        return f":zzz: Snoozed until {local_when(checkin.due_at, zone)}."
    return ""


def reminder_message(move: Move) -> Message:
    text = (
        f"A nudge about this week's move, *{move_title(move)}*. Use the buttons above: "
        "*Did it*, *Swap*, *Snooze* or *Skip this week*. No more reminders this week."
    )
    return Message(
        text=f"Reminder: {_notification_title(move)}", blocks=[SectionBlock(text=md(text))]
    )


def pause_prompt_message(checkin: CheckIn) -> Message:
    value = str(checkin.id)
    return Message(
        text="Should I pause your check-ins?",
        blocks=[
            SectionBlock(
                text=md(
                    "You haven't answered the last three check-ins, so I've stopped sending "
                    "them rather than fill up your DMs. Busy stretch? That's fine: your core job "
                    "comes first. Want them back?"
                )
            ),
            ActionsBlock(
                block_id="pause-question",
                elements=[
                    button("Keep them coming", ids.PAUSE_KEEP_GOING, value, style="primary"),
                    button("Pause check-ins", ids.PAUSE_STOP, value),
                ],
            ),
        ],
    )


def answer_note(answer: CheckinAnswer | Pulse) -> Message | None:
    """What an answer says beside the re-rendered check-in, if anything."""
    if answer is Pulse.BEHIND:
        return notice(
            "Thanks for saying so. Your core job comes first: next week's move will be a small one."
        )
    return None


def pause_answered_message(
    *, keep_going: bool, next_checkin: dt.datetime | None, zone: dt.tzinfo
) -> Message:
    if keep_going:
        when = local_when(next_checkin, zone) if next_checkin else None
        text = f"Great, check-ins are back on. The next one comes {when}."
    else:
        text = "Check-ins are paused. `/mgr-goal resume` brings them back whenever you like."
    return Message(text=text, blocks=[SectionBlock(text=md(text))])


def did_it_modal(checkin: CheckIn, move: Move, open_items: list[CampaignItem]) -> View:
    """What happened, optionally tied to a list item with an evidence note."""
    blocks: list[Block] = [
        SectionBlock(text=md(f"*{move_title(move)}*")),
        win_text_input(
            ids.OUTCOME_BLOCK,
            "What happened?",
            placeholder="Who, what, and how it went: it goes into your wins log",
        ),
    ]
    options = item_options(open_items)
    if options:
        blocks.append(
            menu_input(
                ids.ITEM_BLOCK,
                "Does it move a list item forward?",
                optional=True,
                options=options,
                placeholder="Pick an item",
            )
        )
        blocks.append(
            text_input(
                ids.EVIDENCE_BLOCK,
                "Evidence note for that item",
                optional=True,
                multiline=True,
                max_length=EVIDENCE_MAX,
            )
        )
    blocks.append(share_block())
    return form(
        callback_id=ids.DID_IT_MODAL,
        title="Nice work!",
        metadata={"checkin_id": checkin.id},
        blocks=blocks,
    )


_STATE_LABELS: dict[str, str] = {
    CheckinState.PENDING: "on its way",
    CheckinState.SENT: "waiting for you in our Messages tab",
    CheckinState.DONE: ":white_check_mark: done",
    CheckinState.SKIPPED: "skipped",
    CheckinState.UNDELIVERABLE: "couldn't be delivered",
    CheckinState.EXPIRED: "not sent: its week passed before I could deliver it",
}


def home_checkin_text(
    member: Member | None, checkin: CheckIn | None, move: Move | None, *, now: dt.datetime
) -> str:
    """The Home tab's check-in line: when the next one comes and this week's move."""
    if member is None:
        return "Once you're set up, I'll DM you one leadership move a week."
    zone = zone_named(member.timezone)
    if member.unreachable:
        lines = ["I couldn't DM you last time, so check-ins stopped. `/mgr-goal resume` retries."]
    elif member.paused:
        lines = [
            ":double_vertical_bar: Weekly check-ins are paused. `/mgr-goal resume` restarts them."
        ]
    elif member.next_checkin_at is not None:
        when = local_when(member.next_checkin_at, zone)
        lines = [f"*Next check-in:* {when} ({escape(member.timezone)})"]
    else:
        lines = []
    if checkin is not None and move is not None and checkin.kind == CheckinKind.CHECKIN:
        this_week = checkin.week == week_key(now, zone)
        label = "This week" if this_week else "Last check-in"
        state = _STATE_LABELS.get(checkin.state, checkin.state)
        if checkin.state == CheckinState.PENDING and checkin.sent_at is not None:
            state = f"snoozed until {local_when(checkin.due_at, zone)}"
        lines.append(f"*{label}:* {move_title(move)} ({state})")
    return "\n".join(lines)
