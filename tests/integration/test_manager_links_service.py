"""Manager links against a real database: `active_manager_link` is the access check (nothing
before accepting, after unlinking, for anyone else or in another team), the partial unique
indexes hold one pending and one active link per member, and answers can't both win."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.db import Database
from bot.domain.manager_links import EXPIRES_AFTER
from bot.jobs.manager_request_expiry import expire_manager_requests
from bot.models import ManagerLink
from bot.services import manager_links
from bot.services.blurbs import Colleague
from bot.services.errors import NotFound, UserError
from tests.support import factories
from tests.support.blockkit import check_message
from tests.support.fake_messenger import FakeMessenger

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
        status = manager_links.status(session, team_id=TEAM, user_id="U1", now=NOW)
        assert status.active is not None and status.active.manager_user_id == "U2"
        assert status.pending is not None and status.pending.manager_user_id == "U3"


# --- expiry ----------------------------------------------------------------------------------

DEADLINE = NOW + EXPIRES_AFTER


def delivered_request(db: Database, member: str, manager: str = "U2") -> int:
    link_id = request(db, manager=manager, member=member)
    with db.session() as session:
        manager_links.mark_delivered(session, link_id=link_id, channel=f"D{manager}", ts=member)
    return link_id


def states(db: Database) -> dict[int, str]:
    with db.session() as session:
        return {link.id: link.state for link in session.scalars(select(ManagerLink))}


def test_expiry_takes_a_batch_at_a_time_and_only_overdue_pending_requests(db: Database) -> None:
    overdue = [delivered_request(db, member) for member in ("U1", "U3", "U4", "U5")]
    accepted = delivered_request(db, "U6")
    accept(db, accepted)
    with db.session() as session:
        assert manager_links.expire_requests(session, now=DEADLINE - dt.timedelta(1)) == []
        assert len(manager_links.expire_requests(session, now=DEADLINE, limit=3)) == 3
    with db.session() as session:
        assert len(manager_links.expire_requests(session, now=DEADLINE, limit=3)) == 1
    with db.session() as session:
        assert manager_links.expire_requests(session, now=DEADLINE + dt.timedelta(999)) == []
    assert states(db) == {**dict.fromkeys(overdue, "expired"), accepted: "active"}


def test_the_expiry_job_closes_each_dm_and_tells_each_member_once(db: Database) -> None:
    for member in ("U1", "U3"):
        delivered_request(db, member)
    messenger = FakeMessenger()

    done = expire_manager_requests(db=db, messenger=messenger, now=DEADLINE, batch=1)
    assert expire_manager_requests(db=db, messenger=messenger, now=DEADLINE, batch=1) == {}

    assert done == {"manager_requests_expired": 2}
    closed = [said.to for said in messenger.said if said.kind == "update"]
    assert sorted(closed) == ["DU2/U1", "DU2/U3"]
    told = [said.to for said in messenger.said if said.kind == "dm"]
    assert sorted(told) == ["U1", "U3"]
    for said in messenger.said:
        assert said.message is not None
        check_message(said.message.to_dict())
        assert "expired" in str(said.message.to_dict())


def test_two_transactions_never_take_the_same_request(db: Database) -> None:
    """`take_batch` skips rows another transaction holds (Postgres; SQLite serialises writers,
    so there the second would wait for the first)."""
    if not db.url.startswith("postgresql"):
        pytest.skip("concurrent writers: Postgres only")
    ids = {delivered_request(db, member) for member in ("U1", "U3", "U4")}
    with db.session() as first:
        one = manager_links.expire_requests(first, now=DEADLINE, limit=1)
        with db.session() as second:
            rest = manager_links.expire_requests(second, now=DEADLINE, limit=10)
    assert len(one) == 1 and len(rest) == 2
    assert {link.id for link in one} | {link.id for link in rest} == ids
    assert set(states(db).values()) == {"expired"}


def test_a_press_past_the_deadline_is_refused_and_an_expired_request_blocks_no_new_one(
    db: Database,
) -> None:
    link_id = request(db)
    for answer in (manager_links.accept, manager_links.decline):
        with db.session() as session, pytest.raises(UserError, match="This request expired"):
            answer(session, team_id=TEAM, user_id="U2", link_id=link_id, now=DEADLINE)
    with db.session() as session:
        manager_links.expire_requests(session, now=DEADLINE)
    with db.session() as session:
        assert (
            manager_links.status(session, team_id=TEAM, user_id="U1", now=DEADLINE).pending is None
        )
        manager_links.check_request(
            session, team_id=TEAM, user_id="U1", manager_user_id="U2", now=DEADLINE
        )
    again = request(db)
    assert states(db) == {link_id: "expired", again: "pending"}
