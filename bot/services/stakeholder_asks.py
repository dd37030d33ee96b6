"""Asking a stakeholder what they would need to see: the rules and the rows.

Guard rails as for blurb requests: not yourself, not bots or deactivated people, one open ask
per pair (the partial unique index settles a race), fourteen days to answer, and no asking the
same person again for 30 days after they said "Not now". Each answer becomes an item on the
member's list, asked by the stakeholder. The use cases that talk to Slack are in
`stakeholder_ask_dms`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import insert_unless_exists
from bot.domain import stakeholder_asks as transitions
from bot.domain.areas import SkillArea
from bot.domain.dates import day_label
from bot.domain.slack_text import is_user_id
from bot.domain.stakeholder_asks import AskState
from bot.models import TEXT_MAX, CampaignItem, Stakeholder, StakeholderAsk
from bot.services import campaign, not_now, queue, stakeholders
from bot.services.blurbs import Colleague
from bot.services.campaign import ItemFields, is_valid_id
from bot.services.errors import AboutPerson, FieldErrors, NotFound, UserError
from bot.services.members import find_member

OPEN = AskState.OPEN
DECLINED = AskState.DECLINED

EXPIRES_AFTER = dt.timedelta(days=14)
NOT_NOW_COOLDOWN_DAYS = 30
# The answer form's text fields: the first is required.
ANSWERS = 3

YOURSELF = "That's you: ask someone else in management what they'd need to see."
PICK_SOMEONE = "Name the person to ask, picked from the @-autocomplete."
UNKNOWN = "I can't find that person in Slack (or their account is deactivated)."
A_BOT = "That's a bot; ask a person in management."
NOT_YOURS = "That ask wasn't sent to you."
ALREADY_ANSWERED = "This ask was already answered."
_CLOSED_BECAUSE = {
    AskState.ANSWERED: "You've already answered this. Thank you!",
    AskState.DECLINED: "You said not now to this, so it's closed.",
}
EXPIRED_TEXT = "This ask expired (asks last 14 days), so it's closed."


def _already_open(user_id: str) -> AboutPerson:
    return AboutPerson(
        "You've already asked {who}. I'll tell you when they answer; an ask expires after 14 days.",
        user_id=user_id,
    )


class AskedTooSoon(AboutPerson):
    """The stakeholder said "Not now" to this member less than NOT_NOW_COOLDOWN_DAYS ago."""

    def __init__(self, *, user_id: str, declined_on: dt.date, ask_again_on: dt.date) -> None:
        super().__init__(
            "{who} said not now on "
            f"{day_label(declined_on)}. You can ask them again from {day_label(ask_again_on)}.",
            user_id=user_id,
        )
        self.declined_on = declined_on
        self.ask_again_on = ask_again_on


@dataclass(frozen=True)
class Created:
    """A stored ask, and whether asking put the person on the member's stakeholder list."""

    ask: StakeholderAsk
    added: bool
    enrolled: bool


@dataclass(frozen=True)
class Answered:
    """A closed ask and the items its answers became (the member loaded)."""

    ask: StakeholderAsk
    items: list[CampaignItem]


def check_ask(
    session: Session, *, team_id: str, user_id: str, stakeholder_user_id: str, now: dt.datetime
) -> None:
    """Refuse an ask the guard rails forbid, from the database alone (fast enough before the
    ack; Slack is asked about the person after it)."""
    if not is_user_id(stakeholder_user_id):
        raise UserError(PICK_SOMEONE)
    if stakeholder_user_id == user_id:
        raise UserError(YOURSELF)
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        return
    pair = session.scalar(
        select(StakeholderAsk.id).where(
            StakeholderAsk.member_id == member.id,
            StakeholderAsk.stakeholder_user_id == stakeholder_user_id,
            StakeholderAsk.state == OPEN,
        )
    )
    if pair is not None:
        raise _already_open(stakeholder_user_id)
    hold = not_now.held(
        session,
        answered_at=StakeholderAsk.answered_at,
        declined=(
            StakeholderAsk.member_id == member.id,
            StakeholderAsk.stakeholder_user_id == stakeholder_user_id,
            StakeholderAsk.state == DECLINED,
        ),
        member=member,
        days=NOT_NOW_COOLDOWN_DAYS,
        now=now,
    )
    if hold is not None:
        raise AskedTooSoon(user_id=stakeholder_user_id, declined_on=hold[0], ask_again_on=hold[1])


def listed_user(session: Session, *, team_id: str, user_id: str, stakeholder_id: int) -> str:
    """The person a Home button's stakeholder row names, if the row is the presser's own."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    row = session.get(Stakeholder, stakeholder_id) if is_valid_id(stakeholder_id) else None
    if member is None or row is None or row.member_id != member.id or row.team_id != team_id:
        raise UserError(stakeholders.NOT_YOURS)
    return row.user_id


def create_ask(
    session: Session, *, team_id: str, user_id: str, person: Colleague | None, now: dt.datetime
) -> Created:
    """Store the ask once Slack has described the person; someone not yet on the member's
    stakeholder list is added to it first (asking them is keeping them informed)."""
    if person is None or person.deleted:
        raise UserError(UNKNOWN)
    if person.is_bot:
        raise UserError(A_BOT)
    check_ask(
        session, team_id=team_id, user_id=user_id, stakeholder_user_id=person.user_id, now=now
    )
    member = find_member(session, team_id=team_id, user_id=user_id)
    added, enrolled = False, False
    row = member and stakeholders.listed(session, member=member, user_id=person.user_id)
    if member is None or row is None:
        result = stakeholders.add(
            session,
            team_id=team_id,
            user_id=user_id,
            stakeholder_user_id=person.user_id,
            note=None,
            now=now,
        )
        added, enrolled = True, result.enrolled
        member = result.stakeholder.member
    ask = insert_unless_exists(
        session,
        StakeholderAsk,
        {
            "team_id": team_id,
            "member_id": member.id,
            "stakeholder_user_id": person.user_id,
            "state": OPEN,
            "expires_at": now + EXPIRES_AFTER,
            "created_at": now,
        },
    )
    if ask is None:  # a second ask raced this one past the check
        raise _already_open(person.user_id)
    return Created(ask=ask, added=added, enrolled=enrolled)


def mark_delivered(session: Session, *, ask_id: int, channel: str, ts: str) -> None:
    ask = session.get(StakeholderAsk, ask_id)
    if ask is not None:
        ask.channel, ask.ts = channel, ts


def mark_unsent(session: Session, *, ask_id: int) -> None:
    """The DM failed: the ask never reached them, so it doesn't count (or block a retry)."""
    ask = session.get(StakeholderAsk, ask_id)
    # Only an open one: a DM that timed out may still have arrived and been answered.
    if ask is not None and ask.state == OPEN:
        ask.state = transitions.unsend(OPEN)


def ask_for_stakeholder(
    session: Session, *, team_id: str, user_id: str, ask_id: int, now: dt.datetime
) -> StakeholderAsk:
    """The ask a button or form names, if it was sent to this person and is still open."""
    ask = (
        session.scalar(
            select(StakeholderAsk)
            .where(StakeholderAsk.id == ask_id)
            .options(selectinload(StakeholderAsk.member))
        )
        if is_valid_id(ask_id)
        else None
    )
    if ask is None or ask.stakeholder_user_id != user_id or ask.team_id != team_id:
        raise NotFound(NOT_YOURS)
    state = AskState(ask.state)
    if state in _CLOSED_BECAUSE:
        raise UserError(_CLOSED_BECAUSE[state])
    # Past its expiry it is closed even before the tick marks it so.
    if state == AskState.EXPIRED or ask.expires_at <= now:
        raise UserError(EXPIRED_TEXT)
    if state != OPEN:
        raise UserError("This ask is closed.")
    return ask


def answer_field(n: int) -> str:
    """The service's name for the n-th answer (1-based), as FieldErrors key it."""
    return f"answer_{n}"


def _check_answers(answers: list[str]) -> list[str]:
    texts = [a.strip() for a in answers[:ANSWERS]]
    problems: dict[str, str] = {}
    if not texts or not texts[0]:
        problems[answer_field(1)] = "Say at least one thing you'd need to see."
    for n, text in enumerate(texts, start=1):
        if len(text) > TEXT_MAX:
            problems[answer_field(n)] = f"Keep each answer under {TEXT_MAX} characters."
    if problems:
        raise FieldErrors(problems)
    return [t for t in texts if t]


def answer(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    ask_id: int,
    answers: list[str],
    area: SkillArea | None,
    now: dt.datetime,
) -> Answered:
    """The stakeholder's answers, in one transaction: each becomes an item on the member's
    list asked by them, the ask closes, and it counts as contact if they are still listed."""
    ask = ask_for_stakeholder(session, team_id=team_id, user_id=user_id, ask_id=ask_id, now=now)
    texts = _check_answers(answers)
    _close(session, ask=ask, transition=transitions.answer, now=now)
    member = ask.member
    items = [
        campaign.add_item(
            session,
            team_id=member.team_id,
            user_id=member.user_id,
            fields=ItemFields(text=text, asked_by=user_id, area=area),
            now=now,
        )
        for text in texts
    ]
    stakeholders.log_contact(session, member=member, stakeholder_user_id=user_id, now=now)
    return Answered(ask=ask, items=items)


def decline(
    session: Session, *, team_id: str, user_id: str, ask_id: int, now: dt.datetime
) -> StakeholderAsk:
    """The stakeholder pressed "Not now"; the member waits 30 days before asking again."""
    ask = ask_for_stakeholder(session, team_id=team_id, user_id=user_id, ask_id=ask_id, now=now)
    _close(session, ask=ask, transition=transitions.decline, now=now)
    return ask


def _close(
    session: Session,
    *,
    ask: StakeholderAsk,
    transition: Callable[[AskState], AskState],
    now: dt.datetime,
) -> None:
    """Close a still-open ask in one conditional UPDATE, so two answers can't both win."""
    try:
        to = transition(AskState(ask.state))
    except transitions.NotOpen:
        raise UserError(ALREADY_ANSWERED) from None
    result = session.execute(
        update(StakeholderAsk)
        .where(StakeholderAsk.id == ask.id, StakeholderAsk.state == OPEN)
        .values(state=to, answered_at=now)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise UserError(ALREADY_ANSWERED)
    ask.state = to
    ask.answered_at = now


def expire_asks(session: Session, *, now: dt.datetime, limit: int = 200) -> list[StakeholderAsk]:
    """Close up to `limit` asks nobody answered within 14 days, taken in one UPDATE; returned
    (member loaded) so the stakeholder's DM can lose its buttons."""
    return queue.take_rows(
        session,
        StakeholderAsk,
        where=(StakeholderAsk.state == OPEN, StakeholderAsk.expires_at <= now),
        limit=limit,
        values={"state": transitions.expire(OPEN)},
        load=StakeholderAsk.member,
    )
