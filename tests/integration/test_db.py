"""The engine and session layer: what a failed statement reveals, and how upgrades serialise."""

from __future__ import annotations

import datetime as dt
import logging
import traceback

import pytest
from sqlalchemy.exc import IntegrityError

from bot.db import Database
from bot.models import CampaignItem, Member

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
SECRET = "Told my manager about the layoffs plan before anyone else"


def test_a_failed_statement_never_reveals_its_parameters(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Parameters are user text (items, private wins): an error and its logged trace show the
    SQL, never the values, so operators' logs don't collect what members wrote."""
    with db.session() as session:
        member = Member(team_id="T1", user_id="U1", created_at=NOW, updated_at=NOW)
        session.add(member)
        session.flush()
        member_id = member.id
    with pytest.raises(IntegrityError) as raised, db.session() as session:
        for _ in range(2):  # the same item number twice: a unique violation
            session.add(CampaignItem(member_id=member_id, number=1, text=SECRET, created_at=NOW))
        session.flush()
    logging.getLogger("bot.slack.app").error("unhandled error", exc_info=raised.value)

    trace = "".join(traceback.format_exception(raised.value))
    assert "campaign_item" in trace  # the statement is still there to debug with
    assert SECRET not in str(raised.value)
    assert SECRET not in trace
    assert SECRET not in caplog.text
