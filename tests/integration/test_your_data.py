"""Your data on a real database: the export has every table's rows for the member and nothing
of anyone else; forget-me leaves no row anywhere naming them (every string column of every
table, by reflection) and other members' data intact but for what named them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, func, select
from sqlalchemy.orm import Session

from bot.db import Database
from bot.models import Base, BlurbRequest, CampaignItem, CheckIn, Member
from bot.services import your_data
from tests.support import factories
from tests.support.clock import START
from tests.support.full_history import Names, seed
from tests.support.slack_requests import TEAM

KOFI = Names(manager="U3", stakeholder="U4", asked_by="U3", blurb_writer="U5")
# Bea's rows name Kofi everywhere they can: he manages her, is her stakeholder, asked her for
# an item and wrote her a blurb (and has one more ask of hers still open).
BEA = Names(manager="U1", stakeholder="U1", asked_by="U1", blurb_writer="U1")
PERSONAL = {table.name for table in Base.metadata.sorted_tables} - your_data.NOT_PERSONAL


def seed_two(db: Database) -> None:
    with db.session() as session:
        seed(session, user_id="U1", marker="KOFI", names=KOFI, channel="C1")
        bea = seed(session, user_id="U2", marker="BEA", names=BEA, channel="C2")
        factories.blurb_request(session, owner=bea, colleague_user_id="U1", about="BEA open ask")


def counts(db: Database, user_id: str) -> dict[str, int]:
    with db.session() as session:
        rows = your_data.owned_rows(session, team_id=TEAM, user_id=user_id)
    return {name: len(found) for name, found in rows.items()}


def holding(session: Session, needle: str) -> list[str]:
    """Every table.column whose value contains `needle` (every string column, by reflection)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.c:
            if isinstance(column.type, String | Text):
                hits = session.scalar(
                    select(func.count()).select_from(table).where(column.contains(needle))
                )
                if hits:
                    found.append(f"{table.name}.{column.name}")
    return found


def test_the_export_has_every_tables_rows_for_the_member_and_nothing_of_anyone_else(
    db: Database,
) -> None:
    seed_two(db)
    with db.session() as session:
        data = your_data.export(session, team_id=TEAM, user_id="U1", now=START)
    assert set(data["tables"]) == PERSONAL
    assert [name for name in PERSONAL if not data["tables"][name]] == []
    text = json.dumps(data)
    assert "BEA" not in text and "U2" not in text
    assert {row["user_id"] for row in data["tables"]["member"]} == {"U1"}
    assert data["tables"]["campaign_item"][0]["asked_by_user_id"] == "U3"
    assert data["written_by_you"] == {
        "blurbs": [
            {
                "blurb": "A great partner on the migration",
                "may_share": True,
                "answered_at": START.isoformat(),
            }
        ]
    }
    assert data["tables"]["digest"][0]["channel_id"] == "C1"


def test_every_table_is_placed_and_a_new_one_must_be() -> None:
    mystery = Table("mystery", MetaData(), Column("id", Integer, primary_key=True))
    with pytest.raises(your_data.UnplacedTable, match="mystery"):
        your_data._owner_condition(mystery, member_id=1, team_id=TEAM, user_id="U1", found={})


def test_forget_me_counts_what_it_deletes(db: Database) -> None:
    seed_two(db)
    with db.session() as session:
        plan = your_data.plan(session, team_id=TEAM, user_id="U1")
    assert plan == your_data.ForgetPlan(
        items=2,
        evidence=1,
        checkins=2,
        wins=1,
        reflections=1,
        confidence_answers=1,
        stakeholders=1,
        stakeholder_log=1,
        stakeholder_asks=1,
        updates=1,
        blurb_requests=1,
        manager_links=1,
        packet_shares=1,
        blurbs_written=1,
        items_asked_for_others=1,
        managing=1,
        on_stakeholder_lists=1,
    )


def test_after_forget_me_no_row_anywhere_names_them_and_others_are_intact(db: Database) -> None:
    seed_two(db)
    bea_before = counts(db, "U2")
    with db.session() as session:
        done = your_data.forget(session, team_id=TEAM, user_id="U1")
    assert done.homes == ("U2", "U3")  # Bea (he managed her) and Dana (his manager)
    with db.session() as session:
        assert your_data.leftovers(session, user_id="U1") == []
        assert holding(session, "U1") == []
        assert holding(session, "KOFI") == []
        assert session.scalar(select(Member).where(Member.user_id == "U1")) is None
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        assert bea.manager_user_id is None
        items = session.scalars(select(CampaignItem).where(CampaignItem.member_id == bea.id))
        assert [(i.text, i.asked_by_user_id) for i in items] == [
            ("BEA item", None),
            ("BEA second item", None),
        ]
        [blurb] = session.scalars(select(BlurbRequest).where(BlurbRequest.member_id == bea.id))
        assert (blurb.blurb, blurb.colleague_user_id) == ("A great partner on the migration", "")
        checkins = session.scalars(select(CheckIn).where(CheckIn.member_id == bea.id))
        assert {c.stakeholder_user_id for c in checkins} == {None}
        assert holding(session, "BEA") != []
    removed = {
        "manager_link": 1,  # Kofi managed her: the link goes on both sides
        "stakeholder": 1,  # Kofi was her stakeholder, with his log
        "stakeholder_contact": 1,
        "stakeholder_ask": 1,
        "update_recipient": 1,  # her update to him
        "packet_share": 1,
        "blurb_request": 1,  # her open ask to him; the blurb he wrote stays
    }
    assert counts(db, "U2") == {
        name: count - removed.get(name, 0) for name, count in bea_before.items()
    }


def test_forget_me_for_someone_with_nothing_stored_changes_nothing(db: Database) -> None:
    seed_two(db)
    bea_before = counts(db, "U2")
    with db.session() as session:
        done = your_data.forget(session, team_id=TEAM, user_id="U9")
    assert not done.plan.anything and done.homes == ()
    assert counts(db, "U2") == bea_before


def test_forget_me_takes_their_mentions_out_of_other_members_text(db: Database) -> None:
    """Bea's own notes keep what she wrote, with Kofi no longer named; someone else whose id
    starts the same stays mentioned."""
    seed_two(db)
    with db.session() as session:
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        item = factories.item(session, owner=bea, text="Pair with <@U1|kofi> on BEA's rollout")
        factories.win(session, owner=bea, text="<@U1> and <@U12> helped; thanks <@U1>!")
    with db.session() as session:
        assert your_data.plan(session, team_id=TEAM, user_id="U1").mentions == 2
        your_data.forget(session, team_id=TEAM, user_id="U1")
    with db.session() as session:
        assert session.get(CampaignItem, item.id).text == (  # type: ignore[union-attr]
            "Pair with a former colleague on BEA's rollout"
        )
        assert holding(session, "<@U1>") == [] and holding(session, "<@U1|") == []
        assert holding(session, "a former colleague and <@U12> helped; thanks a former colleague!")
        assert your_data.leftovers(session, user_id="U1") == []


def test_forget_me_returns_the_counts_the_confirm_named(db: Database) -> None:
    """What `forget` says it did is what `plan` showed before: its own rows, other members'
    rows naming them, and the mentions it replaced (not those in rows it deleted)."""
    seed_two(db)
    with db.session() as session:
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        kofi = session.scalars(select(Member).where(Member.user_id == "U1")).one()
        factories.win(session, owner=bea, text="<@U1> helped; thanks <@U1|kofi>!")
        factories.win(session, owner=kofi, text="Paired with myself, <@U1>")
    with db.session() as session:
        shown = your_data.plan(session, team_id=TEAM, user_id="U1")
    with db.session() as session:
        done = your_data.forget(session, team_id=TEAM, user_id="U1")
    assert shown.mentions == 1
    assert done.plan == shown


def test_leftovers_finds_a_column_holding_the_id_and_one_mentioning_it(db: Database) -> None:
    seed_two(db)
    with db.session() as session:
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        factories.win(session, owner=bea, text="Thanks <@U1|kofi>")
    with db.session() as session:
        found = your_data.leftovers(session, user_id="U1")
        prefix = your_data.leftovers(session, user_id="U")
    assert {"member.user_id", "win.text"} <= set(found)
    assert "member.user_id" not in prefix and "win.text" not in prefix
