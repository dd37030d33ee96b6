"""This week's check-in failed to send (a Slack hiccup) and waits for its retry: `/mgr-goal
checkin` sends it now, instead of saying "You've already had this week's check-in"."""

from __future__ import annotations

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack, ScriptedReply
from bot.jobs.tick import tick
from tests.e2e.test_checkins import MINUTE, SLOT1, enrol
from tests.support.checkin_helpers import checkins_of, eventually, make_delivery
from tests.support.clock import FrozenClock
from tests.support.slack_requests import SlackDriver

SLACK_DOWN = ScriptedReply(503, {"ok": False, "error": "service_unavailable"})


def test_checkin_now_while_this_weeks_is_waiting_for_a_retry_does_not_say_you_had_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    enrol(slack, fake_slack)
    fake_slack.outage("chat.postMessage", SLACK_DOWN)
    tick(checkins=make_delivery(db, fake_slack), now=SLOT1)
    [row] = checkins_of(db)
    assert (row.state, row.attempts) == ("pending", 1)
    fake_slack.recover("chat.postMessage")

    clock.now = SLOT1 + MINUTE // 2
    told = slack.command("checkin", channel="D1").text

    assert "already had this week's check-in" not in told, told
    eventually(lambda: checkins_of(db)[0].state == "sent", what="this week's check-in sent now")
    assert len(checkins_of(db)) == 1
