"""Manager links against a real database: `active_manager_link` is the access check (nothing
before accepting, after unlinking, for anyone else or in another team), the partial unique
indexes hold one pending and one active link per member, and answers can't both win."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

import pytest
from sqlalchemy.exc import IntegrityError

from bot.db import Database
from bot.models import ManagerLink
from bot.services import manager_links
from bot.services.blurbs import Colleague
from bot.services.errors import NotFound, UserError
from tests.support import factories

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
TEAM = factories.TEAM


def person(user_id: str) -> Colleague:
    return Colleague(user_id=user_id, is_bot=False, deleted=False)


def request(db: Database, manager: str = "U2", member: str = "U1") -> int:
    with db.session() as session:
        return manager_links.create_request(
            session, team_id=TEAM, user_id=member, manager=person(manager), now=NOW
        ).link.id


def accept(db: Database, link_id: int, manager: str = "U2") -> None:
    with db.session() as session:
        manager_links.accept(session, team_id=TEAM, user_id=manager, link_id=link_id, now=NOW)


def can_see(db: Database, manager: str = "U2", member: str = "U1", team: str = TEAM) -> bool:
    with db.session() as session:
        link = manager_links.active_manager_link(
            session, team_id=team, manager_user_id=manager, member_user_id=member
        )
        return link is not None


def test_the_access_check_grants_only_an_accepted_unended_link(db: Database) -> None:
    link_id = request(db)
    assert not can_see(db)  # asked is not accepted
    accept(db, link_id)
    assert can_see(db)
    assert not can_see(db, manager="U3")  # someone else
    assert not can_see(db, member="U3")  # someone else's member
    assert not can_see(db, team="T2")  # the same ids in another team
    with db.session() as session:
        manager_links.unlink_by_member(session, team_id=TEAM, user_id="U1", now=NOW)
    assert not can_see(db)


def test_the_access_check_ends_when_the_manager_unlinks_or_is_replaced(db: Database) -> None:
    first = request(db)
    accept(db, first)
    second = request(db, manager="U3")
    assert can_see(db) and not can_see(db, manager="U3")  # pending changes nothing yet
    accept(db, second, manager="U3")
    assert not can_see(db) and can_see(db, manager="U3")
    with db.session() as session:
        manager_links.unlink_by_manager(
            session, team_id=TEAM, user_id="U3", link_id=second, now=NOW
        )
    assert not can_see(db, manager="U3")


def test_declined_and_withdrawn_requests_grant_nothing(db: Database) -> None:
    declined = request(db)
    with db.session() as session:
        manager_links.decline(session, team_id=TEAM, user_id="U2", link_id=declined, now=NOW)
    assert not can_see(db)
    withdrawn = request(db, manager="U3")
    request(db, manager="U4")
    with db.session() as session:
        assert session.get(ManagerLink, withdrawn).state == "withdrawn"  # type: ignore[union-attr]
    with pytest.raises(UserError, match="withdrew"):
        accept(db, withdrawn, manager="U3")
    assert not can_see(db, manager="U3")


@pytest.mark.parametrize(("user", "team"), [("U1", TEAM), ("U3", TEAM), ("U2", "T2")])
def test_only_the_person_asked_in_their_team_can_answer(db: Database, user: str, team: str) -> None:
    link_id = request(db)
    with db.session() as session, pytest.raises(NotFound):
        manager_links.accept(session, team_id=team, user_id=user, link_id=link_id, now=NOW)
    assert not can_see(db)


@pytest.mark.parametrize("state", ["pending", "active"])
def test_the_database_holds_one_pending_and_one_active_link_per_member(
    db: Database, state: str
) -> None:
    """Even two requests (or accepts) that race past the checks can't both be stored."""
    with db.session() as session:
        member = factories.member(session)
        member_id = member.id
    for manager in ("U2", "U3"):
        refused = pytest.raises(IntegrityError) if manager == "U3" else nullcontext()
        with refused, db.session() as session:
            session.add(
                ManagerLink(
                    team_id=TEAM,
                    member_id=member_id,
                    manager_user_id=manager,
                    state=state,
                    requested_at=NOW,
                )
            )


def test_a_pending_and_an_active_link_live_side_by_side(db: Database) -> None:
    accept(db, request(db))
    request(db, manager="U3")
    with db.session() as session:
        status = manager_links.status(session, team_id=TEAM, user_id="U1")
        assert status.active is not None and status.active.manager_user_id == "U2"
        assert status.pending is not None and status.pending.manager_user_id == "U3"
