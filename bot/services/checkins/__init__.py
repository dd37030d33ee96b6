"""Weekly check-ins, in four modules by job:

- `rows`: each member's next slot, this week's row and the move it proposes (`checkin_now`);
- `outbox`: the delivery queue: claim due rows, record sent/failed/undeliverable, reminders,
  retiring rows that will never go out;
- `answers`: the member's answers (Did it, Swap, Snooze, Skip, pulse, the pause question) and
  the pause/resume/schedule commands;
- `messages`: the use cases that talk to Slack through the Messenger port (send one now,
  re-render after an answer, post a reminder).

A package rather than three sibling modules so `from bot.services import checkins` stays the one
entry point: the names callers use are re-exported here.
"""

from bot.services.checkins.answers import (
    answer_pause_prompt,
    checkin_for_answer,
    pause,
    pause_checkins,
    record_did_it,
    record_pulse,
    resume,
    resume_checkins,
    schedule_checkins,
    set_schedule,
    skip,
    snooze,
    swap,
)
from bot.services.checkins.outbox import (
    CLAIM_FOR,
    Claimed,
    Outbound,
    claim_pending,
    claim_reminders,
    load_checkin,
    mark_failed,
    mark_sent,
    mark_undeliverable,
    release,
    retire_past_weeks,
    retry_reminder,
)
from bot.services.checkins.rows import (
    CREATE_BATCH,
    CheckinNow,
    checkin_now,
    checkin_now_for,
    create_checkin,
    create_due_checkins,
    current_checkin,
    schedule_unscheduled,
)

__all__ = [
    "CLAIM_FOR",
    "CREATE_BATCH",
    "CheckinNow",
    "Claimed",
    "Outbound",
    "answer_pause_prompt",
    "checkin_for_answer",
    "checkin_now",
    "checkin_now_for",
    "claim_pending",
    "claim_reminders",
    "create_checkin",
    "create_due_checkins",
    "current_checkin",
    "load_checkin",
    "mark_failed",
    "mark_sent",
    "mark_undeliverable",
    "pause",
    "pause_checkins",
    "record_did_it",
    "record_pulse",
    "release",
    "resume",
    "resume_checkins",
    "retire_past_weeks",
    "retry_reminder",
    "schedule_checkins",
    "schedule_unscheduled",
    "set_schedule",
    "skip",
    "snooze",
    "swap",
]
