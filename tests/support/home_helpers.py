"""Helpers for tests that drive the Home tab and modals: read what the bot published or opened,
and seed a member's list through the service layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack
from bot.models import CampaignItem, EvidenceNote, Member
from bot.services import campaign
from bot.services.campaign import ItemFields
from tests.support.blockkit import check_view
from tests.support.readers import as_view
from tests.support.slack_requests import TEAM, Reply


def count(fake: FakeSlack, method: str) -> int:
    return len(fake.calls_to(method))


def wait_view(fake: FakeSlack, method: str, *, before: int) -> tuple[Call, dict[str, Any]]:
    """The first `method` call made after `before` calls had been recorded, and its view."""
    call = fake.wait_for(method, count=before + 1)[before]
    return call, as_view(call.args["view"])


def home_after(fake: FakeSlack, *, before: int, user: str = "U1") -> dict[str, Any]:
    """The Home view published after `before` publishes; it must be for `user`."""
    call, view = wait_view(fake, "views.publish", before=before)
    assert call.args["user_id"] == user, f"Home published for {call.args['user_id']}, not {user}"
    assert view["type"] == "home"
    return view


def modal_after(fake: FakeSlack, *, before: int) -> dict[str, Any]:
    """The modal opened after `before` views.open calls."""
    _, view = wait_view(fake, "views.open", before=before)
    assert view["type"] == "modal"
    return view


def ack_view(reply: Reply) -> dict[str, Any]:
    """The view a view_submission ack replaced the modal with; checked like a sent view."""
    body = reply.json()
    assert body.get("response_action") == "update", reply.body
    view: dict[str, Any] = body["view"]
    check_view(view)
    return view


# --- database -----------------------------------------------------------------------------


def seed_items(
    db: Database,
    now: dt.datetime,
    texts: Iterable[str],
    *,
    user: str = "U1",
    done: Iterable[int] = (),
) -> list[int]:
    """Add items for `user` through the service layer; `done` holds 0-based positions to finish.

    Returns the item ids (DB primary keys) in the order added.
    """
    done_positions = set(done)
    ids: list[int] = []
    with db.session() as session:
        for position, text in enumerate(texts):
            item = campaign.add_item(
                session, team_id=TEAM, user_id=user, fields=ItemFields(text), now=now
            )
            if position in done_positions:
                campaign.complete_item(session, item=item, evidence="", now=now)
            ids.append(item.id)
    return ids


def item_snapshot(db: Database, item_id: int) -> dict[str, Any] | None:
    """What a person could see of an item, to compare before and after a forged request."""
    with db.session() as session:
        item = session.get(CampaignItem, item_id)
        if item is None:
            return None
        return {
            "member": item.member.user_id,
            "number": item.number,
            "text": item.text,
            "status": item.status,
            "asked_by": item.asked_by_user_id,
            "area": item.area,
            "due": item.due_date,
            "notes": [n.text for n in item.notes],
        }


def items_of(db: Database, user: str = "U1") -> list[CampaignItem]:
    with db.session() as session:
        member = session.scalar(
            select(Member).where(Member.team_id == TEAM, Member.user_id == user)
        )
        if member is None:
            return []
        return list(
            session.scalars(
                select(CampaignItem)
                .where(CampaignItem.member_id == member.id)
                .order_by(CampaignItem.number)
            )
        )


def member_of(db: Database, user: str = "U1") -> Member | None:
    with db.session() as session:
        return session.scalar(select(Member).where(Member.team_id == TEAM, Member.user_id == user))


def row_counts(db: Database) -> tuple[int, int, int]:
    """(members, items, notes) across the whole database."""
    with db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Member)) or 0,
            session.scalar(select(func.count()).select_from(CampaignItem)) or 0,
            session.scalar(select(func.count()).select_from(EvidenceNote)) or 0,
        )
