"""Bad, hostile and unusual input: a clear ephemeral error and nothing stored, or stored as typed
and shown escaped. Text is sent the way Slack sends it with should_escape on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from tests.support import campaign_queries as q
from tests.support.readers import data_text
from tests.support.slack_requests import Reply, SlackDriver

NOTHING = {"member": 0, "item": 0, "note": 0}


# --- helpers ---------------------------------------------------------------------------------


def run(slack: SlackDriver, text: str, *, user: str = "U1") -> Reply:
    """Type `/mgr-goal <text>`; the reply must be ephemeral and readable."""
    reply = slack.command(text, user=user)
    assert reply.status == 200, reply.body
    assert reply.json().get("response_type") == "ephemeral", reply.body
    assert reply.text.strip(), "the person got no message"
    return reply


def slack_escape(typed: str) -> str:
    """What Slack sends for characters a person typed (should_escape: true)."""
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def home_after(fake_slack: FakeSlack, published_before: int) -> dict[str, Any]:
    call = fake_slack.wait_for("views.publish", count=published_before + 1)[published_before]
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def add_ok(slack: SlackDriver, fake_slack: FakeSlack, text: str, *, user: str = "U1") -> Reply:
    """Add an item that must be accepted; waits for the Home tab it republishes."""
    before = len(fake_slack.calls_to("views.publish"))
    reply = run(slack, f"add {text}", user=user)
    assert "Added to your list" in reply.text, reply.text
    home_after(fake_slack, before)
    return reply


def rejected(slack: SlackDriver, db: Database, text: str, *must_say: str) -> Reply:
    """The command is refused with a message saying these things, and nothing changes."""
    before = q.counts(db)
    reply = run(slack, text)
    assert "Added to your list" not in reply.text, reply.text
    for phrase in must_say:
        assert phrase in reply.text, f"{phrase!r} not in {reply.text!r}"
    assert q.counts(db) == before
    return reply


# --- add: rejected, nothing stored -----------------------------------------------------------


def test_add_5000_characters_is_refused(slack: SlackDriver, db: Database) -> None:
    rejected(slack, db, "add " + "x" * 5000, "5,000 characters", "300", "evidence note")
    assert q.counts(db) == NOTHING


def test_a_win_ending_in_1200_shares_gets_a_reply_not_a_crash(
    slack: SlackDriver, db: Database
) -> None:
    """Only the last `share` is the option, so the win text is 7,195 characters: too long."""
    rejected(slack, db, "win x" + " share" * 1200, "7,195 characters", "500")
    assert q.counts(db) == NOTHING


def test_an_add_with_10000_characters_of_options_gets_a_reply_not_a_crash(
    slack: SlackDriver, db: Database
) -> None:
    """Only the last run of options counts; the rest is item text, refused as too long."""
    rejected(slack, db, "add Plan the offsite" + " due mon area v from <@U2>" * 400, "300")
    assert q.counts(db) == NOTHING


def test_add_only_options_asks_for_the_text(slack: SlackDriver, db: Database) -> None:
    rejected(slack, db, "add due friday", "What should the item say?", "/mgr-goal add")
    assert q.counts(db) == NOTHING


def test_add_unknown_area_lists_the_real_ones(slack: SlackDriver, db: Database) -> None:
    reply = rejected(slack, db, "add x area astrology", "astrology", "isn't a skill area")
    for area in ("coaching", "communication", "knowledge sharing", "business sense"):
        assert area in reply.text
    assert q.counts(db) == NOTHING


@pytest.mark.parametrize(
    ("due", "must_say"),
    [
        ("2020-01-01", "in the past"),
        ("2026-13-45", "couldn't read"),
    ],
)
def test_add_bad_due_date_is_refused(
    slack: SlackDriver, db: Database, due: str, must_say: str
) -> None:
    reply = rejected(slack, db, f"add x due {due}", must_say, due)
    assert "2026-12-15" in reply.text or "today or later" in reply.text  # how to do it right
    assert q.counts(db) == NOTHING


def test_add_unresolved_person_is_refused(slack: SlackDriver, db: Database) -> None:
    rejected(slack, db, "add Run the retro from @nobody", "couldn't find", "@-autocomplete")
    assert q.counts(db) == NOTHING


def test_300_characters_accepted_301_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    exactly = "a" * 299 + "b"
    add_ok(slack, fake_slack, exactly)
    assert q.item(db, 1).text == exactly
    rejected(slack, db, "add " + "c" * 301, "301 characters", "300")
    assert q.numbers(db) == [1]


def test_300_characters_counts_what_was_typed_not_the_entities(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    typed = "R&D <" + "a" * 295  # 300 characters as typed; longer once Slack encodes them
    add_ok(slack, fake_slack, slack_escape(typed))
    assert q.item(db, 1).text == typed


# --- item commands: rejected, nothing changed -------------------------------------------------


@pytest.fixture
def one_item(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    add_ok(slack, fake_slack, "Write the onboarding guide")


def assert_item_untouched(db: Database) -> None:
    stored = q.item(db, 1)
    assert (stored.text, stored.status, stored.done_at) == (
        "Write the onboarding guide",
        "open",
        None,
    )
    assert stored.notes == []
    assert q.counts(db) == {"member": 1, "item": 1, "note": 0}


@pytest.mark.usefixtures("one_item")
@pytest.mark.parametrize("text", ["done 99", "show 99", "note 99 x", "undo 99", "remove 99"])
def test_no_such_item(slack: SlackDriver, db: Database, text: str) -> None:
    reply = run(slack, text)
    assert "no item #99" in reply.text, reply.text
    assert "/mgr-goal list" in reply.text
    assert_item_untouched(db)


@pytest.mark.usefixtures("one_item")
@pytest.mark.parametrize("text", ["done abc", "note abc shipped it", "show -1", "done 1.5"])
def test_not_an_item_number(slack: SlackDriver, db: Database, text: str) -> None:
    reply = run(slack, text)
    bad = text.split()[1]
    assert f"`{bad}` isn't an item number" in reply.text, reply.text
    assert "/mgr-goal list" in reply.text
    assert_item_untouched(db)


@pytest.mark.usefixtures("one_item")
@pytest.mark.parametrize("verb", ["done", "show", "note", "undo", "edit", "remove"])
def test_item_command_without_a_number(slack: SlackDriver, db: Database, verb: str) -> None:
    reply = run(slack, verb)
    assert "Which item?" in reply.text and f"/mgr-goal {verb} 3" in reply.text, reply.text
    assert_item_untouched(db)


def test_item_commands_before_any_item_say_the_list_is_empty(
    slack: SlackDriver, db: Database
) -> None:
    reply = run(slack, "done 1")
    assert "empty" in reply.text and "/mgr-goal add" in reply.text
    assert q.counts(db) == NOTHING


# --- text that must survive exactly ----------------------------------------------------------


def test_emoji_and_right_to_left_text_is_stored_and_shown_exactly(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    typed = "🚀 مرحبا بالعالم שלום"
    reply = add_ok(slack, fake_slack, typed)
    assert typed in reply.text
    assert q.item(db, 1).text == typed
    assert typed in run(slack, "list").text
    assert typed in run(slack, "show 1").text


def test_ampersands_and_angle_brackets_round_trip(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    typed = "Fix R&D <-> Sales handoff & write &lt; docs"
    reply = add_ok(slack, fake_slack, slack_escape(typed))
    assert q.item(db, 1).text == typed
    assert slack_escape(typed) in reply.text


# --- injection: typed markup is stored as typed and shown escaped ----------------------------

INJECTIONS = ["<!channel>", "<!here>", "<@U0123>", "<https://evil.example|click>"]
RAW_MARKUP = ("<!channel>", "<!here>", "<@U0123>", "<https://evil.example", "<!everyone>")


def assert_no_markup(where: str, payload: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in payload, f"{where} contains raw {raw}: {payload}"


def add_injection(slack: SlackDriver, fake_slack: FakeSlack, typed: str) -> tuple[Reply, str]:
    """Add an item whose text is `typed` literally; the reply and the Home tab it publishes."""
    before = len(fake_slack.calls_to("views.publish"))
    reply = run(slack, "add " + slack_escape(typed))
    assert "Added to your list" in reply.text, reply.text
    return reply, json.dumps(home_after(fake_slack, before), ensure_ascii=False)


@pytest.mark.parametrize("typed", INJECTIONS)
def test_typed_markup_is_stored_as_typed_and_escaped_in_the_add_reply_and_home(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, typed: str
) -> None:
    reply, home = add_injection(slack, fake_slack, typed)
    assert q.item(db, 1).text == typed
    assert slack_escape(typed) in reply.body
    assert_no_markup("add reply", reply.body)
    assert slack_escape(typed) in home
    assert_no_markup("Home tab", home)


@pytest.mark.parametrize("typed", INJECTIONS)
def test_typed_markup_is_escaped_in_list(
    slack: SlackDriver, fake_slack: FakeSlack, typed: str
) -> None:
    add_injection(slack, fake_slack, typed)
    reply = run(slack, "list")
    assert slack_escape(typed) in reply.body
    assert_no_markup("list reply", reply.body)


@pytest.mark.parametrize("typed", INJECTIONS)
def test_typed_markup_is_escaped_in_show(
    slack: SlackDriver, fake_slack: FakeSlack, typed: str
) -> None:
    add_injection(slack, fake_slack, typed)
    reply = run(slack, "show 1")
    assert slack_escape(typed) in reply.body
    assert_no_markup("show reply", reply.body)


@pytest.mark.parametrize("typed", INJECTIONS)
def test_typed_markup_in_evidence_is_escaped(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, typed: str
) -> None:
    add_ok(slack, fake_slack, "Write the onboarding guide")
    before = len(fake_slack.calls_to("views.publish"))
    reply = run(slack, "note 1 " + slack_escape(typed))
    home_after(fake_slack, before)
    assert q.note_texts(db, 1) == [typed]
    assert_no_markup("note reply", reply.body)
    shown = run(slack, "show 1")
    assert slack_escape(typed) in shown.body
    assert_no_markup("show reply", shown.body)


@pytest.mark.parametrize("typed", INJECTIONS)
def test_typed_markup_in_an_unknown_word_is_escaped(slack: SlackDriver, typed: str) -> None:
    reply = run(slack, slack_escape(typed))
    assert "I don't know" in reply.text
    assert_no_markup("error reply", reply.body)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("Tell <!channel> about the launch", "Tell @channel about the launch"),
        ("Tell <!here> about the launch", "Tell @here about the launch"),
        ("Demo in <#C1|general>", "Demo in #general"),
    ],
)
def test_real_slack_tokens_are_stored_as_readable_text(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, sent: str, stored: str
) -> None:
    reply = add_ok(slack, fake_slack, sent)
    assert q.item(db, 1).text == stored
    assert stored in reply.text
    for reply_body in (reply.body, run(slack, "list").body, run(slack, "show 1").body):
        assert "<!channel>" not in reply_body and "<!here>" not in reply_body
        assert "<#C1" not in reply_body


# --- another user's data ---------------------------------------------------------------------


def test_another_user_cannot_see_or_change_my_items(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add_ok(slack, fake_slack, "Private: talk to HR about my manager")

    listing = run(slack, "list", user="U2")
    assert "empty" in listing.text.lower()
    assert "Private" not in listing.text

    for text in ("done 1", "show 1", "undo 1", "note 1 sneaky", "remove 1", "edit 1"):
        reply = run(slack, text, user="U2")
        assert "Private" not in reply.text, f"{text}: {reply.text}"
        assert "no item" in reply.text or "empty" in reply.text, f"{text}: {reply.text}"

    assert q.member(db, "U2") is None
    stored = q.item(db, 1)
    assert (stored.text, stored.status, stored.notes) == (
        "Private: talk to HR about my manager",
        "open",
        [],
    )
    assert fake_slack.calls_to("views.open") == []
    assert all(c.args["user_id"] == "U1" for c in fake_slack.calls_to("views.publish"))


def test_another_user_with_their_own_list_sees_only_theirs(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add_ok(slack, fake_slack, "U1 secret item")
    add_ok(slack, fake_slack, "U2 own item", user="U2")
    listing = run(slack, "list", user="U2")
    assert "U2 own item" in listing.text and "U1 secret item" not in listing.text
    shown = run(slack, "show 1", user="U2")
    assert "U2 own item" in shown.text and "U1 secret item" not in shown.text
    before = len(fake_slack.calls_to("views.publish"))
    run(slack, "done 1", user="U2")
    home = data_text(home_after(fake_slack, before))
    assert "U1 secret item" not in home
    assert q.item(db, 1, "U2").status == "done"
    assert q.item(db, 1, "U1").status == "open"


def test_another_user_cannot_click_remove_on_my_item(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add_ok(slack, fake_slack, "Write the onboarding guide")
    add_ok(slack, fake_slack, "U2 own item", user="U2")
    item_id = str(q.item(db, 1).id)
    click = slack.click("remove_confirm", value=item_id, user="U2", container="message")
    assert click.status == 200
    response = fake_slack.wait_for("response_url")[-1]
    assert "isn't on your list" in response.args["text"]
    assert q.numbers(db) == [1]
