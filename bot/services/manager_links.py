"""Manager links: a member asks someone to be their manager in mgr-goal, with consent on both
sides.

The person asked sees and can do nothing until they accept, and nothing again once either side
unlinks: `active_manager_link` is the one access check everything a manager does goes through.
One pending request and one active link per member (partial unique indexes back both); a new
request replaces a pending one at once, and a new manager replaces the active one only when they
accept. A request nobody answers within 14 days expires (`expire_requests`, run by the tick).
Every answer is an UPDATE conditional on the row's state, so two answers can't both win.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import insert_unless_exists
from bot.domain import manager_links as transitions
from bot.domain.items import ItemStatus
from bot.domain.manager_links import EXPIRES_AFTER, REQUEST_DAYS, EndedBy, LinkState
from bot.domain.slack_text import is_user_id
from bot.models import CampaignItem, ManagerLink, Member
from bot.services import queue
from bot.services.blurbs import Colleague
from bot.services.campaign import is_valid_id
from bot.services.errors import NotFound, UserError
from bot.services.members import enroll, find_member

PENDING = LinkState.PENDING
ACTIVE = LinkState.ACTIVE

MANAGER_HELP = "Try `/mgr-goal manager @dana` (pick the person from the @-autocomplete)."
ALREADY_PENDING = (
    "You've already asked them; I'll tell you when they answer (a request expires after "
    f"{REQUEST_DAYS} days). `/mgr-goal manager off` withdraws the request."
)
ALREADY_LINKED = "They're already your manager here. `/mgr-goal manager off` unlinks them."
RACED = "Another request of yours was being sent at the same moment. Try again in a moment."
NOT_YOURS = "That request wasn't sent to you."


@dataclass(frozen=True)
class LinkStatus:
    """A member's manager link as it stands: the active one and the pending one, either None."""

    active: ManagerLink | None
    pending: ManagerLink | None


@dataclass(frozen=True)
class Requested:
    """A stored request, and the pending one it replaced (its DM is to say it was withdrawn,
    or that it expired: past its deadline, before the tick closed it)."""

    link: ManagerLink
    withdrawn: ManagerLink | None
    expired: ManagerLink | None


@dataclass(frozen=True)
class Accepted:
    """An accepted link (member loaded), and the active one it ended (its manager is told)."""

    link: ManagerLink
    replaced: ManagerLink | None


@dataclass(frozen=True)
class Unlinked:
    """What `manager off` ended: the active link, the pending request, or both."""

    ended: ManagerLink | None
    withdrawn: ManagerLink | None


@dataclass(frozen=True)
class LinkedPerson:
    """One member on their manager's Home: the link, and their list's progress."""

    link: ManagerLink
    member: Member
    done: int
    total: int
    open_items: list[CampaignItem]
    # When the manager last got the member's monthly update (in the manager's zone).
    last_update_on: dt.date | None = None


def active_manager_link(
    session: Session, *, team_id: str, manager_user_id: str, member_user_id: str
) -> ManagerLink | None:
    """THE access check: the link that lets `manager_user_id` see or change anything of
    `member_user_id`'s, or None. Only an accepted, unended link in the same team counts."""
    return session.scalar(
        select(ManagerLink)
        .join(Member, Member.id == ManagerLink.member_id)
        .where(
            ManagerLink.team_id == team_id,
            Member.team_id == team_id,
            Member.user_id == member_user_id,
            ManagerLink.manager_user_id == manager_user_id,
            ManagerLink.state == ACTIVE,
        )
    )


def status(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> LinkStatus:
    """The member's active link and pending request (both None for someone not enrolled).
    A request past its deadline at `now` is not pending, though the tick has yet to close it.
    """
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        return LinkStatus(active=None, pending=None)
    pending = _link_of(session, member_id=member.id, state=PENDING)
    if pending is not None and _overdue(pending, now):
        pending = None
    return LinkStatus(active=_link_of(session, member_id=member.id, state=ACTIVE), pending=pending)


def _overdue(link: ManagerLink, now: dt.datetime) -> bool:
    """Past its deadline: no longer answerable, whether or not the tick has closed it yet."""
    return transitions.expires_at(link.requested_at) <= now


def active_link(session: Session, *, team_id: str, user_id: str) -> ManagerLink | None:
    """The member's accepted link, if any (their manager as far as sending anything goes)."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    return _link_of(session, member_id=member.id, state=ACTIVE) if member else None


def named_manager(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> str | None:
    """Who the setup form shows as the member's manager: linked, else asked."""
    current = status(session, team_id=team_id, user_id=user_id, now=now)
    link = current.active or current.pending
    return link.manager_user_id if link else None


def _link_of(session: Session, *, member_id: int, state: LinkState) -> ManagerLink | None:
    return session.scalar(
        select(ManagerLink)
        .where(ManagerLink.member_id == member_id, ManagerLink.state == state)
        .options(selectinload(ManagerLink.member))
    )


def check_request(
    session: Session, *, team_id: str, user_id: str, manager_user_id: str, now: dt.datetime
) -> None:
    """Refuse a request the guard rails forbid, before Slack is asked about the person.

    Fast enough to run before the ack; the bot and deactivated checks need Slack and come after.
    """
    if not is_user_id(manager_user_id):
        raise UserError(f"Pick a person. {MANAGER_HELP}")
    if manager_user_id == user_id:
        raise UserError(
            "You can't be your own manager here. Name the person you report to, "
            "or the one you'd like to see your progress."
        )
    current = status(session, team_id=team_id, user_id=user_id, now=now)
    if current.active is not None and current.active.manager_user_id == manager_user_id:
        raise UserError(ALREADY_LINKED)
    if current.pending is not None and current.pending.manager_user_id == manager_user_id:
        raise UserError(ALREADY_PENDING)


def create_request(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    manager: Colleague | None,
    now: dt.datetime,
) -> Requested:
    """Store the request once Slack has told us who the person is; a pending one is withdrawn."""
    if manager is None or manager.deleted:
        raise UserError("I can't find that person in Slack (or their account is deactivated).")
    if manager.is_bot:
        raise UserError("That's a bot; name the person you report to.")
    check_request(
        session, team_id=team_id, user_id=user_id, manager_user_id=manager.user_id, now=now
    )
    member = enroll(session, team_id=team_id, user_id=user_id, now=now)
    withdrawn = _link_of(session, member_id=member.id, state=PENDING)
    expired = None
    if withdrawn is not None and _overdue(withdrawn, now):
        # Past its deadline: it expires here, as the tick would have (the member, asking
        # anew, needs no DM saying so).
        if _move(session, withdrawn, transitions.expire, now=now, answered=True):
            expired = withdrawn
        withdrawn = None
    elif withdrawn is not None and not _move(
        session, withdrawn, transitions.withdraw, now=now, answered=True
    ):
        withdrawn = None  # answered in the meantime: it is no longer ours to withdraw
    link = insert_unless_exists(
        session,
        ManagerLink,
        {
            "team_id": team_id,
            "member_id": member.id,
            "manager_user_id": manager.user_id,
            "state": PENDING,
            "requested_at": now,
        },
    )
    if link is None:  # a second request raced this one past the check
        raise UserError(RACED)
    link.member = member
    return Requested(link=link, withdrawn=withdrawn, expired=expired)


def mark_delivered(session: Session, *, link_id: int, channel: str, ts: str) -> None:
    link = session.get(ManagerLink, link_id)
    if link is not None:
        link.channel, link.ts = channel, ts


def mark_unsent(session: Session, *, link_id: int, now: dt.datetime) -> None:
    """The DM to the person asked failed: the request never reached them."""
    link = session.get(ManagerLink, link_id)
    if link is not None and link.state == PENDING:
        _move(session, link, transitions.unsend, now=now, answered=True)


_CLOSED_BECAUSE = {
    LinkState.ACTIVE: "You've already accepted this request.",
    LinkState.DECLINED: "You declined this request, so it's closed.",
    LinkState.WITHDRAWN: "They withdrew this request, so there's nothing to answer.",
    LinkState.ENDED: "This link has ended, so there's nothing to answer.",
    LinkState.UNSENT: "This request is closed.",
    LinkState.EXPIRED: (
        f"This request expired (requests last {REQUEST_DAYS} days), so there's nothing to "
        "answer. They can ask you again."
    ),
}


def link_for_manager(session: Session, *, team_id: str, user_id: str, link_id: int) -> ManagerLink:
    """The link a button names, if it names this person as the manager in this team.

    Every id in the payload is checked here, server-side: a forged press by anyone else, from
    another team, or with a made-up id is NotFound.
    """
    link = (
        session.scalar(
            select(ManagerLink)
            .where(ManagerLink.id == link_id)
            .options(selectinload(ManagerLink.member))
        )
        if is_valid_id(link_id)
        else None
    )
    if (
        link is None
        or link.manager_user_id != user_id
        or link.team_id != team_id
        or link.member.team_id != team_id
    ):
        raise NotFound(NOT_YOURS)
    return link


def _pending_for_manager(
    session: Session, *, team_id: str, user_id: str, link_id: int, now: dt.datetime
) -> ManagerLink:
    link = link_for_manager(session, team_id=team_id, user_id=user_id, link_id=link_id)
    state = LinkState(link.state)
    # Past its deadline it is closed even before the tick marks it so.
    if state == PENDING and _overdue(link, now):
        state = LinkState.EXPIRED
    if state != PENDING:
        raise UserError(_CLOSED_BECAUSE[state])
    return link


def accept(
    session: Session, *, team_id: str, user_id: str, link_id: int, now: dt.datetime
) -> Accepted:
    """The person asked accepted: the link is active, and the member's previous one ends."""
    link = _pending_for_manager(session, team_id=team_id, user_id=user_id, link_id=link_id, now=now)
    replaced = _link_of(session, member_id=link.member_id, state=ACTIVE)
    # The old link ends first: one active link per member is a unique index. If the accept
    # below loses a race, the caller's transaction rolls this back too.
    if replaced is not None and not _end(session, replaced, by=EndedBy.REPLACED, now=now):
        replaced = None
    if not _move(session, link, transitions.accept, now=now, answered=True):
        raise UserError("This request was already answered.")
    link.member.manager_user_id = link.manager_user_id
    link.member.updated_at = now
    return Accepted(link=link, replaced=replaced)


def decline(
    session: Session, *, team_id: str, user_id: str, link_id: int, now: dt.datetime
) -> ManagerLink:
    """The person asked declined; returns the link, its member loaded."""
    link = _pending_for_manager(session, team_id=team_id, user_id=user_id, link_id=link_id, now=now)
    if not _move(session, link, transitions.decline, now=now, answered=True):
        raise UserError("This request was already answered.")
    return link


def unlink_by_manager(
    session: Session, *, team_id: str, user_id: str, link_id: int, now: dt.datetime
) -> ManagerLink:
    """The manager pressed Unlink on their Home; returns the ended link, its member loaded."""
    link = link_for_manager(session, team_id=team_id, user_id=user_id, link_id=link_id)
    if link.state != ACTIVE or not _end(session, link, by=EndedBy.MANAGER, now=now):
        raise UserError("You're not linked with them any more, so there's nothing to unlink.")
    return link


def unlink_by_member(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Unlinked:
    """`/mgr-goal manager off`: ends the active link and withdraws a pending request."""
    current = status(session, team_id=team_id, user_id=user_id, now=now)
    ended = current.active
    if ended is not None and not _end(session, ended, by=EndedBy.MEMBER, now=now):
        ended = None
    withdrawn = current.pending
    if withdrawn is not None and not _move(
        session, withdrawn, transitions.withdraw, now=now, answered=True
    ):
        withdrawn = None
    if ended is None and withdrawn is None:
        raise UserError(
            "You have no manager linked and no request waiting. "
            "`/mgr-goal manager @dana` asks someone."
        )
    return Unlinked(ended=ended, withdrawn=withdrawn)


def expire_requests(session: Session, *, now: dt.datetime, limit: int = 200) -> list[ManagerLink]:
    """Close up to `limit` requests nobody answered within REQUEST_DAYS, taken in one UPDATE
    (`queue.take_batch`: two processes never take the same one); returned, member loaded, so
    the manager's DM can lose its buttons and the member be told.

    The deadline is derived from `requested_at`, so no column or index of its own: pending rows
    are at most one per member, and the partial unique index on them is what this scans.
    """
    return queue.take_rows(
        session,
        ManagerLink,
        where=(ManagerLink.state == PENDING, ManagerLink.requested_at <= now - EXPIRES_AFTER),
        order_by=ManagerLink.requested_at,
        limit=limit,
        values={"state": transitions.expire(PENDING), "answered_at": now},
        load=ManagerLink.member,
    )


def people_of(session: Session, *, team_id: str, manager_user_id: str) -> list[LinkedPerson]:
    """The members this person is the active manager of, oldest link first, with progress
    and open items (never evidence, wins or reflections: what the link promises)."""
    links = session.scalars(
        select(ManagerLink)
        .where(
            ManagerLink.team_id == team_id,
            ManagerLink.manager_user_id == manager_user_id,
            ManagerLink.state == ACTIVE,
        )
        .options(selectinload(ManagerLink.member).selectinload(Member.items))
        .order_by(ManagerLink.answered_at, ManagerLink.id)
    )
    return [
        LinkedPerson(
            link=link,
            member=link.member,
            done=sum(1 for item in link.member.items if item.status == ItemStatus.DONE),
            total=len(link.member.items),
            open_items=sorted(
                (item for item in link.member.items if item.status == ItemStatus.OPEN),
                key=lambda item: item.number,
            ),
        )
        for link in links
        if link.member.team_id == team_id
    ]


def _end(session: Session, link: ManagerLink, *, by: EndedBy, now: dt.datetime) -> bool:
    """End an active link; the member's Manager line goes with it (unless it names someone
    else, set through setup)."""
    if not _move(session, link, transitions.end, now=now, ended_by=by):
        return False
    member = link.member
    if member.manager_user_id == link.manager_user_id:
        member.manager_user_id = None
        member.updated_at = now
    return True


def _move(
    session: Session,
    link: ManagerLink,
    transition: transitions.Transition,
    *,
    now: dt.datetime,
    answered: bool = False,
    ended_by: EndedBy | None = None,
) -> bool:
    """Apply `transition` in one UPDATE conditional on the row's state; False when the row
    had moved on already (another answer won)."""
    origin = LinkState(link.state)
    try:
        to = transition(origin)
    except transitions.WrongState:
        return False
    values: dict[str, object] = {"state": to}
    if answered:
        values["answered_at"] = now
    if ended_by is not None:
        values["ended_at"], values["ended_by"] = now, ended_by
    result = session.execute(
        update(ManagerLink)
        .where(ManagerLink.id == link.id, ManagerLink.state == origin)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    for key, value in values.items():
        setattr(link, key, value)
    return True
