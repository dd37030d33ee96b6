"""Asking for the role (issue 13, part 3): the prep for the promotion conversation, drawn from
the member's own data. The ready move's "Prepare the conversation" and `/mgr-goal ready` open
it; it works with little data too, and says what is thin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.areas import SkillArea
from bot.domain.case import ItemFacts, strongest
from bot.domain.items import ItemStatus
from bot.models import CampaignItem
from bot.services import blurbs, manager_links, stakeholders, wins
from bot.services.errors import UserError
from bot.services.members import find_member, zone

NOT_SET_UP = "You have no campaign yet. Start with `/mgr-goal setup`, then add what you'd need."
TESTIMONIALS_SHOWN = 3


@dataclass(frozen=True)
class SharedBlurb:
    """A written testimonial its writer allowed the member to share."""

    writer_user_id: str
    text: str


@dataclass(frozen=True)
class ReadyPrep:
    """The talking points, the ask, and what is thin."""

    target_role: str | None
    target_date: dt.date | None
    done: int
    total: int
    strongest: list[ItemFacts]
    areas: list[SkillArea]
    testimonials: list[SharedBlurb] = field(default_factory=list)
    stakeholder_user_ids: list[str] = field(default_factory=list)
    manager_user_id: str | None = None

    @property
    def thin(self) -> list[str]:
        """What the case is short of, in words for the member."""
        gaps = []
        if not self.target_role:
            gaps.append("no target role yet (`/mgr-goal setup`)")
        if len(self.strongest) < 3:
            gaps.append(
                f"{len(self.strongest)} done item{'s' if len(self.strongest) != 1 else ''} "
                "with evidence (3 make a case: add evidence with `/mgr-goal note`)"
            )
        if not self.testimonials:
            gaps.append("no testimonials you may share (`/mgr-goal blurb @someone …`)")
        if not self.manager_user_id and not self.stakeholder_user_ids:
            gaps.append("nobody to vouch for you yet: no manager linked, no stakeholders")
        return gaps


def prep_for(session: Session, *, team_id: str, user_id: str) -> ReadyPrep:
    """The caller's prep for the promotion conversation. Only their own rows are read."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        raise UserError(NOT_SET_UP)
    member_zone = zone(member)
    items = session.scalars(
        select(CampaignItem)
        .where(CampaignItem.member_id == member.id)
        .options(selectinload(CampaignItem.notes))
    ).all()
    done_items = [i for i in items if i.status == ItemStatus.DONE]

    def local(at: dt.datetime | None) -> dt.date | None:
        return at.astimezone(member_zone).date() if at is not None else None

    facts = []
    for item in done_items:
        notes = sorted(item.notes, key=lambda n: (n.created_at, n.id), reverse=True)
        facts.append(
            ItemFacts(
                number=item.number,
                text=item.text,
                area=item.area,
                evidence=tuple(n.text for n in notes),
                newest_evidence=local(notes[0].created_at) if notes else None,
                done_on=local(item.done_at),
            )
        )
    covered = {i.area for i in done_items if i.area} | set(wins.area_counts(session, member=member))
    shareable = blurbs.received_blurbs(
        session, member=member, limit=TESTIMONIALS_SHOWN, shareable_only=True
    )
    return ReadyPrep(
        target_role=member.target_role,
        target_date=member.target_date,
        done=len(done_items),
        total=len(items),
        strongest=strongest(facts),
        areas=[a for a in SkillArea if a.value in covered],
        testimonials=[SharedBlurb(b.colleague_user_id, b.blurb or "") for b in shareable],
        stakeholder_user_ids=[
            s.user_id for s in stakeholders.stakeholders_of(session, member=member)
        ],
        manager_user_id=_linked_manager(session, team_id=team_id, user_id=user_id),
    )


def _linked_manager(session: Session, *, team_id: str, user_id: str) -> str | None:
    """The manager who accepted the link (an asked one has not vouched for anything yet)."""
    active = manager_links.active_link(session, team_id=team_id, user_id=user_id)
    return active.manager_user_id if active is not None else None
