"""The member's answers to a check-in (Did it, Swap, Snooze, Skip, the pulse, the pause
question) and the check-in commands (pause, resume, schedule).

Each answer loads the row, asks the pure transition in `bot.domain.checkins`, and saves what it
returns; a refused transition becomes the `UserError` the member is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from bot.domain import checkins as transitions
from bot.domain.areas import SkillArea
from bot.domain.checkins import Answered, CheckinRefused, CheckinState, Pulse
from bot.domain.items import open_ones
from bot.domain.moves import Move, MoveKind
from bot.models import WIN_MAX, CampaignItem, CheckIn, EvidenceNote, Member, Win
from bot.services.campaign import is_valid_id, list_items
from bot.services.checkins import catch_up, outbox, rows
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.services.members import Enrolment, enrolment, find_member, reschedule, zone
from bot.services.wins import log_win

EVIDENCE_MAX = 2000


@contextmanager
def refusals() -> Iterator[None]:
    """A refused transition's message is written for the member: it is the reply."""
    try:
        yield
    except CheckinRefused as exc:
        raise UserError(str(exc)) from exc


def _save(checkin: CheckIn, answered: Answered) -> None:
    checkin.state = answered.state
    checkin.answered_at = answered.answered_at
    checkin.remind_at = None  # answered: no reminder owed


def checkin_for_answer(session: Session, *, team_id: str, user_id: str, checkin_id: int) -> CheckIn:
    """The check-in a button names, if it is the member's own and still this week's."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    checkin = session.get(CheckIn, checkin_id) if is_valid_id(checkin_id) else None
    if member is None or checkin is None or checkin.member_id != member.id:
        raise NotFound("That check-in isn't yours.")
    latest = rows.current_checkin(session, member=member)
    if latest is None or latest.id != checkin.id:
        raise UserError(
            "That check-in is from an earlier week, so I left it as it was. "
            "This week's is the newest message here."
        )
    return checkin


def record_did_it(
    session: Session,
    *,
    checkin: CheckIn,
    outcome: str,
    item_id: int | None,
    evidence: str,
    now: dt.datetime,
    area: SkillArea | None = None,
    share: bool = False,
) -> Win:
    """Complete the week's move; what happened is also logged as a win (shared if chosen).

    Once per check-in, even when two of its Did it modals are saved at the same moment. Raises
    FieldErrors about "outcome", "item" or "evidence"; UserError when the check-in is answered.
    """
    outcome = outcome.strip()
    if not outcome:
        raise FieldErrors({"outcome": "Say what happened, in a sentence or two."})
    if len(outcome) > WIN_MAX:
        raise FieldErrors(
            {"outcome": f"Keep it under {WIN_MAX} characters ({len(outcome):,} now)."}
        )
    with refusals():
        answered = transitions.did_it(checkin, now=now)
    item = None
    if item_id is not None:
        item = session.get(CampaignItem, item_id)
        if item is None or item.member_id != checkin.member_id:
            raise FieldErrors({"item": "That item isn't on your list."})
    evidence = evidence.strip()
    if evidence and item is None:
        raise FieldErrors({"item": "Pick the list item this evidence is for."})
    if len(evidence) > EVIDENCE_MAX:
        raise FieldErrors(
            {"evidence": f"Keep the evidence under 2,000 characters ({len(evidence):,} now)."}
        )
    _flip_done(session, checkin, answered, outcome=outcome, item_id=item.id if item else None)
    if item is not None and evidence:
        item.notes.append(EvidenceNote(text=evidence, created_at=now))
    member = checkin.member
    return log_win(
        session,
        team_id=member.team_id,
        user_id=member.user_id,
        text=outcome,
        area=area,
        item_id=item.id if item else None,
        share=share,
        checkin_id=checkin.id,
        now=now,
    )


def _flip_done(
    session: Session, checkin: CheckIn, answered: Answered, *, outcome: str, item_id: int | None
) -> None:
    """Mark the check-in done. Conditional, so of two racing answers only the first flips
    it: the UPDATE waits for the other's row lock and then no longer matches."""
    flipped = cast(
        CursorResult[Any],
        session.execute(
            update(CheckIn)
            .where(CheckIn.id == checkin.id, CheckIn.state != CheckinState.DONE)
            .values(
                state=answered.state,
                outcome=outcome,
                item_id=item_id,
                remind_at=None,  # answered: no reminder owed
                answered_at=answered.answered_at,
            )
            .execution_options(synchronize_session="evaluate")
        ),
    )
    if flipped.rowcount != 1:
        raise UserError(transitions.ALREADY_DONE)


def done_without_win(session: Session, *, checkin: CheckIn, outcome: str, now: dt.datetime) -> None:
    """Mark the check-in done, once, logging no win (an update sent, a reflection kept)."""
    with refusals():
        answered = transitions.did_it(checkin, now=now)
    _flip_done(session, checkin, answered, outcome=outcome, item_id=None)


def swap(session: Session, *, checkin: CheckIn, now: dt.datetime, library: list[Move]) -> Move:
    """Another move for this week; moves already shown are not offered again."""
    with refusals():
        answered = transitions.swap(checkin, now=now)
    shown = [move_id for move_id in checkin.shown_moves.split(",") if move_id]
    past = rows.recent_checkins(session, member_id=checkin.member_id)
    # Every move was shown once the chooser repeats this one: then anything but this one.
    for exclude in (frozenset(shown), frozenset({checkin.move_id})):
        choice = rows.choose(
            session,
            member=checkin.member,
            past=past,
            now=now,
            library=library,
            exclude=exclude,
            looks_back=checkin.looks_back,
        )
        if choice.move.id != checkin.move_id:
            break
    checkin.move_id = choice.move.id
    checkin.stakeholder_user_id = choice.move.about.user_id if choice.move.about else None
    checkin.shown_moves = transitions.swapped_moves(shown, choice.move.id)
    _save(checkin, answered)
    return choice.move


def snooze(session: Session, *, checkin: CheckIn, now: dt.datetime) -> dt.datetime:
    """Send it again at the same local time tomorrow."""
    member = checkin.member
    with refusals():
        snoozed = transitions.snooze(
            checkin,
            now=now,
            at=member.checkin_time,
            zone=zone(member),
            next_checkin=member.next_checkin_at,
        )
    _save(checkin, snoozed)
    checkin.due_at = snoozed.due_at
    return snoozed.due_at


def skip(session: Session, *, checkin: CheckIn, now: dt.datetime) -> None:
    """Skip this week's move."""
    with refusals():
        _save(checkin, transitions.skip(checkin, now=now))


def record_pulse(session: Session, *, checkin: CheckIn, pulse: str, now: dt.datetime) -> Pulse:
    """How the member's core work is going; a `behind` makes next week's move a small one."""
    with refusals():
        chosen, answered = transitions.pulse(checkin, chosen=pulse, now=now)
    checkin.pulse = chosen
    _save(checkin, answered)
    return chosen


def _move(library: list[Move], move_id: str) -> Move | None:
    return next((m for m in library if m.id == move_id), None)


@dataclass(frozen=True)
class DidItForm:
    """What the Did it modal shows: the check-in, its move and the member's open items."""

    checkin: CheckIn
    move: Move
    open_items: list[CampaignItem]


def did_it_form(
    session: Session, *, team_id: str, user_id: str, checkin_id: int, library: list[Move]
) -> DidItForm:
    """The Did it modal's contents, for a check-in still waiting for its answer."""
    checkin = checkin_for_answer(session, team_id=team_id, user_id=user_id, checkin_id=checkin_id)
    with refusals():
        transitions.may_do(checkin)
    move = _move(library, checkin.move_id)
    if move is None:
        raise UserError("That move is no longer in the library; try Swap.")
    items = list_items(session, team_id=team_id, user_id=user_id)
    return DidItForm(
        checkin, catch_up.personal(session, checkin=checkin, move=move), open_ones(items)
    )


@dataclass(frozen=True)
class DidIt:
    """The Did it modal's answer: what happened, the list item it moved, evidence for it."""

    checkin_id: int
    outcome: str
    item_id: int | None = None
    evidence: str = ""
    share: bool = False


def did_it_for(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    did: DidIt,
    library: list[Move],
    now: dt.datetime,
) -> int:
    """The Did it modal, saved: the member's own current check-in is done; its id. Did it on
    a catch-up also logs the conversation with its stakeholder."""
    checkin = checkin_for_answer(
        session, team_id=team_id, user_id=user_id, checkin_id=did.checkin_id
    )
    move = _move(library, checkin.move_id)
    record_did_it(
        session,
        checkin=checkin,
        outcome=did.outcome,
        item_id=did.item_id,
        evidence=did.evidence,
        area=move.area if move else None,
        share=did.share,
        now=now,
    )
    if move is not None and move.kind is MoveKind.CATCH_UP:
        catch_up.log_catch_up(session, checkin=checkin, now=now)
    return checkin.id


@dataclass(frozen=True)
class NextCheckin:
    """When the member's next check-in comes (None while paused), in their zone."""

    at: dt.datetime | None
    zone: dt.tzinfo


def answer_pause(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    checkin_id: int,
    keep_going: bool,
    now: dt.datetime,
) -> NextCheckin:
    """The pause question's buttons: keep check-ins coming, or pause them, as the member
    answered their own question (once)."""
    checkin = checkin_for_answer(session, team_id=team_id, user_id=user_id, checkin_id=checkin_id)
    with refusals():
        _save(checkin, transitions.answer_pause_prompt(checkin, now=now))
    member = checkin.member
    member.paused = not keep_going
    if keep_going:
        reschedule(member, now=now)
    else:
        member.next_checkin_at = None
    return NextCheckin(at=member.next_checkin_at, zone=zone(member))


# --- commands --------------------------------------------------------------------------------

NO_CHECKINS_YET = "You have no check-ins yet. Start with `/mgr-goal setup`."


def _member_with_checkins(session: Session, *, team_id: str, user_id: str) -> Member:
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        raise UserError(NO_CHECKINS_YET)
    return member


def pause_checkins(session: Session, *, team_id: str, user_id: str) -> Member:
    """`/mgr-goal pause`."""
    member = _member_with_checkins(session, team_id=team_id, user_id=user_id)
    # Silent weeks pause check-ins and queue a question; pausing now answers it, so it is
    # never sent.
    asked = outbox.retire_pause_prompt(session, member_id=member.id)
    if member.paused and not asked:
        raise UserError("Check-ins are already paused. `/mgr-goal resume` starts them again.")
    member.paused = True
    member.next_checkin_at = None  # out of the due range: idle ticks never step over it
    return member


def resume_checkins(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Member:
    """`/mgr-goal resume`."""
    member = _member_with_checkins(session, team_id=team_id, user_id=user_id)
    if not member.paused and member.unreachable is None:
        raise UserError("Check-ins are already on.")
    outbox.retire_pause_prompt(session, member_id=member.id)
    member.paused = False
    member.unreachable = None
    reschedule(member, now=now)
    outbox.retire_past_weeks(session, member=member, now=now)
    return member


def schedule_checkins(
    session: Session, *, team_id: str, user_id: str, weekday: int, at: dt.time, now: dt.datetime
) -> Enrolment:
    """`/mgr-goal schedule`: the weekly slot, enrolling the caller if they are new."""
    enrolled = enrolment(session, team_id=team_id, user_id=user_id, now=now)
    member = enrolled.member
    member.checkin_weekday = weekday
    member.checkin_time = at
    member.updated_at = now
    reschedule(member, now=now)
    return enrolled
