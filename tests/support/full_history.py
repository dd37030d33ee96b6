"""A member with a row in every table, for the export and forget-me tests.

`seed(session, user_id=…, marker=…, names=…)` gives one member everything: items with evidence,
check-ins, wins, blurb requests (one written), a manager link, stakeholders with their log and
an ask, a monthly update and its recipients, confidence answers, a reflection, a packet share,
an opt-out, a departed record and a digest they turned on. Every free text carries `marker`, so
a test can tell whose text ended up where. `names` are the other people this member's rows
point at (their manager, a stakeholder, who asked for an item, who wrote a blurb).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.models import (
    BlurbOptOut,
    ConfidenceAnswer,
    DepartedUser,
    DigestPost,
    EvidenceNote,
    ManagerLink,
    Member,
    MonthlyUpdate,
    PacketShare,
    Reflection,
    Stakeholder,
    StakeholderAsk,
    StakeholderContact,
    UpdateRecipient,
    ViewSubmission,
)
from tests.support import factories
from tests.support.clock import START
from tests.support.slack_requests import TEAM


@dataclass(frozen=True)
class Names:
    """The other people one member's rows name."""

    manager: str
    stakeholder: str
    asked_by: str
    blurb_writer: str


def seed(
    session: Session,
    *,
    user_id: str,
    marker: str,
    names: Names,
    channel: str,
    now: dt.datetime = START,
    departed: bool = True,
) -> Member:
    member = factories.member(
        session, user_id=user_id, why=f"{marker} why", target_role=f"{marker} role"
    )
    member.manager_user_id = names.manager
    item = factories.item(
        session, owner=member, text=f"{marker} item", asked_by_user_id=names.asked_by
    )
    factories.item(session, owner=member, text=f"{marker} second item")
    session.add(EvidenceNote(item_id=item.id, text=f"{marker} evidence", created_at=now))
    checkin = factories.checkin(
        session,
        owner=member,
        stakeholder_user_id=names.stakeholder,
        outcome=f"{marker} outcome",
        item_id=item.id,
    )
    factories.checkin(session, owner=member, week="2026-W50")
    win = factories.win(
        session, owner=member, text=f"{marker} win", item_id=item.id, checkin_id=checkin.id
    )
    factories.blurb_request(
        session,
        owner=member,
        colleague_user_id=names.blurb_writer,
        about=f"{marker} about",
        state="written",
        blurb="A great partner on the migration",
        answered_at=now,
        win_id=win.id,
    )
    session.add(
        ManagerLink(
            team_id=TEAM,
            member_id=member.id,
            manager_user_id=names.manager,
            state="active",
            requested_at=now,
        )
    )
    stakeholder = Stakeholder(
        team_id=TEAM,
        member_id=member.id,
        user_id=names.stakeholder,
        note=f"{marker} note",
        added_at=now,
    )
    session.add(stakeholder)
    session.flush()
    session.add(StakeholderContact(stakeholder_id=stakeholder.id, at=now, note=f"{marker} met"))
    session.add(
        StakeholderAsk(
            team_id=TEAM,
            member_id=member.id,
            stakeholder_user_id=names.stakeholder,
            state="open",
            expires_at=now + dt.timedelta(days=14),
            created_at=now,
        )
    )
    update = MonthlyUpdate(
        team_id=TEAM, member_id=member.id, text=f"{marker} update", created_at=now
    )
    session.add(update)
    session.flush()
    for to in dict.fromkeys((names.manager, names.stakeholder)):
        session.add(UpdateRecipient(update_id=update.id, user_id=to, state="sent", sent_at=now))
    session.add(
        ConfidenceAnswer(
            member_id=member.id, checkin_id=checkin.id, level="steady", answered_at=now
        )
    )
    session.add(
        Reflection(
            member_id=member.id,
            checkin_id=checkin.id,
            still_want="yes",
            energised=f"{marker} energised",
            drained=f"{marker} drained",
            created_at=now,
        )
    )
    session.add(
        PacketShare(
            team_id=TEAM,
            member_id=member.id,
            manager_user_id=names.manager,
            note=f"{marker} packet note",
            state="sent",
            created_at=now,
        )
    )
    session.add(BlurbOptOut(team_id=TEAM, user_id=user_id, created_at=now))
    if departed:  # a person Slack deleted, for the tables' sake (nothing is sent to them)
        session.add(DepartedUser(team_id=TEAM, user_id=user_id, departed_at=now))
    digest = factories.digest(session, channel_id=channel, turned_on_by=user_id)
    session.add(
        DigestPost(
            digest_id=digest.id,
            week="2026-W49",
            window_start=now,
            window_end=now,
            due_at=now,
            created_at=now,
        )
    )
    session.add(
        ViewSubmission(team_id=TEAM, view_id=f"V{channel}", callback_id="x", created_at=now)
    )
    session.flush()
    return member
