"""Shared wins are seen only through a digest that is on, and what a member is told about who
sees a shared win is literally true.

A shared win reaches people other than its owner in exactly one way: the weekly digest of the
owner's team channel, while that digest is on. `digest preview` shows what that digest would post,
so with no digest on it shows no wins. Wins shared while no digest was on are not lost: the first
post of a digest turned on later includes the wins shared in the 7 days before it, which is what
the member was told when sharing.

The frozen clock starts on Monday 23 November 2026, 15:00 UTC; U1 is in Europe/Berlin, so U1's
default digest slot is Friday 27 November 15:00 UTC.
"""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack
from tests.support.checkin_helpers import RunTick
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after
from tests.support.readers import data_text, text_of
from tests.support.slack_requests import Reply, SlackDriver

DUE1 = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
# U2's default slot (America/New_York): Friday 27 November, 16:00 there.
NEW_YORK_FRIDAY_4PM = dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)
TEAM_C1 = "<#C1|team>"
NO_DIGEST = "There's no digest in this channel yet."


def say(slack: SlackDriver, text: str, *, user: str = "U1", channel: str = "C999") -> Reply:
    reply = slack.command(text, user=user, channel=channel)
    assert reply.status == 200, reply.body
    return reply


def change(
    slack: SlackDriver, fake: FakeSlack, text: str, *, user: str = "U1", channel: str = "C999"
) -> str:
    """A command that stores something; returns its ephemeral answer once Home is republished."""
    before = count(fake, "views.publish")
    reply = say(slack, text, user=user, channel=channel)
    home_after(fake, before=before, user=user)
    assert reply.json().get("response_type") == "ephemeral", reply.body
    return reply.text


def digest_on(slack: SlackDriver, fake: FakeSlack, *, channel: str, user: str = "U1") -> str:
    before = count(fake, "response_url")
    say(slack, "digest on", user=user, channel=channel)
    return data_text(fake.wait_for("response_url", before + 1)[before].args)


def posts_to(fake: FakeSlack, channel: str) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def test_preview_in_a_channel_with_no_digest_shows_no_shared_win(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    change(slack, fake_slack, f"team {TEAM_C1}")
    told = change(slack, fake_slack, "win Closed the SECRET-DEAL share")

    shown = say(slack, "digest preview", user="U2", channel="C1").text

    assert "SECRET-DEAL" not in shown and "<@U1>" not in shown
    assert NO_DIGEST in shown
    assert "`/mgr-goal digest on` starts one" in shown
    assert posts_to(fake_slack, "C1") == []
    assert "Nobody else sees it for now" in told


def test_preview_after_the_digest_was_turned_off_shows_no_shared_win(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    change(slack, fake_slack, f"team {TEAM_C1}")
    digest_on(slack, fake_slack, channel="C1")
    say(slack, "digest off", channel="C1")
    told = change(slack, fake_slack, "win Closed the SECRET-DEAL share")

    shown = say(slack, "digest preview", user="U2", channel="C1").text

    assert "SECRET-DEAL" not in shown and NO_DIGEST in shown
    assert "Nobody else sees it for now" in told


def test_preview_shows_only_what_the_first_digest_would_post(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    """A first digest covers the 7 days before it posts, so a win shared 8 days before that
    post is neither posted nor previewed."""
    change(slack, fake_slack, f"team {TEAM_C1}")
    clock.now = DUE1 - dt.timedelta(days=8)
    change(slack, fake_slack, "win TOO-OLD for the first digest share")
    clock.now = DUE1 - dt.timedelta(days=6)
    change(slack, fake_slack, "win RECENT-ENOUGH share")
    clock.now = DUE1 - dt.timedelta(days=4)  # Monday 23 November, 15:00 UTC
    digest_on(slack, fake_slack, channel="C1")

    shown = say(slack, "digest preview", user="U2", channel="C1").text
    run_tick(DUE1)
    posted = "\n".join(text_of(c) for c in posts_to(fake_slack, "C1")[1:])

    assert "RECENT-ENOUGH" in shown and "RECENT-ENOUGH" in posted
    assert "TOO-OLD" not in shown and "TOO-OLD" not in posted


def test_a_win_shared_before_any_digest_is_in_the_first_one_as_the_member_was_told(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    change(slack, fake_slack, f"team {TEAM_C1}")
    told = change(slack, fake_slack, "win Mentored the NEW-HIRE share")
    assert "<#C1> has no weekly digest on" in told
    assert "its first post includes wins shared in the 7 days before it" in told

    clock.now += dt.timedelta(days=1)
    digest_on(slack, fake_slack, user="U2", channel="C1")
    run_tick(NEW_YORK_FRIDAY_4PM)

    assert "NEW-HIRE" in "\n".join(text_of(c) for c in posts_to(fake_slack, "C1"))


def test_moving_to_another_team_channel_says_recent_shared_wins_go_there_too(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick: RunTick
) -> None:
    change(slack, fake_slack, f"team {TEAM_C1}")
    change(slack, fake_slack, "win Ran the OLD-TEAM retro share")
    digest_on(slack, fake_slack, user="U2", channel="C2")

    told = change(slack, fake_slack, "team <#C2|new-team>")
    run_tick(NEW_YORK_FRIDAY_4PM)

    # The already-shared win does reach C2's digest, and the member was told so with a way out.
    assert "OLD-TEAM" in "\n".join(text_of(c) for c in posts_to(fake_slack, "C2"))
    assert "wins you already shared" in told and "Home tab" in told
