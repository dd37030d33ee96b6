"""The same command sent several times at once (a double Enter, two devices, two
replicas behind a load balancer) by someone the bot has never seen, or in a channel with no
digest yet. Each request should get an answer and no listener should fail on a duplicate key.

Seen: `add`, `win` and `team` answer HTTP 500 (UNIQUE member.team_id, member.user_id: two
enrolments race); `blurb` and `digest on` ack and then fail (member / digest.team_id,
channel_id), so the person never gets the follow-up. `setup` and `pause` hold up.
Three rounds, each with a new user and channel, make the race all but certain to show.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.exc import SQLAlchemyError

from bot.devtools.fake_slack import FakeSlack
from tests.support.checkin_helpers import eventually
from tests.support.slack_requests import Reply, SlackDriver

N = 6
ROUNDS = 3


def all_at_once(send: Callable[[], Reply]) -> list[Reply]:
    start = threading.Barrier(N)

    def one(_: int) -> Reply:
        start.wait(timeout=10)
        return send()

    with ThreadPoolExecutor(max_workers=N) as pool:
        return list(pool.map(one, range(N)))


@pytest.mark.parametrize(
    "text",
    [
        "add Mentor the new hire",
        "win Ran the retro",
        "team <#C1|team>",
        "blurb <@U2|sam> the on-call week",
        "digest on",
    ],
)
def test_one_command_sent_six_times_at_once_by_a_new_user(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    text: str,
) -> None:
    caplog.set_level(logging.ERROR)
    statuses: list[int] = []
    all_replies: list[Reply] = []
    for round_ in range(ROUNDS):
        user = f"U9{round_}"
        channel = f"CNEW{round_}" if text.startswith("digest") else "D1"
        fake_slack.add_user(user, tz="Europe/Berlin")
        replies = all_at_once(
            lambda user=user, channel=channel: slack.command(text, user=user, channel=channel)
        )
        statuses += [r.status for r in replies]
        all_replies += replies
    # Every command gets one answer: in the ack, or through response_url after it.
    answered_in_ack = sum(1 for r in all_replies if r.text)
    eventually(
        lambda: answered_in_ack + len(fake_slack.calls_to("response_url")) >= N * ROUNDS,
        what="an answer to every command",
    )

    # No listener failed on the database (a duplicate key). Only those count: a listener left
    # over from an earlier test may still log that test's stopped fake Slack.
    errors = [
        f"{r.getMessage()} {r.exc_info[1]!r}"
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.exc_info and isinstance(r.exc_info[1], SQLAlchemyError)
    ]
    assert statuses == [200] * N * ROUNDS and errors == [], (statuses, errors[:2])
