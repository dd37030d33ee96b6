"""Creating check-in rows: each member's next slot, this week's row, and the move it proposes.

The database owns due work. A tick first turns due members into check-in rows (unique per
member and local week); the delivery queue (`outbox`) then claims and sends them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db import add_unless_exists
from bot.domain.areas import SkillArea
from bot.domain.case import Confidence, is_ready
from bot.domain.checkins import CheckinKind, CheckinState, Pulse, should_ask_to_pause
from bot.domain.items import ItemStatus
from bot.domain.moves import (
    STALE_AFTER,
    Choice,
    MemberState,
    Move,
    MoveKind,
    Proposal,
    choose_move,
)
from bot.domain.schedule import week_key
from bot.models import CampaignItem, CheckIn, ConfidenceAnswer, EvidenceNote, Member
from bot.services.checkins import catch_up, outbox
from bot.services.errors import UserError
from bot.services.members import enrolment, reschedule, zone

HISTORY_WEEKS = 14
# Members turned into check-in rows per transaction. On SQLite each batch holds the one write
# lock while moves are chosen; small batches keep a form submitted meanwhile well inside Slack's
# 3-second ack (bench/write_lock.py measures it).
CREATE_BATCH = 50


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
    session: Session,
    *,
    now: dt.datetime,
    library: list[Move],
    limit: int = CREATE_BATCH,
    stale_after: dt.timedelta = STALE_AFTER,
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
        row = create_checkin(
            session, member=member, now=now, library=library, stale_after=stale_after
        )
        if row is not None:
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
    stale_after: dt.timedelta = STALE_AFTER,
) -> CheckIn | None:
    """This week's check-in for the member, or None when the week already has one."""
    week = week_key(now, zone(member))
    exists = session.scalar(
        select(CheckIn.id).where(CheckIn.member_id == member.id, CheckIn.week == week)
    )
    if exists is not None:
        return None
    past = recent_checkins(session, member_id=member.id)
    if ask_to_pause and should_ask_to_pause(past):
        member.paused = True
        member.next_checkin_at = None
        row = _new_row(member, week=week, kind=CheckinKind.PAUSE_PROMPT, move_id="", now=now)
    else:
        looks_back = _low_last_time(session, past=past)
        choice = choose(
            session,
            member=member,
            past=past,
            now=now,
            library=library,
            stale_after=stale_after,
            looks_back=looks_back,
        )
        row = _new_row(member, week=week, kind=CheckinKind.CHECKIN, move_id=choice.move.id, now=now)
        row.core_work_first = choice.core_work_first
        row.asks_confidence = _first_of_month(member, past=past, now=now)
        row.looks_back = looks_back
        row.stakeholder_user_id = choice.move.about.user_id if choice.move.about else None
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
    outbox.retire_pending(session, member_id=member.id, which=CheckIn.week != week)
    return saved


def _first_of_month(member: Member, *, past: list[CheckIn], now: dt.datetime) -> bool:
    """The member's first check-in of their local month (a pause question doesn't count), so
    the confidence question comes once a month."""
    member_zone = zone(member)
    month = now.astimezone(member_zone).strftime("%Y-%m")
    return not any(
        c.kind == CheckinKind.CHECKIN
        and c.created_at.astimezone(member_zone).strftime("%Y-%m") == month
        for c in past
    )


def _low_last_time(session: Session, *, past: list[CheckIn]) -> bool:
    """The previous check-in's confidence answer was "low": this one looks back."""
    previous = next((c for c in past if c.kind == CheckinKind.CHECKIN), None)
    if previous is None or not previous.asks_confidence:
        return False
    level = session.scalar(
        select(ConfidenceAnswer.level).where(ConfidenceAnswer.checkin_id == previous.id)
    )
    return level == Confidence.LOW


def _new_row(member: Member, *, week: str, kind: str, move_id: str, now: dt.datetime) -> CheckIn:
    return CheckIn(
        member_id=member.id,
        week=week,
        kind=kind,
        move_id=move_id,
        shown_moves=move_id,
        core_work_first=False,
        state=CheckinState.PENDING,
        due_at=now,
        attempts=0,
        created_at=now,
    )


def recent_checkins(session: Session, *, member_id: int) -> list[CheckIn]:
    return list(
        session.scalars(
            select(CheckIn)
            .where(CheckIn.member_id == member_id)
            .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
            .limit(HISTORY_WEEKS)
        )
    )


def choose(
    session: Session,
    *,
    member: Member,
    past: list[CheckIn],
    now: dt.datetime,
    library: list[Move],
    exclude: frozenset[str] = frozenset(),
    stale_after: dt.timedelta = STALE_AFTER,
    looks_back: bool = False,
) -> Choice:
    """Gather the member's state from the database and ask the pure chooser.

    A swap (`exclude`) is never offered a special move, so it skips the stakeholder,
    monthly-update and readiness reads. `looks_back`: the week after a "low" confidence answer
    (decided when the row was made), whose move is small."""
    member_zone = zone(member)
    today = now.astimezone(member_zone).date()
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
        since_reflection += checkin.kind == CheckinKind.CHECKIN
    previous = next((c for c in past if c.kind == CheckinKind.CHECKIN), None)
    state = MemberState(
        seed=f"{member.team_id}:{member.user_id}",
        has_manager=member.manager_user_id is not None,
        core_work_behind=previous is not None and previous.pulse == Pulse.BEHIND,
        checkins_since_reflection=since_reflection,
        open_item_evidence=_open_item_evidence(session, member_id=member.id, zone_=member_zone),
        update_sent_this_month=not exclude
        and catch_up.update_sent_this_month(session, member=member, now=now),
        stale_stakeholder=None
        if exclude
        else catch_up.stale_stakeholder(session, member=member, now=now, stale_after=stale_after),
        ready=not exclude and _ready(session, member=member, today=today),
        looks_back=looks_back,
    )
    return choose_move(library, state=state, history=history, today=today, exclude=exclude)


def _ready(session: Session, *, member: Member, today: dt.date) -> bool:
    total, done = session.execute(
        select(
            func.count(CampaignItem.id),
            func.count(CampaignItem.id).filter(CampaignItem.status == ItemStatus.DONE),
        ).where(CampaignItem.member_id == member.id)
    ).one()
    return is_ready(done=done, total=total, target_date=member.target_date, today=today)


def _open_item_evidence(
    session: Session, *, member_id: int, zone_: dt.tzinfo
) -> dict[SkillArea, dt.date | None]:
    rows = session.execute(
        select(CampaignItem.area, func.max(EvidenceNote.created_at))
        .outerjoin(EvidenceNote, EvidenceNote.item_id == CampaignItem.id)
        .where(
            CampaignItem.member_id == member_id,
            CampaignItem.status == ItemStatus.OPEN,
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


def current_checkin(session: Session, *, member: Member) -> CheckIn | None:
    """The member's newest check-in row: the only one its buttons may still change."""
    return session.scalar(
        select(CheckIn)
        .where(CheckIn.member_id == member.id)
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
        .limit(1)
    )


def checkin_now(
    session: Session,
    *,
    member: Member,
    now: dt.datetime,
    library: list[Move],
    stale_after: dt.timedelta = STALE_AFTER,
) -> CheckIn:
    """This week's check-in, right away; still one per week."""
    if member.paused:
        raise UserError("Check-ins are paused. `/mgr-goal resume` starts them again.")
    member.unreachable = None
    row = create_checkin(
        session,
        member=member,
        now=now,
        library=library,
        ask_to_pause=False,
        stale_after=stale_after,
    )
    if row is not None:
        return row
    current = current_checkin(session, member=member)
    if (
        current is not None
        and current.kind == CheckinKind.CHECKIN
        and current.state == CheckinState.PENDING
        and current.week == week_key(now, zone(member))
    ):
        # This week's is waiting (a retry after a failed send, or snoozed): send it now.
        current.due_at = now
        return current
    raise UserError("You've already had this week's check-in. The next one comes on schedule.")


@dataclass(frozen=True)
class CheckinNow:
    """This week's check-in row, due now; the caller sends it after the reply."""

    checkin_id: int
    enrolled: bool


def checkin_now_for(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    now: dt.datetime,
    library: list[Move],
    stale_after: dt.timedelta = STALE_AFTER,
) -> CheckinNow:
    """`/mgr-goal checkin`: this week's row for the caller, enrolling them if they are new."""
    enrolled = enrolment(session, team_id=team_id, user_id=user_id, now=now)
    row = checkin_now(
        session, member=enrolled.member, now=now, library=library, stale_after=stale_after
    )
    return CheckinNow(row.id, enrolled.enrolled)
