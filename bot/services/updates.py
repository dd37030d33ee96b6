"""The monthly update: the draft (`form_for`), storing what the member sends (`store`), and
the DMs (`deliver`, in `update_dms`).

Who may receive it is decided here, never by the form: the linked manager (an active link at
the moment of storing) and the member's own stakeholders, by row id checked against the
member. A submission stores the update and one row per recipient (unique per update and
person), inside the modal's once-only transaction, so a second Send stores and sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from slack_sdk.models.views import View
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db import Database
from bot.domain import updates as drafts
from bot.domain.checkins import CheckinState
from bot.domain.items import ItemStatus
from bot.domain.moves import Move, MoveKind
from bot.domain.schedule import week_key
from bot.domain.text import has_unstorable
from bot.domain.updates import RecipientState
from bot.models import (
    ManagerLink,
    Member,
    MonthlyUpdate,
    Stakeholder,
    UpdateRecipient,
    Win,
)
from bot.services import campaign, stakeholders
from bot.services.checkins.answers import done_without_win
from bot.services.checkins.rows import current_checkin
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.services.manager_links import active_link
from bot.services.manager_links import status as link_status
from bot.services.members import find_member, zone
from bot.services.messenger import Messenger
from bot.services.names import display_name
from bot.slack.blocks import updates as update_blocks

# A first update tells the campaign so far (who asked for what at the start matters most),
# unless the member started long ago: then the last two months.
FIRST_LOOK_BACK = dt.timedelta(days=60)
UPDATE_MOVE_OUTCOME = "Sent my monthly update."
NOT_STARTED = (
    "There's nothing to report yet: start your list with `/mgr-goal add <text>` or "
    "`/mgr-goal setup`, and your first update can follow."
)
EMPTY = "Write something to send."
UNSTORABLE = "The text has a character I can't store (a NUL or half an emoji). Remove it."
TOO_LONG = f"Keep it under {drafts.UPDATE_MAX} characters."
NOBODY = "Pick at least one person to send it to."
PRIVATE_LEFT = (
    "Lines tagged [private] are wins you kept private. Delete each such line, or delete just "
    "the tag to send it: {lines}"
)
NO_LONGER_LINKED = (
    "Your manager link ended since you opened this, so I didn't send it. Open the update again."
)
STAKEHOLDER_GONE = "One of the stakeholders you picked isn't on your list any more."


@dataclass(frozen=True)
class Choice:
    """One person the form offers: the manager, or a stakeholder row."""

    value: str  # "manager" or "stakeholder:<row id>"
    user_id: str


@dataclass(frozen=True)
class LastUpdate:
    at: dt.datetime
    on: dt.date  # in the member's zone
    recipients: tuple[str, ...]  # user ids, the member's own id for a copy to their DM


@dataclass(frozen=True)
class UpdateForm:
    """What the update modal shows: the draft and whom it can go to."""

    member_user_id: str
    month: drafts.Month  # asked-by as user ids: `draft` names them
    since: dt.date
    manager: Choice | None  # the active link's manager: preselected
    pending_manager: str | None  # asked, not accepted yet: named in the modal, not offered
    stakeholders: tuple[Choice, ...]
    last: LastUpdate | None


@dataclass(frozen=True)
class Send:
    """What the member submitted."""

    text: str
    chosen: frozenset[str]  # Choice values
    to_self: bool


@dataclass(frozen=True)
class Recipient:
    row_id: int
    user_id: str
    is_manager: bool


@dataclass(frozen=True)
class Stored:
    update_id: int
    member_user_id: str
    text: str
    manager_link_id: int | None
    recipients: tuple[Recipient, ...]
    # This week's check-in, when it proposed the update and sending it just did the move.
    checkin_done: int | None = None


MANAGER = "manager"


def _stakeholder_value(row: Stakeholder) -> str:
    return f"stakeholder:{row.id}"


def last_update(session: Session, *, member: Member | None) -> LastUpdate | None:
    """The member's newest update that reached someone, and whom it reached. One whose DMs
    all failed doesn't count, so the next draft also starts from the last one that arrived
    and nothing is lost to a failed send."""
    if member is None:
        return None
    row = session.scalar(
        select(MonthlyUpdate)
        .where(
            MonthlyUpdate.member_id == member.id,
            MonthlyUpdate.recipients.any(UpdateRecipient.state != RecipientState.FAILED),
        )
        .order_by(MonthlyUpdate.created_at.desc(), MonthlyUpdate.id.desc())
        .options(selectinload(MonthlyUpdate.recipients))
        .limit(1)
    )
    if row is None:
        return None
    return LastUpdate(
        at=row.created_at,
        on=row.created_at.astimezone(zone(member)).date(),
        recipients=tuple(r.user_id for r in row.recipients if r.state != RecipientState.FAILED),
    )


def last_received(
    session: Session, *, manager_user_id: str, member_ids: Iterable[int]
) -> dict[int, dt.datetime]:
    """For each member, when `manager_user_id` last got an update DM from them."""
    ids_ = list(member_ids)
    if not ids_:
        return {}
    rows = session.execute(
        select(MonthlyUpdate.member_id, UpdateRecipient.sent_at)
        .join(UpdateRecipient, UpdateRecipient.update_id == MonthlyUpdate.id)
        .where(
            MonthlyUpdate.member_id.in_(ids_),
            UpdateRecipient.user_id == manager_user_id,
            UpdateRecipient.state == RecipientState.SENT,
        )
    ).all()
    newest: dict[int, dt.datetime] = {}
    for member_id, sent_at in rows:
        if sent_at is not None and (member_id not in newest or sent_at > newest[member_id]):
            newest[member_id] = sent_at
    return newest


def form_for(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> UpdateForm:
    """The draft since the last update (a first one: since the member started, at most 60
    days back), with asked-by as user ids (`draft` names them), and whom it can go to."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        raise NotFound(NOT_STARTED)
    last = last_update(session, member=member)
    start = last.at if last else max(now - FIRST_LOOK_BACK, member.created_at)
    links = link_status(session, team_id=team_id, user_id=user_id, now=now)
    manager = Choice(MANAGER, links.active.manager_user_id) if links.active else None
    people = stakeholders.stakeholders_of(session, member=member)
    return UpdateForm(
        member_user_id=user_id,
        month=_month(session, member=member, start=start, now=now, first=last is None),
        since=start.astimezone(zone(member)).date(),
        manager=manager,
        pending_manager=links.pending.manager_user_id if links.pending else None,
        stakeholders=tuple(
            Choice(_stakeholder_value(row), row.user_id)
            for row in sorted(people, key=lambda s: (s.added_at, s.id))
        ),
        last=last,
    )


def _month(
    session: Session, *, member: Member, start: dt.datetime, now: dt.datetime, first: bool
) -> drafts.Month:
    """The month since `start`: after the last update (which covered its own instant), or,
    for a first update, from `start` itself (a new member's first items share its instant)."""
    local = zone(member)

    def since(at: dt.datetime) -> bool:
        return (start <= at if first else start < at) and at <= now

    def day(at: dt.datetime) -> dt.date:
        return at.astimezone(local).date()

    items = campaign.items_of(session, member=member)
    done = sorted(
        (
            i
            for i in items
            if i.status == ItemStatus.DONE and i.done_at and start < i.done_at <= now
        ),
        key=lambda i: (i.done_at or now, i.number),
    )
    added = sorted((i for i in items if since(i.created_at)), key=lambda i: i.number)
    open_items = [i for i in items if i.status == ItemStatus.OPEN]  # list order: due first
    wins = session.scalars(
        select(Win)
        .where(
            Win.member_id == member.id,
            Win.created_at >= start if first else Win.created_at > start,
            Win.created_at <= now,
        )
        .order_by(Win.happened_on, Win.id)
    ).all()
    return drafts.Month(
        role=member.target_role,
        since=day(start),
        done=tuple(
            drafts.DoneItem(
                number=i.number,
                text=i.text,
                done_on=day(i.done_at or now),
                evidence=tuple(note.text for note in i.notes),
            )
            for i in done
        ),
        added=tuple(
            drafts.AddedItem(
                number=i.number,
                text=i.text,
                asked_by=i.asked_by_user_id if i.asked_by_user_id != member.user_id else None,
            )
            for i in added
        ),
        wins=tuple(drafts.WinLine(text=w.text, on=w.happened_on, shared=w.shared) for w in wins),
        open_items=tuple(drafts.OpenItem(i.number, i.text, i.due_date) for i in open_items),
        total_items=len(items),
    )


def draft(form: UpdateForm, *, messenger: Messenger) -> str:
    """The draft text, each item someone else asked for naming them as Slack does (their role
    when Slack can't say). Only the items the draft shows are named: each name is a call to
    Slack made before the modal opens, within the trigger's three seconds."""
    roles = {c.user_id: "a stakeholder" for c in form.stakeholders}
    if form.manager:
        roles[form.manager.user_id] = "my manager"
    shown = form.month.added[: drafts.ADDED_SHOWN]
    asked = {a.asked_by for a in shown if a.asked_by}
    names = {
        user_id: display_name(messenger, user_id) or roles.get(user_id, "a colleague")
        for user_id in asked
    }
    named = tuple(replace(a, asked_by=names[a.asked_by] if a.asked_by else None) for a in shown)
    added = named + form.month.added[drafts.ADDED_SHOWN :]
    return drafts.draft_text(replace(form.month, added=added))


def modal(
    *, db: Database, messenger: Messenger, team_id: str, user_id: str, now: dt.datetime
) -> View:
    """The update modal with this month's draft; names are asked of Slack after the
    transaction, so no database work waits on Slack."""
    with db.session() as session:
        form = form_for(session, team_id=team_id, user_id=user_id, now=now)
    return update_blocks.update_modal(form, text=draft(form, messenger=messenger))


def check_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise FieldErrors({"text": EMPTY})
    if has_unstorable(text):
        raise FieldErrors({"text": UNSTORABLE})
    if len(text) > drafts.UPDATE_MAX:
        raise FieldErrors({"text": TOO_LONG})
    left = drafts.private_lines(text)
    if left:
        shown = "; ".join(line[:60] for line in left[:3])
        raise FieldErrors({"text": PRIVATE_LEFT.format(lines=shown)})
    return text


def store(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    send: Send,
    now: dt.datetime,
    library: list[Move] | None = None,
) -> Stored:
    """Store the update and its recipients; a refusal stores nothing. When this week's
    check-in proposed the update and waits for its answer, sending it is the move done."""
    text = check_text(send.text)
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        raise NotFound(NOT_STARTED)
    if not send.chosen and not send.to_self:
        raise FieldErrors({"to": NOBODY})
    recipients: list[tuple[str, bool]] = []
    link: ManagerLink | None = None
    if MANAGER in send.chosen:
        link = active_link(session, team_id=team_id, user_id=user_id)
        if link is None:
            raise UserError(NO_LONGER_LINKED)
        recipients.append((link.manager_user_id, True))
    owned = {_stakeholder_value(s): s for s in stakeholders.stakeholders_of(session, member=member)}
    for value in sorted(send.chosen - {MANAGER}):
        chosen = owned.get(value)
        if chosen is None:
            raise UserError(STAKEHOLDER_GONE)
        recipients.append((chosen.user_id, False))
    if send.to_self:
        recipients.append((user_id, False))
    row = MonthlyUpdate(team_id=team_id, member_id=member.id, text=text, created_at=now)
    seen: set[str] = set()
    for recipient_id, is_manager in recipients:
        if recipient_id not in seen:  # the manager may also be on the stakeholder list
            seen.add(recipient_id)
            row.recipients.append(UpdateRecipient(user_id=recipient_id, is_manager=is_manager))
    session.add(row)
    session.flush()
    return Stored(
        update_id=row.id,
        member_user_id=user_id,
        text=text,
        manager_link_id=link.id if link else None,
        recipients=tuple(Recipient(r.id, r.user_id, r.is_manager) for r in row.recipients),
        checkin_done=_update_move_done(session, member=member, library=library or [], now=now),
    )


def _update_move_done(
    session: Session, *, member: Member, library: list[Move], now: dt.datetime
) -> int | None:
    """Mark this week's check-in done if its move is the update and it waits for an answer;
    its id then (the DM is re-rendered), else None."""
    checkin = current_checkin(session, member=member)
    if checkin is None or checkin.state != CheckinState.SENT:
        return None
    if checkin.week != week_key(now, zone(member)):
        return None
    move = next((m for m in library if m.id == checkin.move_id), None)
    if move is None or move.kind is not MoveKind.MANAGER_UPDATE:
        return None
    try:
        # No win: the update is on record already, and a win saying so would fill the next
        # update's draft.
        done_without_win(session, checkin=checkin, outcome=UPDATE_MOVE_OUTCOME, now=now)
    except UserError:
        return None  # answered meanwhile
    return checkin.id
