"""Alembic is the only schema source: it builds an empty database and matches the models."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, select, text

from bot.db import alembic_config, upgrade_to_head
from tests.conftest import POSTGRES_URL, postgres_url

# Unique per run: several checkouts may share one Postgres server.
SCRATCH_DB = f"mgrbot_migration_{uuid.uuid4().hex[:12]}"


def _sqlite(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'empty.db'}"


def _postgres() -> Iterator[str]:
    admin = create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB}"))
        connection.execute(text(f"CREATE DATABASE {SCRATCH_DB}"))
    url = postgres_url().rsplit("/", 1)[0] + f"/{SCRATCH_DB}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite"] + (["postgres"] if POSTGRES_URL else []))
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from (_postgres() if request.param == "postgres" else _sqlite(tmp_path))


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_builds_the_schema_and_check_finds_no_drift(empty_database: str) -> None:
    upgrade_to_head(empty_database)
    assert {"member", "campaign_item", "evidence_note", "alembic_version"} <= _tables(
        empty_database
    )
    command.check(alembic_config(empty_database))  # raises on any drift from the models


def test_downgrade_to_base_and_up_again(empty_database: str) -> None:
    config = alembic_config(empty_database)
    upgrade_to_head(empty_database)
    command.downgrade(config, "base")
    assert _tables(empty_database) <= {"alembic_version"}
    upgrade_to_head(empty_database)
    assert "campaign_item" in _tables(empty_database)


def test_upgrade_twice_is_harmless(empty_database: str) -> None:
    upgrade_to_head(empty_database)
    upgrade_to_head(empty_database)
    command.check(alembic_config(empty_database))


def test_upgrade_from_previous_head_keeps_members_and_schedules_them(empty_database: str) -> None:
    """A workspace on 0001 (no check-ins yet) upgrades; its members get a next check-in."""
    import datetime as dt

    from bot.db import Database
    from bot.services.checkins.rows import schedule_unscheduled
    from bot.services.members import find_member

    config = alembic_config(empty_database)
    command.upgrade(config, "0001")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                " paused, next_item_number, created_at, updated_at) VALUES ('T1', 'U1',"
                " 'Asia/Kolkata', 2, '08:30:00', false, 4, '2026-11-01 10:00:00+00:00',"
                " '2026-11-01 10:00:00+00:00')"
            )
        )
    engine.dispose()
    upgrade_to_head(empty_database)
    db = Database(empty_database)
    now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)  # Monday
    with db.session() as session:
        assert schedule_unscheduled(session, now=now) == 1
        member = find_member(session, team_id="T1", user_id="U1")
        assert member is not None and member.next_item_number == 4
        assert member.next_checkin_at == dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC)
    db.engine.dispose()


def test_upgrade_from_0002_keeps_members_and_check_ins(empty_database: str) -> None:
    """A workspace on 0002 (check-ins, no wins) upgrades; its data stays and wins work."""
    import datetime as dt

    from bot.db import Database
    from bot.services import digests, wins
    from bot.services.members import find_member

    config = alembic_config(empty_database)
    command.upgrade(config, "0002")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                " paused, next_item_number, next_checkin_at, created_at, updated_at) VALUES"
                " ('T1', 'U1', 'Europe/Berlin', 0, '09:00:00', false, 2,"
                " '2026-11-30 08:00:00+00:00', '2026-11-01 10:00:00+00:00',"
                " '2026-11-01 10:00:00+00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO checkin (member_id, week, kind, move_id, shown_moves,"
                " core_work_first, state, due_at, attempts, created_at) SELECT id, '2026-W48',"
                " 'checkin', 'mentor-newcomer', 'mentor-newcomer', false, 'sent',"
                " '2026-11-23 08:00:00+00:00', 0, '2026-11-23 08:00:00+00:00' FROM member"
            )
        )
    engine.dispose()
    upgrade_to_head(empty_database)
    command.check(config)
    db = Database(empty_database)
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    with db.session() as session:
        member = find_member(session, team_id="T1", user_id="U1")
        assert member is not None and member.team_channel_id is None
        assert member.next_checkin_at == dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
        wins.set_team_channel(session, team_id="T1", user_id="U1", channel_id="C1", now=now)
        wins.log_win(session, team_id="T1", user_id="U1", text="Ran the retro", share=True, now=now)
    with db.session() as session:
        shared = digests.shared_wins(
            session,
            team_id="T1",
            channel_id="C1",
            start=now - dt.timedelta(days=1),
            end=now + dt.timedelta(days=1),
        )
        assert [w.text for w in shared] == ["Ran the retro"]
    db.engine.dispose()


def test_upgrade_from_0003_keeps_the_newest_of_two_open_requests_to_one_person(
    empty_database: str,
) -> None:
    """Under 0003 two racing asks could leave a pair with two open requests; 0004 keeps the
    newest open (its DM is the one the colleague sees last) and then refuses a second one."""
    import sqlalchemy.exc

    config = alembic_config(empty_database)
    command.upgrade(config, "0003")
    engine = create_engine(empty_database)
    member = (
        "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
        " paused, next_item_number, created_at, updated_at) VALUES ('T1', 'U1', 'UTC', 0,"
        " '09:00:00', false, 1, '2026-11-01 10:00:00+00:00', '2026-11-01 10:00:00+00:00')"
    )
    request = (
        "INSERT INTO blurb_request (member_id, colleague_user_id, about, state, expires_at,"
        " may_share, created_at) SELECT id, 'U2', :about, :state, '2026-12-10 10:00:00+00:00',"
        " true, '2026-11-26 10:00:00+00:00' FROM member"
    )
    with engine.begin() as connection:
        connection.execute(text(member))
        for about, state in (("older", "open"), ("answered", "written"), ("newer", "open")):
            connection.execute(text(request), {"about": about, "state": state})
    upgrade_to_head(empty_database)
    command.check(config)
    with engine.begin() as connection:
        rows = connection.execute(text("SELECT about, state FROM blurb_request ORDER BY id"))
        assert [tuple(r) for r in rows] == [
            ("older", "expired"),
            ("answered", "written"),
            ("newer", "open"),
        ]
    with pytest.raises(sqlalchemy.exc.IntegrityError), engine.begin() as connection:
        connection.execute(text(request), {"about": "third", "state": "open"})
    engine.dispose()


def test_upgrade_from_0004_keeps_the_data_and_a_modal_is_stored_once(empty_database: str) -> None:
    """A workspace on 0004 upgrades; its items stay, and from now on a repeated submission of
    one modal is recognised."""
    import datetime as dt

    from bot.db import Database
    from bot.services import submission_keys
    from bot.services.campaign import list_items

    config = alembic_config(empty_database)
    command.upgrade(config, "0004")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                " paused, next_item_number, created_at, updated_at) VALUES ('T1', 'U1', 'UTC', 0,"
                " '09:00:00', false, 2, '2026-11-01 10:00:00+00:00', '2026-11-01 10:00:00+00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO campaign_item (member_id, number, text, status, created_at)"
                " SELECT id, 1, 'Mentor the new hire', 'open', '2026-11-01 10:00:00+00:00'"
                " FROM member"
            )
        )
    engine.dispose()
    upgrade_to_head(empty_database)
    command.check(config)
    db = Database(empty_database)
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    key = {"team_id": "T1", "view_id": "V1", "callback_id": "item_modal", "now": now}
    with db.session() as session:
        assert [i.text for i in list_items(session, team_id="T1", user_id="U1")] == [
            "Mentor the new hire"
        ]
        assert submission_keys.claim(session, **key) is True
    with db.session() as session:
        assert submission_keys.claim(session, **key) is False
    db.engine.dispose()


def test_upgrade_from_0005_gives_check_ins_back_to_members_a_bad_token_marked(
    empty_database: str,
) -> None:
    """Members marked unreachable because the bot's token was bad get check-ins again without
    running `resume`; a member who blocked the bot stays marked."""
    import datetime as dt

    from bot.db import Database
    from bot.models import Member
    from bot.services.checkins import rows

    command.upgrade(alembic_config(empty_database), "0005")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        for user_id, reason in (
            ("U1", "invalid_auth"),
            ("U2", "account_inactive"),
            ("U3", "cannot_dm_bot"),
        ):
            connection.execute(
                text(
                    "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                    " paused, next_item_number, created_at, updated_at, unreachable) VALUES ('T1',"
                    " :user_id, 'UTC', 0, '09:00:00', false, 1, '2026-11-01 10:00:00+00:00',"
                    " '2026-11-01 10:00:00+00:00', :reason)"
                ),
                {"user_id": user_id, "reason": reason},
            )
    engine.dispose()
    upgrade_to_head(empty_database)
    db = Database(empty_database)
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
    with db.session() as session:
        rows.schedule_unscheduled(session, now=now)
    with db.session() as session:
        members = {m.user_id: m for m in session.scalars(select(Member))}
        assert members["U1"].unreachable is None and members["U1"].next_checkin_at is not None
        assert members["U2"].unreachable is None and members["U2"].next_checkin_at is not None
        assert members["U3"].unreachable == "cannot_dm_bot"
        assert members["U3"].next_checkin_at is None
    db.engine.dispose()


def test_upgrade_from_0006_keeps_members_and_adds_manager_links(empty_database: str) -> None:
    """0007 only adds the manager_link table: members (and a manager named through setup)
    stay as they were, and a link can be asked for at once."""
    import datetime as dt

    from bot.db import Database
    from bot.services import manager_links
    from bot.services.blurbs import Colleague

    command.upgrade(alembic_config(empty_database), "0006")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                " paused, next_item_number, created_at, updated_at, manager_user_id) VALUES"
                " ('T1', 'U1', 'UTC', 0, '09:00:00', false, 1, '2026-11-01 10:00:00+00:00',"
                " '2026-11-01 10:00:00+00:00', 'U9')"
            )
        )
    engine.dispose()
    assert "manager_link" not in _tables(empty_database)
    upgrade_to_head(empty_database)
    assert "manager_link" in _tables(empty_database)
    db = Database(empty_database)
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
    with db.session() as session:
        requested = manager_links.create_request(
            session,
            team_id="T1",
            user_id="U1",
            manager=Colleague(user_id="U2", is_bot=False, deleted=False),
            now=now,
        )
        assert requested.link.member.manager_user_id == "U9"
    with db.session() as session:
        assert (
            manager_links.active_manager_link(
                session, team_id="T1", manager_user_id="U9", member_user_id="U1"
            )
            is None
        )  # a manager named through setup before links existed is granted nothing
    db.engine.dispose()
    command.downgrade(alembic_config(empty_database), "0006")
    assert "manager_link" not in _tables(empty_database)


def test_upgrade_from_0007_keeps_members_and_adds_stakeholders(empty_database: str) -> None:
    """0008 only adds the stakeholder tables: members stay, and can add one at once."""
    import datetime as dt

    from bot.db import Database
    from bot.services import stakeholders

    command.upgrade(alembic_config(empty_database), "0007")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                " paused, next_item_number, created_at, updated_at) VALUES"
                " ('T1', 'U1', 'UTC', 0, '09:00:00', false, 1, '2026-11-01 10:00:00+00:00',"
                " '2026-11-01 10:00:00+00:00')"
            )
        )
    engine.dispose()
    assert "stakeholder" not in _tables(empty_database)
    upgrade_to_head(empty_database)
    assert {"stakeholder", "stakeholder_contact"} <= _tables(empty_database)
    db = Database(empty_database)
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
    with db.session() as session:
        added = stakeholders.add(
            session, team_id="T1", user_id="U1", stakeholder_user_id="U3", note=None, now=now
        )
        assert not added.enrolled
        stakeholders.met(
            session, team_id="T1", user_id="U1", stakeholder_user_id="U3", note="hi", now=now
        )
    with db.session() as session:
        [row] = stakeholders.list_for(session, team_id="T1", user_id="U1")[1]
        assert (row.user_id, row.last_contact_at) == ("U3", now)
    db.engine.dispose()
    command.downgrade(alembic_config(empty_database), "0007")
    tables = _tables(empty_database)
    assert "stakeholder" not in tables and "stakeholder_contact" not in tables


def test_upgrade_from_0008_keeps_stakeholders_and_adds_asks_and_updates(
    empty_database: str,
) -> None:
    """0009 only adds the stakeholder-ask and monthly-update tables: stakeholders stay, and
    one person can be recorded once per update."""
    import datetime as dt

    from sqlalchemy.exc import IntegrityError

    from bot.db import Database
    from bot.models import MonthlyUpdate, Stakeholder, UpdateRecipient

    command.upgrade(alembic_config(empty_database), "0008")
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                " paused, next_item_number, created_at, updated_at) VALUES"
                " ('T1', 'U1', 'UTC', 0, '09:00:00', false, 1, '2026-11-01 10:00:00+00:00',"
                " '2026-11-01 10:00:00+00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO stakeholder (team_id, member_id, user_id, added_at) VALUES"
                " ('T1', (SELECT id FROM member), 'U3', '2026-11-02 10:00:00+00:00')"
            )
        )
    engine.dispose()
    assert "monthly_update" not in _tables(empty_database)
    upgrade_to_head(empty_database)
    assert {"stakeholder_ask", "monthly_update", "update_recipient"} <= _tables(empty_database)
    db = Database(empty_database)
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
    with db.session() as session:
        [stakeholder] = session.scalars(select(Stakeholder)).all()
        assert stakeholder.user_id == "U3"
        update = MonthlyUpdate(
            team_id="T1", member_id=stakeholder.member_id, text="November", created_at=now
        )
        update.recipients.append(UpdateRecipient(user_id="U3"))
        session.add(update)
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(UpdateRecipient(update_id=update.id, user_id="U3"))
    db.engine.dispose()
    command.downgrade(alembic_config(empty_database), "0008")
    tables = _tables(empty_database)
    assert "monthly_update" not in tables and "stakeholder" in tables


def _member_with_a_sent_checkin(url: str, *, revision: str) -> None:
    """Upgrade to `revision` (0009 on) and add member U1 with one sent check-in."""
    command.upgrade(alembic_config(url), revision)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO member (team_id, user_id, timezone, checkin_weekday, checkin_time,"
                " paused, next_item_number, created_at, updated_at) VALUES"
                " ('T1', 'U1', 'UTC', 0, '09:00:00', false, 1, '2026-11-01 10:00:00+00:00',"
                " '2026-11-01 10:00:00+00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO checkin (member_id, week, kind, move_id, shown_moves,"
                " core_work_first, state, due_at, attempts, created_at) SELECT id, '2026-W48',"
                " 'checkin', 'mentor-newcomer', 'mentor-newcomer', false, 'sent',"
                " '2026-11-23 08:00:00+00:00', 0, '2026-11-23 08:00:00+00:00' FROM member"
            )
        )
    engine.dispose()


def test_upgrade_from_0009_keeps_check_ins_and_a_catch_up_names_its_stakeholder(
    empty_database: str,
) -> None:
    """0010 only adds checkin.stakeholder_user_id: check-ins stay (naming nobody), and a
    catch-up check-in stores its stakeholder."""
    from bot.db import Database
    from bot.models import CheckIn

    _member_with_a_sent_checkin(empty_database, revision="0009")
    upgrade_to_head(empty_database)
    command.check(alembic_config(empty_database))
    db = Database(empty_database)
    with db.session() as session:
        [old] = session.scalars(select(CheckIn)).all()
        assert old.move_id == "mentor-newcomer" and old.stakeholder_user_id is None
        old.move_id, old.stakeholder_user_id = "stakeholder-catch-up", "U3"
    with db.session() as session:
        assert session.scalars(select(CheckIn.stakeholder_user_id)).all() == ["U3"]
    db.engine.dispose()
    command.downgrade(alembic_config(empty_database), "0009")
    engine = create_engine(empty_database)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("checkin")}
    finally:
        engine.dispose()
    assert "stakeholder_user_id" not in columns and "move_id" in columns


def test_upgrade_from_0010_keeps_check_ins_unflagged_and_adds_the_case_tables(
    empty_database: str,
) -> None:
    """0011 adds the confidence, reflection, packet-share and departed-user tables and two
    check-in flags: an existing check-in neither asks for confidence nor looks back."""
    from bot.db import Database
    from bot.models import CheckIn

    _member_with_a_sent_checkin(empty_database, revision="0010")
    upgrade_to_head(empty_database)
    command.check(alembic_config(empty_database))
    tables = _tables(empty_database)
    assert {"confidence_answer", "reflection", "packet_share", "departed_user"} <= tables
    db = Database(empty_database)
    with db.session() as session:
        [old] = session.scalars(select(CheckIn)).all()
        assert (old.asks_confidence, old.looks_back) == (False, False)
    db.engine.dispose()
    command.downgrade(alembic_config(empty_database), "0010")
    assert "reflection" not in _tables(empty_database)
