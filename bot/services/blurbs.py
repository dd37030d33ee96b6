"""Testimonial requests: a member asks a colleague they helped for a short blurb.

Guard rails keep it from becoming spam: no self-requests, no bots or deactivated people, one
open request per pair, five open requests per member, fourteen days to answer, no asking the
same person again for 30 days after they said "Not now", and anyone can say "don't ask me
again" for all requests from anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import insert_unless_exists
from bot.domain import blurbs as transitions
from bot.domain.blurbs import BlurbRequestState, BlurbSetting
from bot.domain.dates import day_label
from bot.domain.slack_text import is_user_id
from bot.models import BLURB_ABOUT_MAX, BLURB_MAX, BlurbOptOut, BlurbRequest, Member, Win
from bot.services import not_now, queue
from bot.services.campaign import is_valid_id
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.services.members import enroll, find_member, owned

OPEN = BlurbRequestState.OPEN
WRITTEN = BlurbRequestState.WRITTEN
DECLINED = BlurbRequestState.DECLINED
OPTED_OUT = BlurbRequestState.OPTED_OUT
EXPIRED = BlurbRequestState.EXPIRED

EXPIRES_AFTER = dt.timedelta(days=14)
MAX_OPEN = 5
# After "Not now" the same member may ask the same colleague again only this many calendar days
# later (counted in the member's time zone, so the day we name is the day it works).
NOT_NOW_COOLDOWN_DAYS = 30
ALREADY_OPEN = (
    "You already have an open request with them. I'll tell you when they answer; "
    "it expires after 14 days."
)


class AskedTooSoon(FieldErrors):
    """The colleague said "Not now" to this member less than NOT_NOW_COOLDOWN_DAYS ago.

    Carries the days so each surface can word it (a mention in a message, "They" next to the
    person picked in a modal); the plain message suits any surface.
    """

    def __init__(
        self, *, colleague_user_id: str, declined_on: dt.date, ask_again_on: dt.date
    ) -> None:
        self.colleague_user_id = colleague_user_id
        self.declined_on = declined_on
        self.ask_again_on = ask_again_on
        super().__init__(
            {
                "colleague": f"They said not now on {day_label(declined_on)}. You can ask them "
                f"again from {day_label(ask_again_on)}. Until then, ask someone else you helped."
            }
        )


@dataclass(frozen=True)
class Colleague:
    """What Slack's users.info says about the person asked (None: Slack doesn't know them)."""

    user_id: str
    is_bot: bool
    deleted: bool


def _open_filter(now: dt.datetime) -> tuple[ColumnElement[bool], ...]:
    return (BlurbRequest.state == OPEN, BlurbRequest.expires_at > now)


def opted_out(session: Session, *, team_id: str, user_id: str) -> bool:
    return (
        session.scalar(
            select(BlurbOptOut.id).where(
                BlurbOptOut.team_id == team_id, BlurbOptOut.user_id == user_id
            )
        )
        is not None
    )


def check_request(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    colleague_user_id: str,
    about: str,
    now: dt.datetime,
) -> str:
    """Refuse a request the guard rails forbid (before asking Slack about the colleague).

    Fast enough to run before the ack. Raises FieldErrors keyed "colleague" or "about", so the
    ask modal shows each next to its field; returns what they helped with, trimmed.
    """
    if not is_user_id(colleague_user_id):
        raise FieldErrors({"colleague": "Pick a person."})
    about = about.strip()
    if not about:
        raise FieldErrors(
            {"about": "Say what you helped them with, so they know what to write about."}
        )
    if len(about) > BLURB_ABOUT_MAX:
        raise FieldErrors(
            {
                "about": f"Keep what you helped with under {BLURB_ABOUT_MAX} characters "
                f"({len(about):,} now)."
            }
        )
    if colleague_user_id == user_id:
        raise FieldErrors(
            {"colleague": "You can't ask yourself for a blurb. Ask someone you helped."}
        )
    if opted_out(session, team_id=team_id, user_id=colleague_user_id):
        raise FieldErrors(
            {
                "colleague": "They've asked not to get blurb requests, so I won't send one. "
                "A thank-you in person is still a great idea."
            }
        )
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        return about
    pair = session.scalar(
        select(BlurbRequest.id).where(
            BlurbRequest.member_id == member.id,
            BlurbRequest.colleague_user_id == colleague_user_id,
            *_open_filter(now),
        )
    )
    if pair is not None:
        raise FieldErrors({"colleague": ALREADY_OPEN})
    _refuse_during_not_now(session, member=member, colleague_user_id=colleague_user_id, now=now)
    count = session.scalar(
        select(func.count(BlurbRequest.id)).where(
            BlurbRequest.member_id == member.id, *_open_filter(now)
        )
    )
    if (count or 0) >= MAX_OPEN:
        raise FieldErrors(
            {
                "colleague": f"You have {MAX_OPEN} open requests already. Wait for an answer (or "
                "for one to expire after 14 days) before asking someone else."
            }
        )
    return about


def _refuse_during_not_now(
    session: Session, *, member: Member, colleague_user_id: str, now: dt.datetime
) -> None:
    """Raise AskedTooSoon while the colleague's latest "Not now" to this member is recent."""
    hold = not_now.held(
        session,
        answered_at=BlurbRequest.answered_at,
        declined=(
            BlurbRequest.member_id == member.id,
            BlurbRequest.colleague_user_id == colleague_user_id,
            BlurbRequest.state == DECLINED,
        ),
        member=member,
        days=NOT_NOW_COOLDOWN_DAYS,
        now=now,
    )
    if hold is not None:
        raise AskedTooSoon(
            colleague_user_id=colleague_user_id, declined_on=hold[0], ask_again_on=hold[1]
        )


def create_request(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    colleague: Colleague | None,
    about: str,
    now: dt.datetime,
    win_id: int | None = None,
) -> BlurbRequest:
    """Store the request once Slack has told us who the colleague is."""
    if colleague is None or colleague.deleted:
        raise UserError("I can't find that person in Slack (or their account is deactivated).")
    if colleague.is_bot:
        raise UserError("That's a bot; ask a person you helped.")
    about = check_request(
        session,
        team_id=team_id,
        user_id=user_id,
        colleague_user_id=colleague.user_id,
        about=about,
        now=now,
    )
    member = enroll(session, team_id=team_id, user_id=user_id, now=now)
    if win_id is not None:
        # The id came back in a modal's metadata: link only a win of the member's own.
        win = session.get(Win, win_id) if is_valid_id(win_id) else None
        win_id = win.id if win is not None and win.member_id == member.id else None
    request = insert_unless_exists(
        session,
        BlurbRequest,
        {
            "member_id": member.id,
            "colleague_user_id": colleague.user_id,
            "about": about,
            "win_id": win_id,
            "state": OPEN,
            "expires_at": now + EXPIRES_AFTER,
            "may_share": True,
            "created_at": now,
        },
    )
    if request is None:  # a second ask raced this one past the check
        raise UserError(ALREADY_OPEN)
    return request


def mark_delivered(session: Session, *, request_id: int, channel: str, ts: str) -> None:
    request = session.get(BlurbRequest, request_id)
    if request is not None:
        request.channel, request.ts = channel, ts


def mark_unsent(session: Session, *, request_id: int) -> None:
    """The DM to the colleague failed: the request never reached them, so it doesn't count."""
    request = session.get(BlurbRequest, request_id)
    # Only an open one: a DM that timed out may still have arrived and been answered.
    if request is not None and request.state == OPEN:
        request.state = transitions.unsend(OPEN)


# Why a button on a closed request does nothing, by how it was closed.
_CLOSED_BECAUSE = {
    WRITTEN: "You've already written this blurb. Thank you!",
    DECLINED: "You said not now to this request, so it's closed.",
    OPTED_OUT: "You turned off blurb requests, so this one is closed.",
}
ALREADY_ANSWERED = "This request was already answered."
_EXPIRED_TEXT = "This request expired (requests last 14 days), so it's closed."


def request_for_colleague(
    session: Session, *, team_id: str, user_id: str, request_id: int, now: dt.datetime
) -> BlurbRequest:
    """The request a button names, if it was sent to this person and is still open."""
    request = (
        session.scalar(
            select(BlurbRequest)
            .where(BlurbRequest.id == request_id)
            .options(selectinload(BlurbRequest.member))
        )
        if is_valid_id(request_id)
        else None
    )
    if request is None or request.colleague_user_id != user_id or request.member.team_id != team_id:
        raise NotFound("That request wasn't sent to you.")
    state = BlurbRequestState(request.state)
    if state in _CLOSED_BECAUSE:
        raise UserError(_CLOSED_BECAUSE[state])
    # Past its expiry it is closed even before the tick marks it so.
    if state == EXPIRED or request.expires_at <= now:
        raise UserError(_EXPIRED_TEXT)
    if state != OPEN:
        raise UserError("This request is closed.")
    return request


def write_blurb(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    request_id: int,
    text: str,
    may_share: bool,
    now: dt.datetime,
) -> BlurbRequest:
    """The colleague's answer from the write modal; returns the request, its requester loaded."""
    request = request_for_colleague(
        session, team_id=team_id, user_id=user_id, request_id=request_id, now=now
    )
    text = text.strip()
    if not text:
        raise UserError("Write a sentence or two about what they did.")
    if len(text) > BLURB_MAX:
        raise UserError(f"Keep it under {BLURB_MAX:,} characters ({len(text):,} now).")
    _close(
        session,
        request=request,
        transition=transitions.write,
        values={"blurb": text, "may_share": may_share},
        now=now,
    )
    request.blurb, request.may_share = text, may_share
    return request


def decline(
    session: Session, *, team_id: str, user_id: str, request_id: int, now: dt.datetime
) -> BlurbRequest:
    """The colleague pressed "Not now"; returns the request, its requester loaded."""
    request = request_for_colleague(
        session, team_id=team_id, user_id=user_id, request_id=request_id, now=now
    )
    _close(session, request=request, transition=transitions.decline, values={}, now=now)
    return request


def _close(
    session: Session,
    *,
    request: BlurbRequest,
    transition: Callable[[BlurbRequestState], BlurbRequestState],
    values: dict[str, object],
    now: dt.datetime,
) -> None:
    """Answer a still-open request in one conditional UPDATE, so two answers can't both win."""
    try:
        to = transition(BlurbRequestState(request.state))
    except transitions.NotOpen:
        raise UserError(ALREADY_ANSWERED) from None
    result = session.execute(
        update(BlurbRequest)
        .where(BlurbRequest.id == request.id, BlurbRequest.state == OPEN)
        .values(**values, state=to, answered_at=now)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise UserError(ALREADY_ANSWERED)
    request.state = to
    request.answered_at = now


def opt_out(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> int:
    """No more requests to this person from anyone; their open ones are closed."""
    # A double click finds the row there already; that's fine.
    insert_unless_exists(
        session, BlurbOptOut, {"team_id": team_id, "user_id": user_id, "created_at": now}
    )
    members = select(Member.id).where(Member.team_id == team_id).scalar_subquery()
    result = session.execute(
        update(BlurbRequest)
        .where(
            BlurbRequest.colleague_user_id == user_id,
            BlurbRequest.member_id.in_(members),
            BlurbRequest.state == OPEN,
        )
        .values(state=transitions.never(OPEN), answered_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def opt_in(session: Session, *, team_id: str, user_id: str) -> bool:
    """People may ask this person for blurbs again. False if they already could."""
    result = session.execute(
        delete(BlurbOptOut).where(BlurbOptOut.team_id == team_id, BlurbOptOut.user_id == user_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class BlurbRequestsChange:
    setting: BlurbSetting
    closed: int = 0  # open requests to the caller that turning them off closed


def set_blurb_requests(
    session: Session, *, team_id: str, user_id: str, accept: bool, now: dt.datetime
) -> BlurbRequestsChange:
    """`/mgr-goal blurbs on|off`. Anyone may switch requests to themselves on or off, member
    or not: it stores no member."""
    if accept:
        turned_on = opt_in(session, team_id=team_id, user_id=user_id)
        return BlurbRequestsChange(BlurbSetting.TURNED_ON if turned_on else BlurbSetting.ALREADY_ON)
    if opted_out(session, team_id=team_id, user_id=user_id):
        return BlurbRequestsChange(BlurbSetting.ALREADY_OFF)
    closed = opt_out(session, team_id=team_id, user_id=user_id, now=now)
    return BlurbRequestsChange(BlurbSetting.TURNED_OFF, closed=closed)


def expire_requests(session: Session, *, now: dt.datetime, limit: int = 200) -> list[BlurbRequest]:
    """Close up to `limit` requests nobody answered within 14 days, taken in one UPDATE.

    Returns them (with their requester loaded) so the colleague's DM can lose its buttons.
    """
    return queue.take_rows(
        session,
        BlurbRequest,
        where=(BlurbRequest.state == OPEN, BlurbRequest.expires_at <= now),
        limit=limit,
        values={"state": transitions.expire(OPEN)},
        load=BlurbRequest.member,
    )


def received_blurbs(
    session: Session, *, member: Member | None, limit: int = 5, shareable_only: bool = False
) -> list[BlurbRequest]:
    """The member's written blurbs, newest first; only those the writer allowed to be shared
    when `shareable_only` (filtered in the query, so private ones never crowd them out)."""
    query = select(BlurbRequest).where(BlurbRequest.state == WRITTEN)
    if shareable_only:
        query = query.where(BlurbRequest.may_share.is_(True))
    query = query.order_by(BlurbRequest.answered_at.desc(), BlurbRequest.id.desc()).limit(limit)
    return owned(session, query, member=member, owner=BlurbRequest.member_id)


def open_requests(
    session: Session, *, member: Member | None, now: dt.datetime
) -> list[BlurbRequest]:
    query = select(BlurbRequest).where(*_open_filter(now)).order_by(BlurbRequest.id)
    return owned(session, query, member=member, owner=BlurbRequest.member_id)
