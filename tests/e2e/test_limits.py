"""Very long lists and notes stay inside Slack's limits, end in "…and N more", and never let
user text turn into markup (`<!channel>`, fake mentions, links)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.models import TEXT_MAX
from bot.services import campaign, members
from tests.support.blockkit import check_message, check_view
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after, seed_items
from tests.support.readers import markup_text, text_of
from tests.support.slack_requests import TEAM, Reply, SlackDriver

ITEMS = 200
NOTES = 200
MESSAGE_BLOCKS, VIEW_BLOCKS, MESSAGE_TEXT = 50, 100, 12000
HOSTILE = "R&D <!channel> <!here> <@U2> <https://evil.example|your bonus> :rocket: 🚀🎉 "
MORE = re.compile(r"…and (\d+) more")
MARKER = re.compile(r"item-(\d{3})")
NOTE_MARKER = re.compile(r"note-(\d{3})")


def long_text(marker: str, size: int = TEXT_MAX) -> str:
    text = f"{marker} {HOSTILE}"
    return (text + "x" * size)[:size]


def message_body(reply: Reply) -> dict[str, Any]:
    """The ack body, checked like every payload the bot sends: valid Block Kit within limits."""
    assert reply.status == 200, reply.body
    body = reply.json()
    check_message(body)
    return body


def block_text(payload: dict[str, Any]) -> str:
    return text_of(payload.get("blocks", []))


def assert_escaped(payload: dict[str, Any]) -> None:
    """Nothing the person typed reaches Slack as markup: only the escaped form is there."""
    markup = markup_text(payload)
    for raw in ("<!channel>", "<!here>", "<@U2>", "<https://evil.example"):
        assert raw not in markup, f"raw {raw!r} would be live markup in Slack"
    assert "&lt;!channel&gt;" in markup
    assert "R&amp;D" in markup


def more_count(text: str) -> int:
    found = [int(n) for n in MORE.findall(text)]
    assert found, 'no "…and N more" line'
    return sum(found)


@pytest.fixture
def big_list(db: Database, clock: FrozenClock) -> list[int]:
    """U1 has 200 maximum-length items full of markup and emoji; every other one is done."""
    texts = [long_text(f"item-{n:03d}") for n in range(ITEMS)]
    assert all(len(t) == TEXT_MAX for t in texts)
    item_ids = seed_items(db, clock.now, texts, done=range(0, ITEMS, 2))
    with db.session() as session:
        members.save_profile(
            session,
            team_id=TEAM,
            user_id="U1",
            profile=members.Profile(
                target_role=long_text("role", 100),
                target_date=None,
                manager_user_id="U3",  # a real mention, unlike the typed <@U2>
                why=long_text("why", 1000),
                checkin_weekday=2,
                checkin_time=clock.now.time(),
            ),
            now=clock.now,
        )
    return item_ids


@pytest.fixture
def noted_item(db: Database, clock: FrozenClock) -> int:
    """One item carrying 200 evidence notes of 2,000 characters each."""
    [item_id] = seed_items(db, clock.now, [long_text("item-000")])
    with db.session() as session:
        item = campaign.get_item_by_id(session, team_id=TEAM, user_id="U1", item_id=item_id)
        for n in range(NOTES):
            campaign.add_note(
                session, item=item, text=long_text(f"note-{n:03d}", 2000), now=clock.now
            )
    return item_id


def test_list_of_200_items_fits_one_message_and_says_how_many_more(
    slack: SlackDriver, big_list: list[int]
) -> None:
    body = message_body(slack.command("list"))
    assert len(body["blocks"]) <= MESSAGE_BLOCKS
    text = block_text(body)
    assert len(text) <= MESSAGE_TEXT
    assert "100 of 200 done" in text
    shown = set(MARKER.findall(text))
    assert shown, "no items listed at all"
    assert len(shown) + more_count(text) == ITEMS, "the …and N more count is wrong"


@pytest.mark.parametrize("command", ["list", "show 2", "remove 2", "done 2", "undo 1"])
def test_user_text_is_escaped_in_replies(
    slack: SlackDriver, fake_slack: FakeSlack, big_list: list[int], command: str
) -> None:
    before = count(fake_slack, "views.publish")
    body = message_body(slack.command(command))
    if command.startswith(("list", "show", "remove")):
        assert "item-001" in block_text(body)
        assert_escaped(body)
    else:  # the reply names the item by number; the refreshed Home shows its text
        assert "#" in body["text"]
        home = home_after(fake_slack, before=before)
        assert_escaped(home)


def test_home_with_200_items_fits_and_says_how_many_more(
    slack: SlackDriver, fake_slack: FakeSlack, big_list: list[int]
) -> None:
    before = count(fake_slack, "views.publish")
    slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    home = home_after(fake_slack, before=before)
    check_view(home)
    assert len(home["blocks"]) <= VIEW_BLOCKS
    assert len(json.dumps(home).encode()) < 250_000, "view_too_large"
    text = text_of(home)
    shown = set(MARKER.findall(text))
    assert shown
    assert len(shown) + more_count(text) == ITEMS, "the …and N more counts are wrong"
    assert "100 of 200 done" in text
    assert_escaped(home)


def test_item_with_200_long_notes_shows_within_limits(slack: SlackDriver, noted_item: int) -> None:
    body = message_body(slack.command("show 1"))
    assert len(body["blocks"]) <= MESSAGE_BLOCKS
    text = block_text(body)
    assert len(text) <= MESSAGE_TEXT
    shown = set(NOTE_MARKER.findall(text))
    assert shown, "no notes shown at all"
    assert len(shown) + more_count(text) == NOTES, "the …and N more count is wrong"
    assert "200 notes" in text
    # The notes as shown; the reply's fallback text is covered by the escaping test above.
    assert_escaped({"blocks": body["blocks"]})


def test_remove_confirmation_and_home_for_an_item_with_200_notes(
    slack: SlackDriver, fake_slack: FakeSlack, noted_item: int
) -> None:
    body = message_body(slack.command("remove 1"))
    assert "200 evidence notes" in block_text(body)
    assert_escaped(body)

    before = count(fake_slack, "views.publish")
    slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    home = home_after(fake_slack, before=before)
    assert "200 notes" in text_of(home)
    assert_escaped(home)
