"""Stored-submission keys: a repeat is recognised, and the tick forgets keys after a week."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.jobs.tick import tick
from bot.models import ViewSubmission
from bot.services import submission_keys
from tests.support.checkin_helpers import make_delivery

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def claim(db: Database, view_id: str, at: dt.datetime) -> bool:
    with db.session() as session:
        return submission_keys.claim(
            session, team_id="T1", view_id=view_id, callback_id="win_modal", now=at
        )


def test_a_modal_is_claimed_once_and_another_modal_is_not_affected(db: Database) -> None:
    assert claim(db, "V1", NOW) is True
    assert claim(db, "V1", NOW + dt.timedelta(minutes=1)) is False
    assert claim(db, "V2", NOW) is True


def test_the_tick_forgets_keys_older_than_a_week(db: Database, fake_slack: FakeSlack) -> None:
    claim(db, "VOLD", NOW - dt.timedelta(days=8))
    claim(db, "VNEW", NOW - dt.timedelta(days=6))

    report = tick(checkins=make_delivery(db, fake_slack), now=NOW)

    with db.session() as session:
        assert session.scalars(select(ViewSubmission.view_id)).all() == ["VNEW"]
    assert report.done == {}  # housekeeping isn't reported as work done
    assert fake_slack.calls == []
