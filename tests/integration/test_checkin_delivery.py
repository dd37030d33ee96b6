"""Check-in delivery against the fake Slack: the right local time in every zone (through 2026's
daylight-saving changes), and no lost or doubled DM when Slack or the sender fails."""

from __future__ import annotations

import datetime as dt
import logging
import socket

import pytest

from bot.db import Database
from bot.devtools.fake_slack import ScriptedReply
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.tick import tick
from bot.services import members
from bot.services.checkins import answers, outbox, rows
from bot.slack.client import SlackClient, make_web_client
from tests.support.checkin_helpers import (
    LIBRARY,
    RecordingFakeSlack,
    add_member,
    checkins_of,
    dms,
    local,
    make_delivery,
    member_of,
)
from tests.support.clock import START
from tests.support.readers import buttons
from tests.support.slack_requests import TEAM

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)
SLOT1 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)  # Monday 09:00 in Berlin

ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]

# Monday 09:00 local around each of 2026's daylight-saving changes, as UTC instants worked out
# by hand (not with zoneinfo), so a wrong offset in the app can't agree with the test by accident.
DST_WEEKS = {
    "America/New_York": [  # EDT from Sunday 8 March, EST from Sunday 1 November
        (dt.date(2026, 3, 2), "14:00"),
        (dt.date(2026, 3, 9), "13:00"),
        (dt.date(2026, 10, 26), "13:00"),
        (dt.date(2026, 11, 2), "14:00"),
    ],
    "Europe/Berlin": [  # CEST from Sunday 29 March, CET from Sunday 25 October
        (dt.date(2026, 3, 23), "08:00"),
        (dt.date(2026, 3, 30), "07:00"),
        (dt.date(2026, 10, 19), "07:00"),
        (dt.date(2026, 10, 26), "08:00"),
    ],
    "Australia/Sydney": [  # AEST from Sunday 5 April, AEDT from Sunday 4 October
        (dt.date(2026, 3, 30), "-1 22:00"),
        (dt.date(2026, 4, 6), "-1 23:00"),
        (dt.date(2026, 9, 28), "-1 23:00"),
        (dt.date(2026, 10, 5), "-1 22:00"),
    ],
    "Asia/Kolkata": [(dt.date(2026, 3, 30), "03:30"), (dt.date(2026, 11, 2), "03:30")],
    "Pacific/Kiritimati": [(dt.date(2026, 3, 30), "-1 19:00"), (dt.date(2026, 11, 2), "-1 19:00")],
    "Pacific/Pago_Pago": [(dt.date(2026, 3, 30), "20:00"), (dt.date(2026, 11, 2), "20:00")],
}


def _utc(monday: dt.date, spec: str) -> dt.datetime:
    days, _, clock = spec.rpartition(" ")
    hour, minute = (int(p) for p in clock.split(":"))
    day = monday + dt.timedelta(days=int(days or 0))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


@pytest.fixture
def delivery(db: Database, fake: RecordingFakeSlack) -> CheckinDelivery:
    return make_delivery(db, fake)


def run(delivery: CheckinDelivery, at: dt.datetime) -> dict[str, int]:
    return tick(checkins=delivery, now=at).done


def answer_latest(db: Database, user: str, now: dt.datetime) -> None:
    """The member clicks "On track" on their newest check-in (so nobody is asked to pause)."""
    with db.session() as session:
        member = members.find_member(session, team_id=TEAM, user_id=user)
        assert member is not None
        latest = rows.current_checkin(session, member=member)
        assert latest is not None
        answers.record_pulse(session, checkin=latest, pulse="on_track", now=now)


# --- time zones ----------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ZONES)
def test_dm_at_0900_local_every_monday_of_2026(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery, zone: str
) -> None:
    """Every Monday of 2026 (so every daylight-saving week too): a tick one minute before 09:00
    local sends nothing, the tick at 09:00 local sends exactly one DM."""
    add_member(db, "UZ", tz=zone, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    mondays = [dt.date(2026, 1, 5) + k * WEEK for k in range(52)]
    expected = {monday: local(monday, 9, 0, zone) for monday in mondays}
    for monday, utc in DST_WEEKS[zone]:
        assert expected[monday] == _utc(monday, utc), (zone, monday)  # the test's own arithmetic

    for sent, monday in enumerate(mondays):
        at = expected[monday]
        run(delivery, at - MINUTE)
        assert len(dms(fake, "UZ")) == sent, f"{zone}: DM before 09:00 on {monday}"
        run(delivery, at)
        assert len(dms(fake, "UZ")) == sent + 1, f"{zone}: no DM at 09:00 on {monday} ({at})"
        answer_latest(db, "UZ", at + MINUTE)
    rows = checkins_of(db, "UZ")
    assert len(rows) == 52 and all(
        r.sent_at == expected[m] for r, m in zip(rows, mondays, strict=True)
    )


def test_all_zones_at_once_each_gets_only_their_own_dm(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    created = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for index, zone in enumerate(ZONES):
        add_member(db, f"UZ{index}", tz=zone, now=created)
    # Every Monday of March 2026 (America's and Europe's spring changes), in order of instant.
    mondays = [dt.date(2026, 3, 2) + k * WEEK for k in range(5)]
    slots = sorted(
        (local(monday, 9, 0, zone), f"UZ{index}")
        for index, zone in enumerate(ZONES)
        for monday in mondays
    )
    seen: dict[str, int] = {}
    for at, user in slots:
        run(delivery, at - MINUTE)
        assert {c.args["channel"] for c in dms(fake)} == set(seen)
        assert all(len(dms(fake, u)) == n for u, n in seen.items())
        run(delivery, at)
        seen[user] = seen.get(user, 0) + 1
        assert len(dms(fake, user)) == seen[user], (user, at)
        answer_latest(db, user, at)
    assert all(n == len(mondays) for n in seen.values()) and len(seen) == len(ZONES)


@pytest.mark.parametrize(
    ("zone", "day", "at", "fires", "not_again"),
    [
        # Spring forward: 02:30 doesn't exist, so it comes when the clocks jump (03:30 local).
        ("America/New_York", dt.date(2026, 3, 8), dt.time(2, 30), "07:30", None),
        ("Europe/Berlin", dt.date(2026, 3, 29), dt.time(2, 30), "01:30", None),
        ("Australia/Sydney", dt.date(2026, 10, 4), dt.time(2, 30), "-1 16:30", None),
        # Fall back: the wall time happens twice; one DM, at the first.
        ("America/New_York", dt.date(2026, 11, 1), dt.time(1, 30), "05:30", "06:30"),
        ("Europe/Berlin", dt.date(2026, 10, 25), dt.time(2, 30), "00:30", "01:30"),
        ("Australia/Sydney", dt.date(2026, 4, 5), dt.time(2, 30), "-1 15:30", "-1 16:30"),
    ],
)
def test_missing_wall_time_moves_forward_and_repeated_one_fires_once(
    db: Database,
    fake: RecordingFakeSlack,
    delivery: CheckinDelivery,
    zone: str,
    day: dt.date,
    at: dt.time,
    fires: str,
    not_again: str | None,
) -> None:
    add_member(db, "UZ", tz=zone, now=_utc(day, "00:00") - 3 * DAY, weekday=day.weekday(), at=at)
    instant = _utc(day, fires)
    run(delivery, instant - MINUTE)
    assert dms(fake) == []
    run(delivery, instant)
    assert len(dms(fake)) == 1
    if not_again is not None:
        run(delivery, _utc(day, not_again))
        run(delivery, _utc(day, not_again) + MINUTE)
        assert len(dms(fake)) == 1
    # And a week later it's back at the plain wall time.
    next_week = local(day + WEEK, at.hour, at.minute, zone)
    run(delivery, next_week - MINUTE)
    assert len(dms(fake)) == 1
    run(delivery, next_week)
    assert len(dms(fake)) == 2


def test_snooze_across_a_daylight_saving_change_keeps_the_local_time(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    """Saturday 28 March 2026, 09:00 in Berlin (CET); snoozed, it comes back Sunday 09:00 CEST."""
    saturday = dt.datetime(2026, 3, 28, 8, 0, tzinfo=dt.UTC)
    add_member(db, "U1", tz="Europe/Berlin", now=saturday - DAY, weekday=5)
    run(delivery, saturday)
    assert len(dms(fake)) == 1
    with db.session() as session:
        member = members.find_member(session, team_id=TEAM, user_id="U1")
        assert member is not None
        row = rows.current_checkin(session, member=member)
        assert row is not None
        again = answers.snooze(session, checkin=row, now=saturday + dt.timedelta(hours=1))
    sunday_0900_cest = dt.datetime(2026, 3, 29, 7, 0, tzinfo=dt.UTC)
    assert again == sunday_0900_cest
    run(delivery, sunday_0900_cest - MINUTE)
    assert len(dms(fake)) == 1
    run(delivery, sunday_0900_cest)
    assert len(dms(fake)) == 2


# --- failures ------------------------------------------------------------------------------------


def enrolled(db: Database) -> None:
    add_member(db, "U1", tz="Europe/Berlin", now=START)
    assert member_of(db).next_checkin_at == SLOT1


def test_429_then_500_then_success_is_one_dm_and_no_loss(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    enrolled(db)
    fake.script(
        "chat.postMessage",
        ScriptedReply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}),
        ScriptedReply(500, {"ok": False, "error": "internal_error"}),
    )
    # One tick may absorb both failures with the client's retry handlers, or a later one
    # retries the row; either way the member ends up with exactly one DM.
    for at in (SLOT1, SLOT1 + MINUTE, SLOT1 + 2 * MINUTE, SLOT1 + 5 * MINUTE, SLOT1 + 20 * MINUTE):
        run(delivery, at)
    delivered = fake.delivered_dms("U1")
    assert len(delivered) == 1
    [row] = checkins_of(db)
    assert row.state == "sent"
    ok_reply = next(r for c, r in fake.answered if c is delivered[0])
    assert row.ts == ok_reply.body["ts"]
    assert buttons(delivered[0])["checkin_did_it"] == str(row.id)


def test_five_500s_are_retried_at_the_backoff_time_then_delivered_once(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    enrolled(db)
    fake.script("chat.postMessage", *[ScriptedReply(500, {"ok": False})] * 5)
    run(delivery, SLOT1)  # the client tries three times, then the tick records a failure
    assert fake.delivered_dms() == []
    [row] = checkins_of(db)
    assert row.state == "pending" and row.attempts == 1 and row.due_at == SLOT1 + MINUTE
    tried = len(fake.calls_to("chat.postMessage"))

    run(delivery, SLOT1 + dt.timedelta(seconds=59))
    assert len(fake.calls_to("chat.postMessage")) == tried  # not before due_at

    run(delivery, SLOT1 + MINUTE)
    run(delivery, SLOT1 + 20 * MINUTE)
    assert len(fake.delivered_dms("U1")) == 1
    assert checkins_of(db)[0].state == "sent"


def test_a_send_that_keeps_failing_backs_off_to_15_minutes_and_is_never_dropped(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    enrolled(db)
    # An error Slack's client doesn't retry by itself, so each tick makes one attempt.
    fake.script(
        "chat.postMessage", *[ScriptedReply(200, {"ok": False, "error": "fatal_error"})] * 50
    )
    at = SLOT1
    run(delivery, at)
    attempts = 1
    for delay in (1, 2, 4, 8, 15, 15, 15, 15):
        due = at + dt.timedelta(minutes=delay)
        run(delivery, due - dt.timedelta(seconds=30))
        assert len(fake.calls_to("chat.postMessage")) == attempts, f"retried before {due}"
        run(delivery, due)
        attempts += 1
        assert len(fake.calls_to("chat.postMessage")) == attempts, f"not retried at {due}"
        [row] = checkins_of(db)
        assert row.state == "pending" and row.last_error
        at = due
    assert member_of(db).unreachable is None

    fake.unscript("chat.postMessage")
    run(delivery, at + 15 * MINUTE)
    run(delivery, at + 30 * MINUTE)
    assert len(fake.delivered_dms("U1")) == 1
    assert checkins_of(db)[0].state == "sent"


def test_network_errors_are_retried_on_a_later_tick(db: Database, fake: RecordingFakeSlack) -> None:
    enrolled(db)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = CheckinDelivery(
        db=db,
        slack=SlackClient(
            make_web_client(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/")
        ),
        library=LIBRARY,
    )
    run(down, SLOT1)
    [row] = checkins_of(db)
    assert row.state == "pending" and row.attempts == 1

    up = make_delivery(db, fake)
    run(up, SLOT1 + MINUTE)
    assert len(fake.delivered_dms("U1")) == 1
    assert checkins_of(db)[0].state == "sent"


@pytest.mark.parametrize(
    "error", ["user_not_found", "cannot_dm_bot", "user_disabled", "messages_tab_disabled"]
)
def test_deactivated_or_blocked_member_is_marked_and_not_retried(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery, error: str
) -> None:
    enrolled(db)
    fake.script("chat.postMessage", ScriptedReply(200, {"ok": False, "error": error}))
    run(delivery, SLOT1)
    [row] = checkins_of(db)
    assert row.state == "undeliverable"
    assert member_of(db).unreachable == error

    for at in (SLOT1 + MINUTE, SLOT1 + 15 * MINUTE, SLOT1 + DAY, SLOT1 + WEEK, SLOT1 + 2 * WEEK):
        run(delivery, at)
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert len(checkins_of(db)) == 1

    # `/mgr-goal resume` (say, after they unblocked the bot) starts again at the next slot.
    now = SLOT1 + 2 * WEEK + DAY
    with db.session() as session:
        answers.resume_checkins(session, team_id=TEAM, user_id="U1", now=now)
    run(delivery, SLOT1 + 3 * WEEK)
    assert len(fake.delivered_dms("U1")) == 1


def test_a_claim_left_by_a_dead_sender_is_taken_over_after_five_minutes(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    enrolled(db)
    # A process creates this week's row and claims it, then dies before sending.
    with db.session() as session:
        rows.create_due_checkins(session, now=SLOT1, library=LIBRARY)
        claimed = outbox.claim_pending(session, now=SLOT1)
    assert len(claimed) == 1

    run(delivery, SLOT1 + 4 * MINUTE)
    assert fake.calls_to("chat.postMessage") == []
    run(delivery, SLOT1 + 6 * MINUTE)
    run(delivery, SLOT1 + 7 * MINUTE)
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert len(fake.delivered_dms("U1")) == 1
    [row] = checkins_of(db)
    assert row.state == "sent" and row.id == claimed[0].checkin_id


def test_a_sender_whose_claim_was_taken_over_leaves_the_new_owners_result(db: Database) -> None:
    """A sender stalls past its claim; another takes the row over and delivers it. When the
    first one finally reports (sent or failed), the row keeps the second sender's result."""
    enrolled(db)
    with db.session() as session:
        rows.create_due_checkins(session, now=SLOT1, library=LIBRARY)
        [stalled] = outbox.claim_pending(session, now=SLOT1)
    with db.session() as session:
        assert outbox.claim_pending(session, now=SLOT1 + 4 * MINUTE) == []
        [taker] = outbox.claim_pending(session, now=SLOT1 + 6 * MINUTE)
    with db.session() as session:
        assert outbox.mark_sent(session, claim=taker.claim, channel="D2", ts="2.0", now=SLOT1)
    with db.session() as session:
        assert not outbox.mark_sent(session, claim=stalled.claim, channel="D1", ts="1.0", now=SLOT1)
        assert not outbox.mark_failed(session, claim=stalled.claim, error="x", now=SLOT1)
    [row] = checkins_of(db)
    assert (row.state, row.channel, row.ts, row.attempts) == ("sent", "D2", "2.0", 0)


# --- a bad bot token -------------------------------------------------------------------------

SLOT_UTC = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)  # Monday 09:00 UTC
TRIO = ("UA", "UB", "UC")


def token_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and "SLACK_BOT_TOKEN" in r.getMessage()
    ]


@pytest.mark.parametrize(
    "error", ["invalid_auth", "account_inactive", "token_revoked", "not_authed"]
)
def test_a_rejected_token_pauses_sending_and_nobody_is_marked_unreachable(
    db: Database,
    fake: RecordingFakeSlack,
    delivery: CheckinDelivery,
    caplog: pytest.LogCaptureFixture,
    error: str,
) -> None:
    """Three members due, Slack rejects the token: one attempt, one ERROR naming the fix, every
    check-in still pending with no attempt counted; once the token works again (after the
    pause) all three arrive, without anyone running `resume`."""
    for user in TRIO:
        add_member(db, user, tz="UTC", now=START)
    fake.outage("chat.postMessage", ScriptedReply(200, {"ok": False, "error": error}))
    with caplog.at_level(logging.ERROR):
        run(delivery, SLOT_UTC)
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert token_errors(caplog) == [
        f"Slack rejected the bot token ({error}); pausing sends until 2026-11-30 09:01 UTC. "
        "Check SLACK_BOT_TOKEN."
    ]
    for user in TRIO:
        assert member_of(db, user).unreachable is None
        [row] = checkins_of(db, user)
        assert (row.state, row.attempts, row.claimed_until) == ("pending", 0, None)

    run(delivery, SLOT_UTC + dt.timedelta(seconds=30))  # paused: nothing tried
    assert len(fake.calls_to("chat.postMessage")) == 1
    run(delivery, SLOT_UTC + MINUTE)  # tries again once, still rejected: pauses 2 minutes
    assert len(fake.calls_to("chat.postMessage")) == 2
    assert len(token_errors(caplog)) == 2 and "09:03 UTC" in token_errors(caplog)[-1]

    fake.recover("chat.postMessage")
    run(delivery, SLOT_UTC + 2 * MINUTE)
    assert fake.delivered_dms() == []
    run(delivery, SLOT_UTC + 3 * MINUTE)
    assert sorted(c.args["channel"] for c in fake.delivered_dms()) == list(TRIO)
    for user in TRIO:
        assert [r.state for r in checkins_of(db, user)] == ["sent"]
        assert member_of(db, user).unreachable is None


# --- pause, and a check-in that missed its week ------------------------------------------------

SLACK_DOWN = ScriptedReply(503, {"ok": False, "error": "service_unavailable"})


def pause(db: Database, user: str = "U1") -> None:
    with db.session() as session:
        answers.pause_checkins(session, team_id=TEAM, user_id=user)


def resume(db: Database, now: dt.datetime, user: str = "U1") -> None:
    with db.session() as session:
        answers.resume_checkins(session, team_id=TEAM, user_id=user, now=now)


def test_a_snoozed_checkin_does_not_arrive_after_pause_but_does_after_resume(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    enrolled(db)
    run(delivery, SLOT1)
    with db.session() as session:
        member = members.find_member(session, team_id=TEAM, user_id="U1")
        assert member is not None
        row = rows.current_checkin(session, member=member)
        assert row is not None
        again = answers.snooze(session, checkin=row, now=SLOT1 + MINUTE)
    assert again == SLOT1 + DAY
    pause(db)
    for at in (SLOT1 + DAY, SLOT1 + DAY + 15 * MINUTE, SLOT1 + 2 * DAY):
        run(delivery, at)
    assert len(dms(fake)) == 1

    # Resumed in the same week: this week's snoozed check-in comes on the next tick.
    resume(db, SLOT1 + 2 * DAY + MINUTE)
    run(delivery, SLOT1 + 2 * DAY + 2 * MINUTE)
    assert len(fake.delivered_dms("U1")) == 2
    assert [r.state for r in checkins_of(db)] == ["sent"]


def test_a_failing_checkin_is_not_retried_after_pause(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    enrolled(db)
    fake.outage("chat.postMessage", SLACK_DOWN)
    run(delivery, SLOT1)
    [row] = checkins_of(db)
    assert (row.state, row.attempts) == ("pending", 1)
    tried = len(fake.calls_to("chat.postMessage"))

    pause(db)
    fake.recover("chat.postMessage")
    for at in (SLOT1 + MINUTE, SLOT1 + 20 * MINUTE, SLOT1 + DAY, SLOT1 + WEEK + MINUTE):
        run(delivery, at)
    assert len(fake.calls_to("chat.postMessage")) == tried
    assert fake.delivered_dms() == []


def test_after_a_week_long_outage_only_this_weeks_checkin_arrives(
    db: Database, fake: RecordingFakeSlack, delivery: CheckinDelivery
) -> None:
    """Slack is down from the first slot for eight days, across the second slot. On recovery
    the member gets one check-in, this week's; last week's is retired, not sent late."""
    enrolled(db)
    fake.outage("chat.postMessage", SLACK_DOWN)
    run(delivery, SLOT1)
    run(delivery, SLOT1 + WEEK)  # the second slot: this week's row, sending still fails
    fake.recover("chat.postMessage")
    run(delivery, SLOT1 + 8 * DAY)
    run(delivery, SLOT1 + 8 * DAY + 15 * MINUTE)

    [delivered] = fake.delivered_dms("U1")
    old, current = checkins_of(db)
    assert (old.state, current.state) == ("expired", "sent")
    assert buttons(delivered)["checkin_did_it"] == str(current.id)
