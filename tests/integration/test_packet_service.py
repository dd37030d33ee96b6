"""The packet's use case on a real database: what it gathers (consented testimonials only,
sent updates only, names or role words, never a user id) and in how many statements."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event

from bot.db import Database
from bot.domain import packet as layout
from bot.models import MonthlyUpdate, Stakeholder, StakeholderContact, UpdateRecipient
from bot.services import packet
from tests.support import factories
from tests.support.fake_messenger import FakeMessenger

NOW = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)
TEAM = factories.TEAM


def seed(db: Database) -> None:
    with db.session() as session:
        kofi = factories.member(session, target_role="Team lead", why="People")
        other = factories.member(session, user_id="U9")
        factories.item(session, owner=kofi, text="From Carol", asked_by_user_id="U3")
        factories.item(session, owner=kofi, text="From the manager", asked_by_user_id="U2")
        factories.item(session, owner=other, text="Someone else's item")
        factories.win(session, owner=kofi, text="Shared win", shared=True, area="coaching")
        factories.win(session, owner=kofi, text="Private win")
        for writer, may_share, state in (
            ("U4", True, "written"),
            ("U5", False, "written"),
            ("U6", True, "open"),
        ):
            factories.blurb_request(
                session,
                owner=kofi,
                colleague_user_id=writer,
                may_share=may_share,
                state=state,
                blurb=f"Blurb by {writer.lower()}",
                answered_at=NOW,
            )
        carol = Stakeholder(
            team_id=TEAM, member_id=kofi.id, user_id="U3", note="platform", added_at=NOW
        )
        session.add(carol)
        session.flush()
        session.add(StakeholderContact(stakeholder_id=carol.id, at=NOW, note="coffee"))
        kofi.manager_user_id = "U2"
        for text, state in (("Sent update", "sent"), ("Failed update", "failed")):
            update = MonthlyUpdate(team_id=TEAM, member_id=kofi.id, text=text, created_at=NOW)
            session.add(update)
            session.flush()
            session.add(
                UpdateRecipient(update_id=update.id, user_id="U2", is_manager=True, state=state)
            )


def test_gathers_only_what_may_be_shown_and_names_people_by_role_when_unknown(
    db: Database,
) -> None:
    seed(db)
    messenger = FakeMessenger(profiles={"U3": {"real_name": "Carol Ng"}})
    built = packet.build(
        db=db, messenger=messenger, team_id=TEAM, user_id="U1", now=NOW, options=layout.Options()
    )
    text = built.files[0].content.decode()
    assert "Asked by Carol Ng (stakeholder)" in text
    assert "Asked by my manager (manager)" in text
    assert "Someone else's item" not in text
    assert "Blurb by u4" in text and "Blurb by u5" not in text and "Blurb by u6" not in text
    assert "— a colleague" in text
    assert "Sent update" in text and "Failed update" not in text
    assert "Carol Ng: platform" in text and "coffee" in text
    assert "Private win" not in text
    for user_id in ("U2", "U3", "U4", "U9"):
        assert user_id not in text
    assert built.files[1].content.startswith(b"%PDF")
    assert built.link_id is None  # named as manager, but not linked: no Send button


def test_a_fixed_number_of_statements_for_any_history(db: Database) -> None:
    seed(db)
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with db.session() as session:
        packet.gather(session, team_id=TEAM, user_id="U1")
    selects = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 13, selects  # member, links, and one per table: any history
