"""`mgrbot shell --demo`'s seed: what kofi and #team notice afterwards, read through the Home
service and the real tick against the fake Slack, for a `now` in an ordinary week and in weeks
Berlin's clocks change."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.demo import OUTCOMES, DemoSummary, seed_demo
from bot.devtools.fake_slack import FakeSlack
from bot.devtools.workspace import TEAM_ID
from bot.domain.checkins import CheckinState
from bot.domain.items import ItemStatus
from bot.models import CheckIn, Member, Win
from bot.services import home, members
from bot.slack.blocks.home import home_view
from tests.support.checkin_helpers import LIBRARY, MOVES, RunTick, dms, thread_replies
from tests.support.clock import START
from tests.support.readers import data_text

BERLIN = ZoneInfo("Europe/Berlin")
KOFI, TEAM_CHANNEL = "UKOFI", "CTEAM"

NOWS = [
    pytest.param(START, id="ordinary-monday-afternoon"),
    # 08:30 the day after the clocks went forward: every earlier check-in was in winter time.
    pytest.param(dt.datetime(2026, 3, 30, 6, 30, tzinfo=dt.UTC), id="spring-forward"),
    # Midday on the day the clocks went back: next Friday's digest window is 7 days of 24h.
    pytest.param(dt.datetime(2026, 10, 25, 12, 0, tzinfo=dt.UTC), id="fall-back"),
    # Friday 16:30, the week the clocks go back: the digest is left due at once.
    pytest.param(dt.datetime(2026, 10, 23, 14, 30, tzinfo=dt.UTC), id="friday-after-digest-time"),
]

# Shared in the days before the first digest, so it posts them.
RECENT_SHARED = (
    "Published our code review guide; two other teams already link to it",
    "Walked the team through our cloud costs so we could choose what to cut first",
)
PRIVATE = (
    "Walked our new hire through the deploy pipeline; she shipped her first change on day three",
    "Payments thanked me for the clear write-up of our API change",
)
# Shared weeks before the digest was on: outside its first window.
SHARED_LONG_AGO = "Untangled the flaky checkout test that had blocked two teams for a week"


def seed(db: Database, now: dt.datetime = START) -> DemoSummary:
    return seed_demo(db, library=LIBRARY, now=now)


def local(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(BERLIN)


def test_kofis_home_shows_his_setup_list_wins_and_blurb(db: Database) -> None:
    seed(db)
    with db.session() as session:
        shown = home.home_for(session, team_id=TEAM_ID, user_id=KOFI, move_of=MOVES.get, now=START)
        member = shown.member
        assert member is not None
        assert (member.target_role, member.manager_user_id, member.timezone) == (
            "Engineering Manager",
            "UDANA",
            "Europe/Berlin",
        )
        assert member.target_date is not None
        assert 140 <= (member.target_date - START.date()).days <= 160
        assert (member.checkin_weekday, member.checkin_time) == (0, dt.time(9, 0))
        assert member.why
        done = [i for i in shown.items if i.status == ItemStatus.DONE]
        assert (len(shown.items), len(done)) == (7, 3)
        assert all(i.notes and i.done_at and i.done_at < START for i in done)
        assert {i.asked_by_user_id for i in shown.items} == {"UDANA", KOFI}
        assert sum(i.due_date is not None for i in shown.items) == 2
        evidence = shown.evidence
        assert evidence.win_total == 9
        assert len(evidence.area_counts) >= 5
        assert [b.member.user_id for b in evidence.blurbs] == [KOFI]
        assert [b.colleague_user_id for b in evidence.blurbs] == ["UCAROL"]
        assert (evidence.team_channel, evidence.team_digest_on) == (TEAM_CHANNEL, True)
        assert shown.checkin is not None and shown.checkin.answered_at is not None
        text = data_text(home_view(shown, now=START).to_dict())
        assert members.find_member(session, team_id=TEAM_ID, user_id="UDANA") is None
        assert members.find_member(session, team_id=TEAM_ID, user_id="UCAROL") is None
    assert "Your path to Engineering Manager" in text
    assert "Run sprint planning for a whole cycle" in text
    assert RECENT_SHARED[1] in text
    assert "checkout outage review so calmly" in text


def test_the_summary_says_what_the_shell_can_show(db: Database) -> None:
    summary = seed(db)
    assert (summary.items, summary.items_done, summary.wins, summary.checkins_answered) == (
        7,
        3,
        9,
        4,
    )
    assert summary.digest_wins >= 2
    lines = summary.describe().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Demo workspace: kofi has a campaign (7 items, 3 done), 9 wins")
    assert "#team has a weekly digest on Fridays 16:00" in lines[1]
    assert "Mon 30 Nov 2026 at 09:00" in lines[1]


@pytest.mark.parametrize("now", NOWS)
def test_history_is_weeks_of_answered_checkins_on_kofis_clock(
    db: Database, now: dt.datetime
) -> None:
    summary = seed(db, now)
    with db.session() as session:
        checkins = list(session.scalars(select(CheckIn).order_by(CheckIn.id)))
        logged = list(session.scalars(select(Win)))
        [member] = session.scalars(select(Member)).all()
    sent = [local(c.sent_at) for c in checkins if c.sent_at]
    assert len(sent) == len(checkins) == 4
    assert all((s.weekday(), s.time()) == (0, dt.time(9, 0)) for s in sent)
    assert [b.date() - a.date() for a, b in pairwise(sent)] == [dt.timedelta(weeks=1)] * 3
    assert len({c.week for c in checkins}) == 4
    states = [c.state for c in checkins]
    assert states.count(CheckinState.SKIPPED) == 1
    assert states.count(CheckinState.DONE) == 3
    assert all(c.answered_at and c.answered_at <= now for c in checkins)
    assert all(c.remind_at is None for c in checkins)
    # Nothing waits to go out: the scheduler makes the next one, at his next slot.
    assert member.next_checkin_at == summary.next_checkin_at
    next_local = local(summary.next_checkin_at)
    assert (next_local.weekday(), next_local.time()) == (0, dt.time(9, 0))
    assert now < summary.next_checkin_at <= now + dt.timedelta(weeks=1)
    assert len(logged) == 9
    assert all(w.created_at <= now for w in logged)
    assert all(w.happened_on <= local(now).date() for w in logged)
    days = sorted(w.happened_on for w in logged)
    assert dt.timedelta(weeks=4) <= days[-1] - days[0] <= dt.timedelta(weeks=6)
    assert 0 < sum(w.shared for w in logged) < 9


@pytest.mark.parametrize("now", NOWS)
def test_next_monday_0900_berlin_the_tick_sends_kofi_his_checkin(
    db: Database, fake_slack: FakeSlack, run_tick: RunTick, now: dt.datetime
) -> None:
    summary = seed(db, now)
    monday = summary.next_checkin_at
    run_tick(now)
    run_tick(monday - dt.timedelta(minutes=1))
    assert dms(fake_slack, KOFI) == []
    done = run_tick(monday)
    [dm] = dms(fake_slack, KOFI)
    assert done["checkins_sent"] == 1
    assert "checkin_did_it" in str(dm.args.get("blocks"))
    with db.session() as session:
        newest = session.scalars(select(CheckIn).order_by(CheckIn.id.desc()).limit(1)).one()
    assert newest.state == CheckinState.SENT
    assert local(newest.sent_at or now) == local(monday)


@pytest.mark.parametrize("now", NOWS)
def test_the_coming_friday_1600_digest_posts_his_recently_shared_wins(
    db: Database, fake_slack: FakeSlack, run_tick: RunTick, now: dt.datetime
) -> None:
    summary = seed(db, now)
    friday = summary.next_digest_at
    if friday > now:
        assert (local(friday).weekday(), local(friday).time()) == (4, dt.time(16, 0))
        assert friday - now <= dt.timedelta(weeks=1)
        run_tick(now)
        assert dms(fake_slack, TEAM_CHANNEL) == []
    else:
        # Just after a Friday 16:00 with no room before it: due at the shell's first tick.
        assert now - friday < dt.timedelta(hours=2)
    done = run_tick(max(friday, now))
    assert done["digests_posted"] == 1
    [summary_post] = dms(fake_slack, TEAM_CHANNEL)
    [details] = [r for r in thread_replies(fake_slack) if r.args["channel"] == TEAM_CHANNEL]
    assert f"<@{KOFI}>" in data_text(summary_post.args)
    posted = data_text(details.args)
    for text in RECENT_SHARED:
        assert text in posted
    for text in (*PRIVATE, SHARED_LONG_AGO):
        assert text not in posted


def test_every_did_it_outcome_belongs_to_a_packaged_move() -> None:
    # A move added later falls back to its area's outcome; a renamed one must not leave a
    # sentence nobody can reach.
    assert set(OUTCOMES) <= set(MOVES)


def test_seeding_twice_raises_and_adds_nothing(db: Database) -> None:
    seed(db)
    with pytest.raises(ValueError, match="already has data"):
        seed(db, START + dt.timedelta(days=1))
    with db.session() as session:
        assert len(session.scalars(select(Win)).all()) == 9
        assert len(session.scalars(select(Member)).all()) == 1


def test_a_database_with_any_member_is_refused(db: Database) -> None:
    with db.session() as session:
        members.enroll(session, team_id=TEAM_ID, user_id="U1", now=START)
    with pytest.raises(ValueError, match="already has data"):
        seed(db)
    with db.session() as session:
        assert members.find_member(session, team_id=TEAM_ID, user_id=KOFI) is None
