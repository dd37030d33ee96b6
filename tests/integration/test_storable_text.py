"""Whatever the guard lets through is stored and read back unchanged, on every engine.

`bot.domain.text.has_unstorable` is the only check between Slack's text and the database (the
`refuse_unstorable_text` middleware runs it over every payload), so it must miss nothing: any
text it lets through round-trips through a real text column.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from bot.db import Database
from bot.domain.text import has_unstorable
from bot.models import Member
from bot.services import members

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
ANY_TEXT = st.text(alphabet=st.characters(codec=None, categories=None), max_size=200)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ANY_TEXT.filter(lambda text: not has_unstorable(text)))
def test_storable_text_round_trips_through_a_text_column(db: Database, text: str) -> None:
    with db.session() as session:
        if session.scalar(select(Member.id)) is None:
            members.enroll(session, team_id="T1", user_id="U1", now=NOW)
    with db.session() as session:
        session.execute(update(Member).values(why=text))
    with db.session() as session:
        assert session.scalar(select(Member.why)) == text
