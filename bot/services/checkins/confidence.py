"""The monthly confidence question and the look back after a "low" (seed 000: imposter
syndrome). The answers are the member's own: only their check-in DM and their Home show them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import add_unless_exists
from bot.domain.case import LOOK_BACK, Confidence, Recalled, look_back
from bot.models import CampaignItem, CheckIn, ConfidenceAnswer, EvidenceNote, Win
from bot.services.checkins.answers import checkin_for_answer
from bot.services.errors import UserError
from bot.services.members import zone

NOT_ASKED = "This check-in doesn't ask that; the question comes once a month."


def record_confidence(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    checkin_id: int,
    level: Confidence,
    now: dt.datetime,
) -> Confidence:
    """The member's answer on their own current check-in. Answering again replaces it (a
    second thought is still theirs); one row per check-in, even when two presses race."""
    checkin = checkin_for_answer(session, team_id=team_id, user_id=user_id, checkin_id=checkin_id)
    if not checkin.asks_confidence:
        raise UserError(NOT_ASKED)
    existing = answer_row(session, checkin_id=checkin.id)
    if existing is None:
        row = ConfidenceAnswer(
            member_id=checkin.member_id, checkin_id=checkin.id, level=level, answered_at=now
        )
        if add_unless_exists(session, row) is not None:
            return level
        existing = answer_row(session, checkin_id=checkin.id)
        assert existing is not None  # the racing press stored it
    existing.level = level
    existing.answered_at = now
    return level


def answer_row(session: Session, *, checkin_id: int) -> ConfidenceAnswer | None:
    return session.scalar(select(ConfidenceAnswer).where(ConfidenceAnswer.checkin_id == checkin_id))


def answer_for(session: Session, *, checkin: CheckIn) -> Confidence | None:
    """What the member answered on this check-in, if it asked."""
    if not checkin.asks_confidence:
        return None
    row = answer_row(session, checkin_id=checkin.id)
    return (
        Confidence(row.level)
        if row is not None and row.level in Confidence.__members__.values()
        else None
    )


def latest(session: Session, *, member_id: int) -> ConfidenceAnswer | None:
    """The member's newest answer (their Home shows it to them)."""
    return session.scalar(
        select(ConfidenceAnswer)
        .where(ConfidenceAnswer.member_id == member_id)
        .order_by(ConfidenceAnswer.answered_at.desc(), ConfidenceAnswer.id.desc())
        .limit(1)
    )


def recalled_for(session: Session, *, checkin: CheckIn) -> list[Recalled]:
    """A look-back check-in's three newest wins or evidence notes of the member's own, from
    before the row was made (so every re-render shows the same three)."""
    if not checkin.looks_back:
        return []
    member_zone = zone(checkin.member)
    wins = session.execute(
        select(Win.happened_on, Win.text)
        .where(Win.member_id == checkin.member_id, Win.created_at <= checkin.created_at)
        .order_by(Win.happened_on.desc(), Win.id.desc())
        .limit(LOOK_BACK)
    ).all()
    notes = session.execute(
        select(EvidenceNote.created_at, EvidenceNote.text)
        .join(CampaignItem, CampaignItem.id == EvidenceNote.item_id)
        .where(
            CampaignItem.member_id == checkin.member_id,
            EvidenceNote.created_at <= checkin.created_at,
        )
        .order_by(EvidenceNote.created_at.desc(), EvidenceNote.id.desc())
        .limit(LOOK_BACK)
    ).all()
    return look_back(
        [Recalled(on, text) for on, text in wins]
        + [Recalled(at.astimezone(member_zone).date(), text) for at, text in notes]
    )
