"""The campaign list: what leadership said it needs to see, and the evidence for each item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from bot.domain import items as transitions
from bot.domain.areas import SkillArea
from bot.domain.items import ItemStatus
from bot.domain.slack_text import is_user_id
from bot.models import EVIDENCE_MAX, TEXT_MAX, CampaignItem, EvidenceNote, Member
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.services.members import enroll, find_member, load_caller, today_of

_GONE = "That item isn't on your list any more. See `/mgr-goal list`."


@dataclass(frozen=True)
class ItemFields:
    text: str
    asked_by: str | None = None
    area: SkillArea | None = None
    due: dt.date | None = None


def _check_fields(fields: ItemFields, *, user_id: str, today: dt.date) -> ItemFields:
    problems: dict[str, str] = {}
    text = fields.text.strip()
    if not text:
        problems["text"] = "The item needs some text, like `Run the team retro`."
    elif len(text) > TEXT_MAX:
        problems["text"] = (
            f"That's {len(text):,} characters; keep an item under {TEXT_MAX} "
            "and put the detail in an evidence note."
        )
    if fields.asked_by is not None and not is_user_id(fields.asked_by):
        problems["asked_by"] = "Pick who asked for it from the list of people."
    if fields.due is not None and fields.due < today:
        problems["due"] = f"{fields.due.isoformat()} is in the past; pick today or later."
    if problems:
        raise FieldErrors(problems)
    return ItemFields(text=text, asked_by=fields.asked_by, area=fields.area, due=fields.due)


def _check_evidence(text: str) -> str:
    text = text.strip()
    if len(text) > EVIDENCE_MAX:
        raise FieldErrors(
            {"evidence": f"That note is {len(text):,} characters; the limit is {EVIDENCE_MAX:,}."}
        )
    return text


def add_item(
    session: Session, *, team_id: str, user_id: str, fields: ItemFields, now: dt.datetime
) -> CampaignItem:
    """Add an item, enrolling the member if this is the first thing they store."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    return _add(session, member=member, team_id=team_id, user_id=user_id, fields=fields, now=now)


def _add(
    session: Session,
    *,
    member: Member | None,
    team_id: str,
    user_id: str,
    fields: ItemFields,
    now: dt.datetime,
) -> CampaignItem:
    today = today_of(member, now)
    fields = _check_fields(fields, user_id=user_id, today=today)
    member = member or enroll(session, team_id=team_id, user_id=user_id, now=now)
    number = _take_item_number(session, member_id=member.id, now=now)
    item = CampaignItem(
        member_id=member.id,
        number=number,
        text=fields.text,
        asked_by_user_id=fields.asked_by,
        area=fields.area.value if fields.area else None,
        due_date=fields.due,
        status=ItemStatus.OPEN,
        created_at=now,
    )
    session.add(item)
    session.flush()
    return item


def save_item(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    item_id: int | None,
    fields: ItemFields,
    now: dt.datetime,
) -> bool:
    """The item modal: add (`item_id` None) or edit the member's own item.

    True when adding the item enrolled the person (the caller then fetches their time zone).
    """
    member = find_member(session, team_id=team_id, user_id=user_id)
    if item_id is None:
        _add(session, member=member, team_id=team_id, user_id=user_id, fields=fields, now=now)
        return member is None
    item = owned_item(session, member=member, item_id=item_id)
    edit_item(session, item=item, fields=fields, now=now)
    return False


def note_item(
    session: Session, *, team_id: str, user_id: str, item_id: int, text: str, now: dt.datetime
) -> None:
    """The evidence modal: a note on the member's own item."""
    item = get_item_by_id(session, team_id=team_id, user_id=user_id, item_id=item_id)
    add_note(session, item=item, text=text, now=now)


def remove_by_id(session: Session, *, team_id: str, user_id: str, item_id: int) -> int:
    """A Remove button or the remove modal: delete the member's own item; returns its number."""
    item = get_item_by_id(session, team_id=team_id, user_id=user_id, item_id=item_id)
    return remove_item(session, item=item)


def _take_item_number(session: Session, *, member_id: int, now: dt.datetime) -> int:
    """Reserve the member's next item number in one atomic UPDATE.

    The counter lives on the member row so a number is never reused after a removal, and the
    UPDATE takes the row lock, so two adds at once can't both get the same number.
    """
    taken = session.execute(
        update(Member)
        .where(Member.id == member_id)
        .values(next_item_number=Member.next_item_number + 1, updated_at=now)
        .returning(Member.next_item_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(taken) - 1


def list_items(session: Session, *, team_id: str, user_id: str) -> list[CampaignItem]:
    """Open items first (by due date, then number), then done items, most recent first."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    return items_of(session, member=member)


@dataclass(frozen=True)
class ItemList:
    items: list[CampaignItem]
    today: dt.date


def item_list(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> ItemList:
    """`/mgr-goal list`: the caller's list and their today (one member load, one items load,
    notes in one more)."""
    caller = load_caller(session, team_id=team_id, user_id=user_id, now=now)
    return ItemList(items_of(session, member=caller.member), caller.today)


def items_of(session: Session, *, member: Member | None) -> list[CampaignItem]:
    """A member already loaded: their items with notes, in list order, in one query (a
    member's notes are few: joining them costs less CPU than selectinload's second query)."""
    if member is None:
        return []
    query = (
        select(CampaignItem)
        .where(CampaignItem.member_id == member.id)
        .options(joinedload(CampaignItem.notes))
    )
    return in_list_order(session.scalars(query).unique())


def in_list_order(items: Iterable[CampaignItem]) -> list[CampaignItem]:
    """Open items by due date then number; then done items, most recently done first."""
    listed = list(items)
    open_items = sorted(
        transitions.open_ones(listed),
        key=lambda i: (i.due_date is None, i.due_date or dt.date.max, i.number),
    )
    done_items = sorted(
        transitions.done_ones(listed),
        key=lambda i: (i.done_at or i.created_at, i.number),
        reverse=True,
    )
    return open_items + done_items


def member_or_error(member: Member | None) -> Member:
    """The member a request is about; NotFound (with how to start) for someone with no list."""
    if member is None:
        raise NotFound("Your list is empty. Add the first item with `/mgr-goal add <text>`.")
    return member


def get_item(session: Session, *, team_id: str, user_id: str, number: int) -> CampaignItem:
    member = member_or_error(find_member(session, team_id=team_id, user_id=user_id))
    item = session.scalar(
        select(CampaignItem).where(
            CampaignItem.member_id == member.id, CampaignItem.number == number
        )
    )
    if item is None:
        raise NotFound(f"There's no item #{number} on your list. See `/mgr-goal list`.")
    return item


@dataclass(frozen=True)
class ItemView:
    """One of the caller's items, and their local today to show its due date against."""

    item: CampaignItem
    today: dt.date


def find_item(
    session: Session, *, team_id: str, user_id: str, number: int, now: dt.datetime
) -> ItemView:
    item = get_item(session, team_id=team_id, user_id=user_id, number=number)
    return ItemView(item, today_of(item.member, now))


MAX_ID = 2**31 - 1


def is_valid_id(value: object) -> bool:
    """A database id as it may come back from Slack: a positive 32-bit int, not a bool."""
    return type(value) is int and 0 < value <= MAX_ID


def get_item_by_id(session: Session, *, team_id: str, user_id: str, item_id: int) -> CampaignItem:
    """Resolve an id that came back from a button or modal, refusing anyone else's item."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    return owned_item(session, member=member, item_id=item_id)


def owned_item(session: Session, *, member: Member | None, item_id: int) -> CampaignItem:
    """The member's item with this id (a member already loaded); NotFound for anyone else's."""
    owner = member_or_error(member)
    item = session.get(CampaignItem, item_id) if is_valid_id(item_id) else None
    if item is None or item.member_id != owner.id:
        raise NotFound(_GONE)
    return item


def item_in(items: Iterable[CampaignItem], *, item_id: int) -> CampaignItem:
    """The item a button names, from the member's items already loaded; NotFound otherwise."""
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        raise NotFound(_GONE)
    return item


def complete_item(
    session: Session, *, item: CampaignItem, evidence: str, now: dt.datetime
) -> CampaignItem:
    evidence = _check_evidence(evidence)
    try:
        item.status = transitions.complete(item.status)
    except transitions.AlreadyDone:
        raise UserError(
            f"#{item.number} is already done. Add evidence with `note {item.number}`."
        ) from None
    item.done_at = now
    if evidence:
        item.notes.append(EvidenceNote(text=evidence, created_at=now))
    session.flush()
    return item


@dataclass(frozen=True)
class Progress:
    item: CampaignItem
    done: int
    total: int


def complete_with_progress(
    session: Session, *, team_id: str, user_id: str, number: int, evidence: str, now: dt.datetime
) -> Progress:
    """`/mgr-goal done`: check item `number` off and count the list's progress for the reply."""
    item = get_item(session, team_id=team_id, user_id=user_id, number=number)
    complete_item(session, item=item, evidence=evidence, now=now)
    statuses = session.execute(
        select(CampaignItem.status, func.count())
        .where(CampaignItem.member_id == item.member_id)
        .group_by(CampaignItem.status)
    ).all()
    counts = {str(status): int(count) for status, count in statuses}
    return Progress(item, done=counts.get(ItemStatus.DONE, 0), total=sum(counts.values()))


def reopen_item(session: Session, *, item: CampaignItem) -> CampaignItem:
    try:
        item.status = transitions.reopen(item.status)
    except transitions.StillOpen:
        raise UserError(f"#{item.number} is still open; nothing to undo.") from None
    item.done_at = None
    session.flush()
    return item


def add_note(session: Session, *, item: CampaignItem, text: str, now: dt.datetime) -> EvidenceNote:
    text = _check_evidence(text)
    if not text:
        raise FieldErrors({"evidence": "Write what happened: the evidence for this item."})
    note = EvidenceNote(text=text, created_at=now)
    item.notes.append(note)
    session.flush()
    return note


def edit_item(
    session: Session, *, item: CampaignItem, fields: ItemFields, now: dt.datetime
) -> CampaignItem:
    today = today_of(item.member, now)
    # An existing due date may have passed; keeping it unchanged is not an error.
    check_due = fields.due if fields.due != item.due_date else None
    checked = _check_fields(
        ItemFields(fields.text, fields.asked_by, fields.area, check_due),
        user_id=item.member.user_id,
        today=today,
    )
    item.text = checked.text
    item.asked_by_user_id = checked.asked_by
    item.area = checked.area.value if checked.area else None
    item.due_date = fields.due
    session.flush()
    return item


def remove_item(session: Session, *, item: CampaignItem) -> int:
    number = item.number
    session.delete(item)
    session.flush()
    return number
