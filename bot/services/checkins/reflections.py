"""The quarterly reflection, kept: still want this? what energised, what drained? Stored
privately (only the member's Home lists them); the reflection move is done by it, with no win
logged (a reflection is not an achievement)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import checkins as transitions
from bot.domain.case import StillWant, offers_pause
from bot.domain.moves import Move, MoveKind
from bot.models import REFLECTION_TEXT_MAX, CheckIn, Reflection
from bot.services.checkins import answers
from bot.services.errors import FieldErrors, UserError

HOME_REFLECTIONS = 3
STILL_WANT_WORDS = {StillWant.YES: "Yes", StillWant.NOT_SURE: "Not sure", StillWant.NO: "No"}


@dataclass(frozen=True)
class ReflectionForm:
    """The reflection modal's answer."""

    checkin_id: int
    still_want: str | None
    energised: str = ""
    drained: str = ""


@dataclass(frozen=True)
class Reflected:
    """A stored reflection: its check-in (to re-render), and whether to offer a pause."""

    checkin_id: int
    offer_pause: bool


def reflection_checkin(
    session: Session, *, team_id: str, user_id: str, checkin_id: int, library: list[Move]
) -> CheckIn:
    """The member's own current check-in, if it is the reflection and still open."""
    checkin = answers.checkin_for_answer(
        session, team_id=team_id, user_id=user_id, checkin_id=checkin_id
    )
    with answers.refusals():
        transitions.may_do(checkin)
    move = next((m for m in library if m.id == checkin.move_id), None)
    if move is None or move.kind is not MoveKind.REFLECTION:
        raise UserError("This week's move isn't the reflection.")
    return checkin


def reflect_for(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    form: ReflectionForm,
    library: list[Move],
    now: dt.datetime,
) -> Reflected:
    """Store the reflection and mark the check-in done (once; no win). Raises FieldErrors about
    "still_want", "energised" or "drained"."""
    checkin = reflection_checkin(
        session, team_id=team_id, user_id=user_id, checkin_id=form.checkin_id, library=library
    )
    if form.still_want is None or form.still_want not in StillWant.__members__.values():
        raise FieldErrors({"still_want": "Pick one: yes, not sure or no."})
    texts = {"energised": form.energised.strip(), "drained": form.drained.strip()}
    for field, text in texts.items():
        if len(text) > REFLECTION_TEXT_MAX:
            raise FieldErrors(
                {field: f"Keep it under {REFLECTION_TEXT_MAX:,} characters ({len(text):,} now)."}
            )
    answers.done_without_win(session, checkin=checkin, outcome="Reflected.", now=now)
    session.add(
        Reflection(
            member_id=checkin.member_id,
            checkin_id=checkin.id,
            still_want=StillWant(form.still_want),
            energised=texts["energised"] or None,
            drained=texts["drained"] or None,
            created_at=now,
        )
    )
    session.flush()
    newest = recent_reflections(session, member_id=checkin.member_id, limit=4)
    return Reflected(checkin.id, offer_pause=offers_pause([r.still_want for r in newest]))


def recent_reflections(
    session: Session, *, member_id: int, limit: int = HOME_REFLECTIONS
) -> list[Reflection]:
    """The member's newest reflections, newest first (their Home lists them)."""
    return list(
        session.scalars(
            select(Reflection)
            .where(Reflection.member_id == member_id)
            .order_by(Reflection.created_at.desc(), Reflection.id.desc())
            .limit(limit)
        )
    )
