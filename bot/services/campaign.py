"""The campaign list: what leadership said it needs to see, and the evidence for each item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bot.domain.areas import SkillArea
from bot.domain.slack_text import is_user_id
from bot.models import EVIDENCE_MAX, TEXT_MAX, CampaignItem, EvidenceNote, Member
from bot.services.errors import NotFound, UserError
from bot.services.members import enroll, find_member, zone

OPEN = "open"
DONE = "done"


class ItemErrors(UserError):
    """Problems with item fields, keyed by field (text, asked_by, due) for inline modal errors."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


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
        raise ItemErrors(problems)
    return ItemFields(text=text, asked_by=fields.asked_by, area=fields.area, due=fields.due)


def _check_evidence(text: str) -> str:
    text = text.strip()
    if len(text) > EVIDENCE_MAX:
        raise ItemErrors(
            {"evidence": f"That note is {len(text):,} characters; the limit is {EVIDENCE_MAX:,}."}
        )
    return text


def add_item(
    session: Session, *, team_id: str, user_id: str, fields: ItemFields, now: dt.datetime
) -> CampaignItem:
    """Add an item, enrolling the member if this is the first thing they store."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    today = now.astimezone(zone(member)).date()
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
        status=OPEN,
        created_at=now,
    )
    session.add(item)
    session.flush()
    return item


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
    return items_of(session, member=find_member(session, team_id=team_id, user_id=user_id))


def items_of(session: Session, *, member: Member | None) -> list[CampaignItem]:
    """`list_items` for a member row already loaded (each request loads it once)."""
    if member is None:
        return []
    items = list(
        session.scalars(
            select(CampaignItem)
            .where(CampaignItem.member_id == member.id)
            .options(selectinload(CampaignItem.notes))
        )
    )
    open_items = sorted(
        (i for i in items if i.status == OPEN),
        key=lambda i: (i.due_date is None, i.due_date or dt.date.max, i.number),
    )
    done_items = sorted(
        (i for i in items if i.status == DONE),
        key=lambda i: (i.done_at or i.created_at, i.number),
        reverse=True,
    )
    return open_items + done_items


def _member_or_error(session: Session, *, team_id: str, user_id: str) -> Member:
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        raise NotFound("Your list is empty. Add the first item with `/mgr-goal add <text>`.")
    return member


def get_item(session: Session, *, team_id: str, user_id: str, number: int) -> CampaignItem:
    member = _member_or_error(session, team_id=team_id, user_id=user_id)
    item = session.scalar(
        select(CampaignItem).where(
            CampaignItem.member_id == member.id, CampaignItem.number == number
        )
    )
    if item is None:
        raise NotFound(f"There's no item #{number} on your list. See `/mgr-goal list`.")
    return item


MAX_ID = 2**31 - 1


def is_valid_id(value: object) -> bool:
    """A database id as it may come back from Slack: a positive 32-bit int, not a bool."""
    return type(value) is int and 0 < value <= MAX_ID


def get_item_by_id(session: Session, *, team_id: str, user_id: str, item_id: int) -> CampaignItem:
    """Resolve an id that came back from a button or modal, refusing anyone else's item."""
    member = _member_or_error(session, team_id=team_id, user_id=user_id)
    item = session.get(CampaignItem, item_id) if is_valid_id(item_id) else None
    if item is None or item.member_id != member.id:
        raise NotFound("That item isn't on your list any more. See `/mgr-goal list`.")
    return item


def complete_item(
    session: Session, *, item: CampaignItem, evidence: str, now: dt.datetime
) -> CampaignItem:
    evidence = _check_evidence(evidence)
    if item.status == DONE:
        raise UserError(f"#{item.number} is already done. Add evidence with `note {item.number}`.")
    item.status = DONE
    item.done_at = now
    if evidence:
        item.notes.append(EvidenceNote(text=evidence, created_at=now))
    session.flush()
    return item


def reopen_item(session: Session, *, item: CampaignItem) -> CampaignItem:
    if item.status == OPEN:
        raise UserError(f"#{item.number} is still open; nothing to undo.")
    item.status = OPEN
    item.done_at = None
    session.flush()
    return item


def add_note(session: Session, *, item: CampaignItem, text: str, now: dt.datetime) -> EvidenceNote:
    text = _check_evidence(text)
    if not text:
        raise ItemErrors({"evidence": "Write what happened: the evidence for this item."})
    note = EvidenceNote(text=text, created_at=now)
    item.notes.append(note)
    session.flush()
    return note


def edit_item(
    session: Session, *, item: CampaignItem, fields: ItemFields, now: dt.datetime
) -> CampaignItem:
    today = now.astimezone(zone(item.member)).date()
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
