"""A digest turned off and on again months later must not post (or preview) every win shared
while it was off: each member was told, when sharing, that only wins shared in the 7
days before a digest starts go into its first post.

The frozen clock starts on Monday 23 November 2026, 15:00 UTC; U1's default digest slot is
Friday 27 November 15:00 UTC.
"""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from tests.e2e.test_digest_preview_privacy import (
    DUE1,
    NEW_YORK_FRIDAY_4PM,
    TEAM_C1,
    change,
    digest_on,
    posts_to,
    say,
)
from tests.support.checkin_helpers import RunTick
from tests.support.clock import FrozenClock
from tests.support.readers import text_of
from tests.support.slack_requests import SlackDriver


def test_a_digest_turned_on_again_months_later_shows_only_the_7_days_members_were_told(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    change(slack, fake_slack, f"team {TEAM_C1}")
    digest_on(slack, fake_slack, user="U2", channel="C1")
    run_tick(NEW_YORK_FRIDAY_4PM)  # the first digest; it covers up to then
    say(slack, "digest off", user="U2", channel="C1")

    # Weeks later, with no digest on, U1 shares a win and is told who will see it.
    clock.now = DUE1 + dt.timedelta(days=20)
    told = change(slack, fake_slack, "win Closed the OLD-SECRET deal share")
    assert "Nobody else sees it for now" in told
    assert "its first post includes wins shared in the 7 days before it" in told

    # Two months on, someone in the channel turns the digest back on and previews it.
    clock.now = DUE1 + dt.timedelta(days=80)
    digest_on(slack, fake_slack, user="U2", channel="C1")
    shown = say(slack, "digest preview", user="U2", channel="C1").text
    due = dt.datetime(2027, 2, 19, 21, 0, tzinfo=dt.UTC)  # U2's Friday 16:00 New York
    run_tick(due)
    posted = "\n".join(text_of(c) for c in posts_to(fake_slack, "C1"))

    assert "OLD-SECRET" not in shown, shown  # preview: shown to anyone in the channel
    assert "OLD-SECRET" not in posted
