"""Weekly check-ins: creating this week's row, the delivery queue, and the member's answers.

The database owns due work. A tick first turns due members into check-in rows (unique per
member and local week), then claims pending rows for sending. A claim expires after five
minutes, so a row claimed by a process that died is sent by a later tick.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased, selectinload

from bot.db import add_unless_exists
from bot.domain.areas import SkillArea
from bot.domain.moves import Choice, MemberState, Move, MoveKind, Proposal, choose_move
from bot.domain.retry import MAX_BACKOFF
from bot.domain.schedule import local_instant, week_key
from bot.models import WIN_MAX, CampaignItem, CheckIn, EvidenceNote, Member, Win
from bot.services import queue
from bot.services.errors import NotFound, UserError
from bot.services.members import find_member, reschedule, zone
from bot.services.wins import log_win

CHECKIN = "checkin"
PAUSE_PROMPT = "pause_prompt"

PENDING = "pending"
SENT = "sent"
DONE = "done"
SKIPPED = "skipped"
UNDELIVERABLE = "undeliverable"
EXPIRED = "expired"  # never delivered, and its week has passed: retired, never sent late

CLAIM_FOR = queue.CLAIM_FOR
REMIND_AFTER = dt.timedelta(days=2)
UNANSWERED_BEFORE_ASKING = 3
PULSES = ("on_track", "stretched", "behind")
HISTORY_WEEKS = 14
# Members turned into check-in rows per transaction. On SQLite each batch holds the one write
# lock while moves are chosen; small batches keep a form submitted meanwhile well inside Slack's
# 3-second ack (bench/write_lock.py measures it).
CREATE_BATCH = 50


@dataclass(frozen=True)
class Outbound:
    """What a sender needs to deliver one claimed check-in, read in the claiming transaction."""

    checkin_id: int
    user_id: str
    team_id: str


@dataclass(frozen=True)
class Claimed(Outbound):
    """A check-in this sender holds: what to deliver, and the claim every write must present."""

    claim: queue.Claim


# --- creating this week's check-in -----------------------------------------------------------


def schedule_unscheduled(session: Session, *, now: dt.datetime, limit: int = CREATE_BATCH) -> int:
    """Give a next check-in to up to `limit` members that have none (e.g. enrolled before
    check-ins, or unmarked by a migration); a full batch means there may be more."""
    members = session.scalars(
        select(Member)
        .where(
            Member.next_checkin_at.is_(None),
            Member.paused.is_(False),
            Member.unreachable.is_(None),
        )
        .limit(limit)
    ).all()
    for member in members:
        reschedule(member, now=now)
    return len(members)


def create_due_checkins(
    session: Session, *, now: dt.datetime, library: list[Move], limit: int = CREATE_BATCH
) -> tuple[int, int]:
    """Turn up to `limit` due members into check-in rows and move them to their next slot.

    Returns (members looked at, check-ins created); a full batch means there may be more.
    """
    members = session.scalars(
        select(Member)
        .where(
            Member.next_checkin_at <= now,
            Member.paused.is_(False),
            Member.unreachable.is_(None),
        )
        .order_by(Member.next_checkin_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    created = 0
    for member in members:
        if create_checkin(session, member=member, now=now, library=library) is not None:
            created += 1
        reschedule(member, now=now)
    return len(members), created


def create_checkin(
    session: Session,
    *,
    member: Member,
    now: dt.datetime,
    library: list[Move],
    ask_to_pause: bool = True,
) -> CheckIn | None:
    """This week's check-in for the member, or None when the week already has one."""
    week = week_key(now, zone(member))
    exists = session.scalar(
        select(CheckIn.id).where(CheckIn.member_id == member.id, CheckIn.week == week)
    )
    if exists is not None:
        return None
    past = _recent_checkins(session, member_id=member.id)
    if ask_to_pause and _unanswered_streak(past) >= UNANSWERED_BEFORE_ASKING:
        # Stop and ask instead of sending a fourth check-in nobody reads.
        member.paused = True
        member.next_checkin_at = None
        row = _new_row(member, week=week, kind=PAUSE_PROMPT, move_id="", now=now)
    else:
        choice = choose(session, member=member, past=past, now=now, library=library)
        row = _new_row(member, week=week, kind=CHECKIN, move_id=choice.move.id, now=now)
        row.core_work_first = choice.core_work_first
    saved = add_unless_exists(session, row)
    if saved is None:
        return None  # another process created this week's row first
    # A new week replaces the old one: no reminder is owed for it any more, and one that never
    # got out (Slack down all week) is retired, so the member gets this week's, not two.
    session.execute(
        update(CheckIn)
        .where(
            CheckIn.member_id == member.id, CheckIn.id != saved.id, CheckIn.remind_at.is_not(None)
        )
        .values(remind_at=None)
        .execution_options(synchronize_session=False)
    )
    _retire_pending(session, member_id=member.id, which=CheckIn.week != week)
    return saved


def _new_row(member: Member, *, week: str, kind: str, move_id: str, now: dt.datetime) -> CheckIn:
    return CheckIn(
        member_id=member.id,
        week=week,
        kind=kind,
        move_id=move_id,
        shown_moves=move_id,
        core_work_first=False,
        state=PENDING,
        due_at=now,
        attempts=0,
        created_at=now,
    )


def _recent_checkins(session: Session, *, member_id: int) -> list[CheckIn]:
    return list(
        session.scalars(
            select(CheckIn)
            .where(CheckIn.member_id == member_id)
            .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
            .limit(HISTORY_WEEKS)
        )
    )


def _unanswered_streak(past: list[CheckIn]) -> int:
    streak = 0
    for checkin in past:
        if checkin.kind != CHECKIN or checkin.answered_at is not None or checkin.state != SENT:
            break
        streak += 1
    return streak


def choose(
    session: Session,
    *,
    member: Member,
    past: list[CheckIn],
    now: dt.datetime,
    library: list[Move],
    exclude: frozenset[str] = frozenset(),
) -> Choice:
    """Gather the member's state from the database and ask the pure chooser."""
    member_zone = zone(member)
    history = [
        Proposal(move_id, c.created_at.astimezone(member_zone).date())
        for c in past
        for move_id in c.shown_moves.split(",")
        if move_id
    ]
    by_id = {m.id: m for m in library}
    since_reflection = 0
    for checkin in past:
        move = by_id.get(checkin.move_id)
        if move is not None and move.kind is MoveKind.REFLECTION:
            break
        since_reflection += checkin.kind == CHECKIN
    previous = next((c for c in past if c.kind == CHECKIN), None)
    state = MemberState(
        seed=f"{member.team_id}:{member.user_id}",
        has_manager=member.manager_user_id is not None,
        core_work_behind=previous is not None and previous.pulse == "behind",
        checkins_since_reflection=since_reflection,
        open_item_evidence=_open_item_evidence(session, member_id=member.id, zone_=member_zone),
    )
    return choose_move(
        library,
        state=state,
        history=history,
        today=now.astimezone(member_zone).date(),
        exclude=exclude,
    )


def _open_item_evidence(
    session: Session, *, member_id: int, zone_: dt.tzinfo
) -> dict[SkillArea, dt.date | None]:
    rows = session.execute(
        select(CampaignItem.area, func.max(EvidenceNote.created_at))
        .outerjoin(EvidenceNote, EvidenceNote.item_id == CampaignItem.id)
        .where(
            CampaignItem.member_id == member_id,
            CampaignItem.status == "open",
            CampaignItem.area.is_not(None),
        )
        .group_by(CampaignItem.area)
    ).all()
    evidence: dict[SkillArea, dt.date | None] = {}
    for area, newest in rows:
        if area in SkillArea.__members__.values():
            when = newest
            if isinstance(when, dt.datetime):
                when = (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(zone_)
                evidence[SkillArea(area)] = when.date()
            else:
                evidence[SkillArea(area)] = None
    return evidence


# --- the delivery queue ----------------------------------------------------------------------


def claim_pending(
    session: Session,
    *,
    now: dt.datetime,
    limit: int = 100,
    checkin_id: int | None = None,
    at: dt.datetime | None = None,
) -> list[Claimed]:
    """Claim up to `limit` pending rows due at `now` and not claimed by a live sender.

    `at` is the time of claiming (default `now`): the claim holds until `at + CLAIM_FOR`.
    `checkin_id` claims just that row (a member asking for their check-in now).
    """
    claims = queue.claim_due(
        session,
        CheckIn,
        now=now,
        at=at or now,
        limit=limit,
        where=(_deliverable(), *((CheckIn.id == checkin_id,) if checkin_id is not None else ())),
    )
    if not claims:
        return []
    by_id = {claim.id: claim for claim in claims}
    rows = session.execute(
        select(CheckIn.id, Member.user_id, Member.team_id)
        .join(Member, Member.id == CheckIn.member_id)
        .where(CheckIn.id.in_(by_id))
    ).all()
    return [Claimed(checkin_id=r[0], user_id=r[1], team_id=r[2], claim=by_id[r[0]]) for r in rows]


def _deliverable() -> ColumnElement[bool]:
    """The member still wants check-ins: not paused (except the prompt asking whether to pause)
    and not unreachable. A snoozed or retrying row of a member who paused stays pending."""
    return exists().where(
        Member.id == CheckIn.member_id,
        Member.unreachable.is_(None),
        or_(Member.paused.is_(False), CheckIn.kind == PAUSE_PROMPT),
    )


def _retire_pending(session: Session, *, member_id: int, which: ColumnElement[bool]) -> bool:
    """Retire the member's unsent rows that `which` picks: they will never go out."""
    result = session.execute(
        update(CheckIn)
        .where(CheckIn.member_id == member_id, CheckIn.state == PENDING, which)
        .values(state=EXPIRED, claimed_until=None, remind_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def retire_past_weeks(session: Session, *, member: Member, now: dt.datetime) -> None:
    """Retire pending check-ins from before this week (e.g. on resume after a long pause);
    this week's, if still pending, goes out as due."""
    this_week = week_key(now, zone(member))
    _retire_pending(session, member_id=member.id, which=CheckIn.week != this_week)


def mark_sent(
    session: Session, *, claim: queue.Claim, channel: str, ts: str, now: dt.datetime
) -> bool:
    """Record the delivered message, if the claim is still ours; the first send owes a reminder."""
    first_checkin_send = and_(CheckIn.kind == CHECKIN, CheckIn.sent_at.is_(None))
    return queue.settle(
        session,
        CheckIn,
        claim=claim,
        values={
            "state": SENT,
            "channel": channel,
            "ts": ts,
            "sent_at": now,
            "last_error": None,
            "remind_at": case((first_checkin_send, now + REMIND_AFTER), else_=CheckIn.remind_at),
        },
    )


def mark_failed(session: Session, *, claim: queue.Claim, error: str, now: dt.datetime) -> bool:
    """Retry later: 1, 2, 4, 8 minutes, then every 15 minutes; never dropped."""
    return queue.fail(session, CheckIn, claim=claim, error=error, now=now)


def release(session: Session, *, claim: queue.Claim) -> bool:
    """Give the row back unsent and without counting an attempt (the bot, not the member, is
    the problem); it goes out on a later tick."""
    return queue.release(session, CheckIn, claim=claim)


def mark_undeliverable(session: Session, *, claim: queue.Claim, reason: str) -> bool:
    """The member can't get DMs (deactivated, blocked the bot): stop, and don't retry."""
    if not queue.settle(
        session, CheckIn, claim=claim, values={"state": UNDELIVERABLE, "last_error": reason[:200]}
    ):
        return False
    checkin = session.get(CheckIn, claim.id)
    if checkin is not None:
        checkin.member.unreachable = reason[:40]
        checkin.member.next_checkin_at = None  # out of the due range until they resume
    return True


def claim_reminders(session: Session, *, now: dt.datetime, limit: int = 100) -> list[Outbound]:
    """Unanswered check-ins two days old get one reminder; taking it is a single UPDATE."""
    # remind_at is set only while a reminder is still owed (sent, unanswered, not reminded), so
    # this reads just the few rows in that index range, however many check-ins exist.
    newer = aliased(CheckIn)
    eligible = (
        CheckIn.remind_at <= now,
        # Never nag about a week that a newer check-in has replaced.
        ~exists().where(newer.member_id == CheckIn.member_id, newer.id > CheckIn.id),
    )
    taken = queue.take_batch(
        session,
        CheckIn,
        where=eligible,
        limit=limit,
        values={"reminded_at": now, "remind_at": None},
    )
    if not taken:
        return []
    rows = session.execute(
        select(CheckIn.id, Member.user_id, Member.team_id)
        .join(Member, Member.id == CheckIn.member_id)
        .where(CheckIn.id.in_(taken), Member.paused.is_(False))
    ).all()
    return [Outbound(checkin_id=r[0], user_id=r[1], team_id=r[2]) for r in rows]


def retry_reminder(
    session: Session,
    *,
    checkin_id: int,
    now: dt.datetime,
    after: dt.timedelta | None = MAX_BACKOFF,
) -> None:
    """The reminder is owed again, `after` from now; None: as soon as a tick can send it."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is not None:
        checkin.reminded_at = None
        checkin.remind_at = now + (after or dt.timedelta(0))


# --- the member's answers --------------------------------------------------------------------


def current_checkin(session: Session, *, member: Member) -> CheckIn | None:
    return session.scalar(
        select(CheckIn)
        .where(CheckIn.member_id == member.id)
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
        .limit(1)
    )


def checkin_for_answer(session: Session, *, team_id: str, user_id: str, checkin_id: int) -> CheckIn:
    """The check-in a button names, if it is the member's own and still this week's."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    checkin = session.get(CheckIn, checkin_id) if 0 < checkin_id <= 2**31 - 1 else None
    if member is None or checkin is None or checkin.member_id != member.id:
        raise NotFound("That check-in isn't yours.")
    latest = current_checkin(session, member=member)
    if latest is None or latest.id != checkin.id:
        raise UserError(
            "That check-in is from an earlier week, so I left it as it was. "
            "This week's is the newest message here."
        )
    return checkin


def _answer(checkin: CheckIn, now: dt.datetime) -> None:
    checkin.remind_at = None  # answered: no reminder owed
    if checkin.answered_at is None:
        checkin.answered_at = now


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

    Once per check-in, even when two of its Did it modals are saved at the same moment.
    """
    outcome = outcome.strip()
    if not outcome:
        raise UserError("Say what happened, in a sentence or two.")
    if len(outcome) > WIN_MAX:
        raise UserError(f"Keep it under {WIN_MAX} characters ({len(outcome):,} now).")
    already = UserError("You already logged this week's move. Nice work!")
    if checkin.state == DONE:
        raise already
    item = None
    if item_id is not None:
        item = session.get(CampaignItem, item_id)
        if item is None or item.member_id != checkin.member_id:
            raise NotFound("That item isn't on your list.")
    evidence = evidence.strip()
    if evidence and item is None:
        raise UserError("Pick the list item this evidence is for.")
    if len(evidence) > 2000:
        raise UserError(f"Keep the evidence under 2,000 characters ({len(evidence):,} now).")
    # Conditional, so of two racing answers only the first flips it: the UPDATE waits for the
    # other's row lock and then no longer matches.
    answered = session.execute(
        update(CheckIn)
        .where(CheckIn.id == checkin.id, CheckIn.state != DONE)
        .values(
            state=DONE,
            outcome=outcome,
            item_id=item.id if item else None,
            remind_at=None,  # answered: no reminder owed
            answered_at=checkin.answered_at or now,
        )
        .execution_options(synchronize_session="evaluate")
    )
    if answered.rowcount != 1:
        raise already
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


def swap(session: Session, *, checkin: CheckIn, now: dt.datetime, library: list[Move]) -> Move:
    """Another move for this week; moves already shown are not offered again."""
    if checkin.state != SENT or checkin.kind != CHECKIN:
        raise UserError("This week's check-in is already answered.")
    shown = frozenset(filter(None, checkin.shown_moves.split(",")))
    past = _recent_checkins(session, member_id=checkin.member_id)
    choice = choose(
        session, member=checkin.member, past=past, now=now, library=library, exclude=shown
    )
    if choice.move.id == checkin.move_id:  # every move was shown: anything but this one
        choice = choose(
            session,
            member=checkin.member,
            past=past,
            now=now,
            library=library,
            exclude=frozenset({checkin.move_id}),
        )
    checkin.move_id = choice.move.id
    checkin.shown_moves = ",".join([*shown, choice.move.id]) if shown else choice.move.id
    _answer(checkin, now)
    return choice.move


def snooze(session: Session, *, checkin: CheckIn, now: dt.datetime) -> dt.datetime:
    """Send it again at the same local time tomorrow."""
    if checkin.state != SENT or checkin.kind != CHECKIN:
        raise UserError("This week's check-in is already answered.")
    member_zone = zone(checkin.member)
    local = now.astimezone(member_zone)
    at = checkin.member.checkin_time
    again = local_instant(local.date() + dt.timedelta(days=1), at, member_zone)
    if again <= now:
        again = local_instant(local.date() + dt.timedelta(days=2), at, member_zone)
    upcoming = checkin.member.next_checkin_at
    if upcoming is not None and again >= upcoming:
        raise UserError(
            "Your next check-in comes before then, so there's nothing to snooze to. "
            "Skip this one, or do it when you can and press Did it."
        )
    checkin.state = PENDING
    checkin.due_at = again
    checkin.remind_at = None
    _answer(checkin, now)
    return again


def skip(session: Session, *, checkin: CheckIn, now: dt.datetime) -> None:
    if checkin.state not in (SENT, PENDING) or checkin.kind != CHECKIN:
        raise UserError("This week's check-in is already answered.")
    checkin.state = SKIPPED
    _answer(checkin, now)


def record_pulse(session: Session, *, checkin: CheckIn, pulse: str, now: dt.datetime) -> None:
    if pulse not in PULSES:
        raise UserError("Pick on track, stretched or behind.")
    checkin.pulse = pulse
    _answer(checkin, now)


def answer_pause_prompt(
    session: Session, *, checkin: CheckIn, keep_going: bool, now: dt.datetime
) -> None:
    member = checkin.member
    checkin.state = DONE
    _answer(checkin, now)
    member.paused = not keep_going
    if keep_going:
        reschedule(member, now=now)
    else:
        member.next_checkin_at = None


# --- commands --------------------------------------------------------------------------------


def _retire_pause_prompt(session: Session, *, member_id: int) -> bool:
    """Drop an unsent "shall I pause?" question: the member answered it with a command."""
    return _retire_pending(session, member_id=member_id, which=CheckIn.kind == PAUSE_PROMPT)


def pause(session: Session, *, member: Member) -> None:
    # Silent weeks pause check-ins and queue a question; pausing now answers it, so it is
    # never sent.
    asked = _retire_pause_prompt(session, member_id=member.id)
    if member.paused and not asked:
        raise UserError("Check-ins are already paused. `/mgr-goal resume` starts them again.")
    member.paused = True
    member.next_checkin_at = None  # out of the due range: idle ticks never step over it


def resume(session: Session, *, member: Member, now: dt.datetime) -> None:
    if not member.paused and member.unreachable is None:
        raise UserError("Check-ins are already on.")
    _retire_pause_prompt(session, member_id=member.id)
    member.paused = False
    member.unreachable = None
    reschedule(member, now=now)
    retire_past_weeks(session, member=member, now=now)


def set_schedule(
    session: Session, *, member: Member, weekday: int, at: dt.time, now: dt.datetime
) -> None:
    member.checkin_weekday = weekday
    member.checkin_time = at
    member.updated_at = now
    reschedule(member, now=now)


def checkin_now(
    session: Session, *, member: Member, now: dt.datetime, library: list[Move]
) -> CheckIn:
    """This week's check-in, right away; still one per week."""
    if member.paused:
        raise UserError("Check-ins are paused. `/mgr-goal resume` starts them again.")
    member.unreachable = None
    row = create_checkin(session, member=member, now=now, library=library, ask_to_pause=False)
    if row is not None:
        return row
    current = current_checkin(session, member=member)
    if (
        current is not None
        and current.kind == CHECKIN
        and current.state == PENDING
        and current.week == week_key(now, zone(member))
    ):
        # This week's is waiting (a retry after a failed send, or snoozed): send it now.
        current.due_at = now
        return current
    raise UserError("You've already had this week's check-in. The next one comes on schedule.")


def load_checkin(session: Session, *, checkin_id: int) -> CheckIn | None:
    return session.scalar(
        select(CheckIn).where(CheckIn.id == checkin_id).options(selectinload(CheckIn.member))
    )
