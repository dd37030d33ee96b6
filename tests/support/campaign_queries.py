"""Small read-only queries tests use to check what the app stored (or didn't)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.db import Database
from bot.models import CampaignItem, EvidenceNote, Member

TEAM = "T1"


def member(db: Database, user_id: str = "U1", *, team_id: str = TEAM) -> Member | None:
    """The member row for this person, or None if they were never enrolled."""
    with db.session() as s:
        return s.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))


def items(db: Database, user_id: str = "U1", *, team_id: str = TEAM) -> list[CampaignItem]:
    """This person's items by number, with their evidence notes loaded."""
    with db.session() as s:
        return list(
            s.scalars(
                select(CampaignItem)
                .join(Member)
                .where(Member.team_id == team_id, Member.user_id == user_id)
                .options(selectinload(CampaignItem.notes))
                .order_by(CampaignItem.number)
            )
        )


def item(db: Database, number: int, user_id: str = "U1", *, team_id: str = TEAM) -> CampaignItem:
    """One of this person's items by number; fails the test if it isn't there."""
    found = [i for i in items(db, user_id, team_id=team_id) if i.number == number]
    assert found, f"no item #{number} stored for {user_id}"
    return found[0]


def numbers(db: Database, user_id: str = "U1", *, team_id: str = TEAM) -> list[int]:
    return [i.number for i in items(db, user_id, team_id=team_id)]


def note_texts(db: Database, number: int, user_id: str = "U1") -> list[str]:
    return [n.text for n in item(db, number, user_id).notes]


def counts(db: Database) -> dict[str, int]:
    """Rows in every campaign table, to assert that nothing at all was stored."""
    with db.session() as s:
        return {
            "member": s.scalar(select(func.count()).select_from(Member)) or 0,
            "item": s.scalar(select(func.count()).select_from(CampaignItem)) or 0,
            "note": s.scalar(select(func.count()).select_from(EvidenceNote)) or 0,
        }
