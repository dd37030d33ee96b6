"""The check-in DM through the Messenger port: send one claimed check-in, re-render it after an
answer, post its reminder.

These take the database rather than a session: a message goes out between two short
transactions (read and render; record the outcome), never while one holds SQLite's write lock.
The batch loop around them (the send gate, the pacer, the thread pool) is `bot.jobs.checkins`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.db import Database
from bot.domain.checkins import CheckinAnswer, CheckinKind, Pulse
from bot.domain.delivery import Outcome, Posted, classify
from bot.domain.moves import Move, MoveKind
from bot.domain.retry import MAX_BACKOFF
from bot.models import CheckIn
from bot.services import campaign
from bot.services.checkins import answers, catch_up, confidence, outbox
from bot.services.members import zone
from bot.services.messenger import Messenger, MessengerError, SendFailed, Unreachable
from bot.services.sending import Ledger, record_failure
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.blocks.messages import Message

log = logging.getLogger(__name__)

CHECKIN_LEDGER = Ledger(
    release=lambda session, claim: outbox.release(session, claim=claim),
    undeliverable=lambda session, claim, reason, now: outbox.mark_undeliverable(
        session, claim=claim, reason=reason
    ),
    failed=lambda session, claim, error, now: outbox.mark_failed(
        session, claim=claim, error=error, now=now
    ),
)


def shown_move(library: list[Move], move_id: str) -> Move:
    """The move by id; one an operator has since removed falls back to a regular move."""
    by_id = next((m for m in library if m.id == move_id), None)
    return by_id or next(m for m in library if m.kind is MoveKind.REGULAR)


def render(
    session: Session,
    checkin: CheckIn,
    *,
    library: list[Move],
    now: dt.datetime,
    delivering: bool = False,
) -> Message:
    """The DM for a check-in in its current state; used for sends and updates."""
    if checkin.kind == CheckinKind.PAUSE_PROMPT:
        return checkin_blocks.pause_prompt_message(checkin)
    member = checkin.member
    member_zone = zone(member)
    items = campaign.list_items(session, team_id=member.team_id, user_id=member.user_id)
    return checkin_blocks.checkin_message(
        checkin,
        catch_up.personal(session, checkin=checkin, move=shown_move(library, checkin.move_id)),
        list_summary=checkin_blocks.list_line(items, today=now.astimezone(member_zone).date()),
        zone=member_zone,
        next_checkin=member.next_checkin_at,
        delivering=delivering,
        confidence=confidence.answer_for(session, checkin=checkin),
        recalled=confidence.recalled_for(session, checkin=checkin),
    )


def refresh(
    *, db: Database, messenger: Messenger, checkin_id: int, library: list[Move], now: dt.datetime
) -> None:
    """Re-render a delivered check-in in place after the member answered it."""
    with db.session() as session:
        checkin = outbox.load_checkin(session, checkin_id=checkin_id)
        if checkin is None or not (checkin.channel and checkin.ts):
            return
        channel, ts = checkin.channel, checkin.ts
        message = render(session, checkin, library=library, now=now)
    try:
        messenger.update_message(channel=channel, ts=ts, message=message)
    except SendFailed as exc:
        log.warning("chat.update failed for check-in %s: %s", checkin_id, exc.code)


def press(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    checkin_id: int,
    answer: CheckinAnswer | Pulse,
    library: list[Move],
    now: dt.datetime,
) -> None:
    """Swap, Snooze, Skip or a pulse on the member's current check-in, then re-render it."""
    with db.session() as session:
        checkin = answers.checkin_for_answer(
            session, team_id=team_id, user_id=user_id, checkin_id=checkin_id
        )
        if isinstance(answer, Pulse):
            answers.record_pulse(session, checkin=checkin, pulse=answer, now=now)
        elif answer is CheckinAnswer.SWAP:
            answers.swap(session, checkin=checkin, now=now, library=library)
        elif answer is CheckinAnswer.SNOOZE:
            answers.snooze(session, checkin=checkin, now=now)
        else:
            answers.skip(session, checkin=checkin, now=now)
    refresh(db=db, messenger=messenger, checkin_id=checkin_id, library=library, now=now)


def outgoing(
    db: Database, *, checkin_id: int, library: list[Move], now: dt.datetime
) -> Message | None:
    """The DM a claimed check-in goes out as; None when the row is gone."""
    with db.session() as session:
        checkin = outbox.load_checkin(session, checkin_id=checkin_id)
        if checkin is None:
            return None
        return render(session, checkin, library=library, now=now, delivering=True)


def post(
    *,
    db: Database,
    messenger: Messenger,
    claimed: outbox.Claimed,
    message: Message,
    now: dt.datetime,
) -> Posted:
    """DM one claimed check-in and record the outcome while the claim is still ours.

    A token error gives the row back untouched: it is the bot's problem, not the member's.
    """
    claim = claimed.claim
    try:
        channel, ts = messenger.post_dm(user_id=claimed.user_id, message=message)
    except MessengerError as exc:
        what = f"check-in for {claimed.user_id}"
        return record_failure(
            db, CHECKIN_LEDGER, claim=claim, error=exc, to="person", what=what, now=now
        )
    with db.session() as session:
        outbox.mark_sent(session, claim=claim, channel=channel, ts=ts, now=now)
    return Posted(Outcome.SENT)


def send_now(
    *, db: Database, messenger: Messenger, checkin_id: int, library: list[Move], now: dt.datetime
) -> bool:
    """Deliver one check-in right away (`/mgr-goal checkin`), claimed like any other."""
    with db.session() as session:
        claimed = outbox.claim_pending(session, now=now, limit=1, checkin_id=checkin_id)
    if not claimed:
        return False
    message = outgoing(db, checkin_id=checkin_id, library=library, now=now)
    if message is None:
        return False
    posted = post(db=db, messenger=messenger, claimed=claimed[0], message=message, now=now)
    return posted.outcome is Outcome.SENT


@dataclass(frozen=True)
class Reminder:
    """Where a reminder goes (the check-in's thread) and what it says."""

    channel: str
    ts: str
    message: Message


def reminder_for(db: Database, *, checkin_id: int, library: list[Move]) -> Reminder | None:
    """The reminder for a delivered check-in; None when it has no message to thread under."""
    with db.session() as session:
        checkin = outbox.load_checkin(session, checkin_id=checkin_id)
        if checkin is None or not (checkin.channel and checkin.ts):
            return None
        move = catch_up.personal(
            session, checkin=checkin, move=shown_move(library, checkin.move_id)
        )
        return Reminder(checkin.channel, checkin.ts, checkin_blocks.reminder_message(move))


def post_reminder(
    *,
    db: Database,
    messenger: Messenger,
    outbound: outbox.Outbound,
    reminder: Reminder,
    now: dt.datetime,
) -> Posted:
    """Post the reminder in the check-in's thread; a failed one is owed again later (at once
    after a token error, which is the bot's problem)."""
    try:
        messenger.post_in_thread(
            channel=reminder.channel, thread_ts=reminder.ts, message=reminder.message
        )
    except (SendFailed, Unreachable) as exc:
        error = exc.code if isinstance(exc, SendFailed) else ""
        # Nobody is marked for a reminder: an undeliverable one is simply owed later.
        token_error = classify(error, to="person") is Outcome.TOKEN_REJECTED
        if not token_error:
            log.warning("reminder for %s failed: %s", outbound.user_id, exc)
        with db.session() as session:
            outbox.retry_reminder(
                session,
                checkin_id=outbound.checkin_id,
                now=now,
                after=None if token_error else MAX_BACKOFF,
            )
        return Posted(Outcome.TOKEN_REJECTED if token_error else Outcome.FAILED, error)
    return Posted(Outcome.SENT)
