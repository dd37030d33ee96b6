"""User text stays inert where the bot shows it: no mention Slack parses on its own, no preview.

Slack renders a mrkdwn text object with `verbatim` false (its default) by linking bare URLs and
channel names and parsing "certain mentions", so a win stored as "@channel …" could ping a
whole team channel from the digest. Every mrkdwn object the bot sends is verbatim, and every
message turns link and media unfurls off. (The teardown check in tests/conftest.py holds every
test to the same rules; these tests follow one hostile text all the way through.)

The frozen clock starts on Monday 23 November 2026, 15:00 UTC; U1 is in Europe/Berlin, so the
default digest slot is Friday 27 November, 15:00 UTC.
"""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack
from bot.jobs.tick import tick
from tests.support.checkin_helpers import make_delivery
from tests.support.home_helpers import count, home_after
from tests.support.readers import blocks_of, mrkdwn_objects, mrkdwn_texts
from tests.support.slack_requests import SlackDriver

DUE = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
# What Slack sends (should_escape on) for "@channel and @here see https://evil.example", with
# @channel picked as a real mention and the link auto-linked while typing.
HOSTILE = "<!channel> and @here see <https://evil.example>"
# What the person saw, which is what gets stored and shown again.
SHOWN = "@channel and @here see https://evil.example"


def assert_inert(call: Call) -> None:
    """The message shows the text as typed, parses nothing in it and previews no link."""
    assert any(SHOWN in text for text in mrkdwn_texts(call)), mrkdwn_texts(call)
    for text in mrkdwn_texts(call):
        assert "<!" not in text and "<http" not in text, text
    objects = mrkdwn_objects(blocks_of(call))
    assert objects, "the text is in the blocks"
    assert all(o.get("verbatim") is True for o in objects), objects
    assert call.args.get("unfurl_links") is False, call.args
    assert call.args.get("unfurl_media") is False, call.args


def command(slack: SlackDriver, fake: FakeSlack, text: str, *, channel: str = "C999") -> None:
    """A command that stores something; returns once it republished the Home tab."""
    before = count(fake, "views.publish")
    reply = slack.command(text, channel=channel)
    assert reply.status == 200, reply.body
    home_after(fake, before=before)


def test_a_shared_win_with_mentions_and_a_link_reaches_the_digest_inert(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    command(slack, fake_slack, "team <#C1|team>")
    before = count(fake_slack, "response_url")
    assert slack.command("digest on", channel="C1").status == 200
    fake_slack.wait_for("response_url", before + 1)
    command(slack, fake_slack, f"win {HOSTILE} share")
    posted = count(fake_slack, "chat.postMessage")

    done = tick(checkins=make_delivery(db, fake_slack), now=DUE).done

    assert done.get("digests_posted") == 1
    summary, details = fake_slack.calls_to("chat.postMessage")[posted:]
    assert details.args["thread_ts"], "the wins are in the thread reply"
    assert_inert(details)
    assert mrkdwn_objects(blocks_of(summary)), "the summary is mrkdwn too"
    assert all(o.get("verbatim") is True for o in mrkdwn_objects(blocks_of(summary)))
    assert summary.args.get("unfurl_links") is False
    assert summary.args.get("unfurl_media") is False


def test_a_blurb_request_dm_with_mentions_and_a_link_is_inert(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    before, before_home = count(fake_slack, "response_url"), count(fake_slack, "views.publish")
    reply = slack.command(f"blurb <@U2|sam> {HOSTILE}")
    assert reply.status == 200, reply.body
    answer = fake_slack.wait_for("response_url", before + 1)[before]
    home_after(fake_slack, before=before_home)  # the bot's last step

    [dm] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "U2"]
    assert_inert(dm)
    assert_inert(answer)
