"""Pause means nothing arrives. After three unanswered weeks the bot stores a pause prompt and
marks the member paused before the prompt is out. If Slack is down for that send, a member who
then types `/mgr-goal pause` (or `resume`) has answered it: the prompt is never sent.
"""

from __future__ import annotations

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack, ScriptedReply
from bot.jobs.tick import tick
from tests.e2e.test_checkins import DAY, MINUTE, SLOT1, SLOT2, SLOT3, SLOT4, enrol
from tests.support.checkin_helpers import checkins_of, make_delivery, member_of
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count
from tests.support.slack_requests import SlackDriver

SLACK_DOWN = ScriptedReply(503, {"ok": False, "error": "service_unavailable"})


def test_a_member_who_pauses_while_the_pause_prompt_is_retrying_gets_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    delivery = make_delivery(db, fake_slack)
    enrol(slack, fake_slack)
    for slot in (SLOT1, SLOT2, SLOT3):
        tick(checkins=delivery, now=slot)
        tick(checkins=delivery, now=slot + 2 * DAY)  # the reminder, also unanswered

    fake_slack.outage("chat.postMessage", SLACK_DOWN)
    tick(checkins=delivery, now=SLOT4)  # the pause prompt is stored; its send fails
    prompt = checkins_of(db)[-1]
    assert (prompt.kind, prompt.state) == ("pause_prompt", "pending")

    clock.now = SLOT4 + 30 * MINUTE
    told = slack.command("pause", channel="D1").text
    assert "already" not in told.lower(), told  # they never paused: this answers the question
    assert member_of(db).paused

    fake_slack.recover("chat.postMessage")
    posts = count(fake_slack, "chat.postMessage")
    for at in (SLOT4 + 31 * MINUTE, SLOT4 + 2 * DAY, SLOT4 + 6 * DAY):
        tick(checkins=delivery, now=at)
    assert count(fake_slack, "chat.postMessage") == posts, [
        c.args.get("text") for c in fake_slack.calls_to("chat.postMessage")[posts:]
    ]


def test_a_member_who_resumes_while_the_pause_prompt_is_retrying_is_not_asked_to_pause(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    delivery = make_delivery(db, fake_slack)
    enrol(slack, fake_slack)
    for slot in (SLOT1, SLOT2, SLOT3):
        tick(checkins=delivery, now=slot)
        tick(checkins=delivery, now=slot + 2 * DAY)
    fake_slack.outage("chat.postMessage", SLACK_DOWN)
    tick(checkins=delivery, now=SLOT4)
    assert checkins_of(db)[-1].kind == "pause_prompt"

    clock.now = SLOT4 + 30 * MINUTE
    told = slack.command("resume", channel="D1").text
    assert not member_of(db).paused, told

    fake_slack.recover("chat.postMessage")
    posts = count(fake_slack, "chat.postMessage")
    tick(checkins=delivery, now=SLOT4 + 31 * MINUTE)
    sent = [c.args.get("text") for c in fake_slack.calls_to("chat.postMessage")[posts:]]
    assert not any("pause" in str(text).lower() for text in sent), sent
