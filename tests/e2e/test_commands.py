"""`/mgr-goal` subcommands end to end: signed command in, ack reply, DB, Home tab and modals."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import parse_qs

import pytest

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from tests.support import campaign_queries as q
from tests.support.clock import FrozenClock
from tests.support.readers import as_view, data_text, mrkdwn_texts
from tests.support.slack_requests import Reply, SlackDriver

# The frozen clock is Monday 23 November 2026, 15:00 UTC (16:00 in U1's Berlin).
MONDAY = dt.date(2026, 11, 23)

# Every subcommand a person can type, with the word that must appear in its help example.
SUBCOMMANDS = ("add", "list", "done", "undo", "note", "show", "edit", "remove", "setup", "help")


# --- helpers ---------------------------------------------------------------------------------


def run(slack: SlackDriver, text: str, *, user: str = "U1") -> Reply:
    """Type `/mgr-goal <text>`; the ack must be an ephemeral reply."""
    reply = slack.command(text, user=user)
    assert reply.status == 200, reply.body
    if reply.body:
        assert reply.json().get("response_type") == "ephemeral", reply.body
    return reply


def home_after(fake_slack: FakeSlack, published_before: int, *, user: str = "U1") -> str:
    """The text of the next Home tab published after `published_before` earlier publishes."""
    calls = fake_slack.wait_for("views.publish", count=published_before + 1)
    call = calls[published_before]
    assert call.args["user_id"] == user
    return data_text(as_view(call))


def change(
    slack: SlackDriver, fake_slack: FakeSlack, text: str, *, user: str = "U1"
) -> tuple[Reply, str]:
    """A command that changes data: its reply and the Home tab republished after it."""
    before = len(fake_slack.calls_to("views.publish"))
    reply = run(slack, text, user=user)
    return reply, home_after(fake_slack, before, user=user)


def add(slack: SlackDriver, fake_slack: FakeSlack, text: str) -> Reply:
    reply, _ = change(slack, fake_slack, f"add {text}")
    assert "Added to your list" in reply.text, reply.text
    return reply


def open_modal(slack: SlackDriver, fake_slack: FakeSlack, text: str) -> dict[str, Any]:
    """Run a command that should open a modal; check it used this command's trigger_id."""
    before = len(fake_slack.calls_to("views.open"))
    body = slack.command_body(text)
    trigger_id = parse_qs(body)["trigger_id"][0]
    reply = slack.post(body, "application/x-www-form-urlencoded")
    assert reply.status == 200, reply.body
    call = fake_slack.wait_for("views.open", count=before + 1)[before]
    assert call.args["trigger_id"] == trigger_id
    return as_view(call)


def input_element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return block["element"]


def remove_button(reply: Reply) -> dict[str, Any]:
    buttons = [
        element
        for block in reply.json().get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    return next(b for b in buttons if b["action_id"] == "remove_confirm")


# Slack reads `<...>` in mrkdwn as a mention, channel or link, even inside backticks; the only
# ones the bot should send in these replies are real user mentions.
_SLACK_TOKEN = re.compile(r"<[^<>]*>")
_USER_MENTION = re.compile(r"^<@[UW][A-Z0-9]+>$")


def assert_no_stray_markup(reply: Reply) -> None:
    for text in mrkdwn_texts(reply.json()):
        for token in _SLACK_TOKEN.findall(text):
            assert _USER_MENTION.match(token), f"Slack would parse {token!r} in {text!r}"


# --- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["help", "", "   "])
def test_help_lists_every_subcommand_with_an_example(slack: SlackDriver, text: str) -> None:
    reply = run(slack, text)
    for sub in SUBCOMMANDS:
        assert f"`/mgr-goal {sub}" in reply.text, f"help has no example for {sub}"
    assert "due" in reply.text and "area" in reply.text and "from" in reply.text


def test_help_stores_nothing(slack: SlackDriver, db: Database) -> None:
    run(slack, "help")
    assert q.counts(db) == {"member": 0, "item": 0, "note": 0}


def test_unknown_word_suggests_the_closest_subcommand(slack: SlackDriver, db: Database) -> None:
    reply = run(slack, "lsit")
    assert "did you mean `list`" in reply.text.lower(), reply.text
    assert "/mgr-goal help" in reply.text
    assert q.counts(db)["member"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "help",
        "",
        "list",
        "show 1",
        "remove 1",
        "add Another one",
        "done 1 shipped",
        "lsit",
        "note 1",
        "done abc",
        "show 99",
        "add due friday",
        "add x area astrology",
    ],
)
def test_replies_contain_no_stray_slack_markup(
    slack: SlackDriver, fake_slack: FakeSlack, text: str
) -> None:
    """Placeholders like `<text>` in the bot's own copy would render as broken links."""
    add(slack, fake_slack, "Mentor the new hire from <@U2|dana> area coaching")
    assert_no_stray_markup(run(slack, text))


# --- add -------------------------------------------------------------------------------------


def test_add_plain_text(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    reply = add(slack, fake_slack, "Run the team retro")
    assert "#1" in reply.text and "Run the team retro" in reply.text
    stored = q.item(db, 1)
    assert stored.text == "Run the team retro"
    assert (stored.asked_by_user_id, stored.area, stored.due_date) == (None, None, None)
    assert stored.status == "open"


@pytest.mark.parametrize(
    ("options", "field", "expected", "shown"),
    [
        ("from <@U2|dana>", "asked_by_user_id", "U2", "<@U2>"),
        ("area coaching", "area", "coaching", "coaching"),
        ("area knowledge sharing", "area", "knowledge_sharing", "knowledge sharing"),
        ("due 2026-12-15", "due_date", dt.date(2026, 12, 15), "15 Dec 2026"),
        ("due in 3 weeks", "due_date", MONDAY + dt.timedelta(weeks=3), "14 Dec 2026"),
        ("due in 10 days", "due_date", MONDAY + dt.timedelta(days=10), "3 Dec 2026"),
        ("due friday", "due_date", dt.date(2026, 11, 27), "Fri 27 Nov 2026"),
    ],
)
def test_add_with_one_option(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    options: str,
    field: str,
    expected: object,
    shown: str,
) -> None:
    reply = add(slack, fake_slack, f"Mentor the new hire {options}")
    stored = q.item(db, 1)
    assert stored.text == "Mentor the new hire"
    assert getattr(stored, field) == expected
    assert shown in reply.text, reply.text
    # The option words are not part of the item text the person sees.
    assert "*#1* Mentor the new hire ·" in reply.text, reply.text


@pytest.mark.parametrize(
    "options",
    [
        "from <@U2|dana> area coaching due friday",
        "due friday from <@U2|dana> area coaching",
        "area coaching due friday from <@U2|dana>",
    ],
)
def test_add_options_in_any_order(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, options: str
) -> None:
    add(slack, fake_slack, f"Run the planning retro {options}")
    stored = q.item(db, 1)
    assert stored.text == "Run the planning retro"
    assert stored.asked_by_user_id == "U2"
    assert stored.area == "coaching"
    assert stored.due_date == dt.date(2026, 11, 27)


def test_add_multi_word_area_with_other_options(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add(slack, fake_slack, "Write the onboarding guide area knowledge sharing due in 10 days")
    stored = q.item(db, 1)
    assert stored.text == "Write the onboarding guide"
    assert stored.area == "knowledge_sharing"
    assert stored.due_date == dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Review due diligence process",
        "Learn from the incident review",
        "Explain the area of overlap with sales",
    ],
)
def test_option_words_inside_the_text_stay_text(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str
) -> None:
    reply = add(slack, fake_slack, text)
    stored = q.item(db, 1)
    assert stored.text == text
    assert (stored.asked_by_user_id, stored.area, stored.due_date) == (None, None, None)
    assert text in reply.text


def test_add_without_text_opens_the_item_modal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_modal(slack, fake_slack, "add")
    assert view["callback_id"] == "item_modal"
    assert view["title"]["text"] == "Add to your list"
    assert input_element(view, "text").get("initial_value") in (None, "")
    assert q.counts(db)["item"] == 0


def test_first_add_enrols_with_welcome_and_slack_time_zone(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    assert q.member(db) is None
    reply = add(slack, fake_slack, "Run the team retro")
    assert "Welcome to mgr-goal" in reply.text
    assert "/mgr-goal setup" in reply.text
    users_info = fake_slack.calls_to("users.info")
    assert [c.args.get("user") for c in users_info] == ["U1"]
    enrolled = q.member(db)
    assert enrolled is not None
    assert enrolled.timezone == "Europe/Berlin"


def test_second_add_has_no_welcome_and_no_new_member(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add(slack, fake_slack, "First")
    reply = add(slack, fake_slack, "Second")
    assert "Welcome" not in reply.text
    assert "#2" in reply.text
    assert q.counts(db)["member"] == 1
    assert len(fake_slack.calls_to("users.info")) == 1


# --- numbering, remove -----------------------------------------------------------------------


def ask_to_remove(slack: SlackDriver, number: int, text: str) -> dict[str, Any]:
    reply = run(slack, f"remove {number}")
    assert f"Remove #{number}" in reply.text and text in reply.text, reply.text
    assert "can't be undone" in reply.text
    return remove_button(reply)


def test_removed_numbers_are_never_reused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    for text in ("Alpha", "Bravo", "Charlie"):
        add(slack, fake_slack, text)
    button = ask_to_remove(slack, 2, "Bravo")
    assert q.numbers(db) == [1, 2, 3], "asking to remove must not remove yet"
    assert button["value"] == str(q.item(db, 2).id)

    published = len(fake_slack.calls_to("views.publish"))
    click = slack.click("remove_confirm", value=button["value"], container="message")
    assert click.status == 200
    response = fake_slack.wait_for("response_url")[-1]
    assert "Removed #2" in response.args["text"]
    home = home_after(fake_slack, published)
    assert "Bravo" not in home and "Charlie" in home

    reply = add(slack, fake_slack, "Delta")
    assert "#4" in reply.text
    assert q.numbers(db) == [1, 3, 4]
    assert q.item(db, 3).text == "Charlie"
    assert q.item(db, 4).text == "Delta"
    listing = run(slack, "list").text
    assert "#3* Charlie" in listing and "#4* Delta" in listing and "Bravo" not in listing


def test_cancel_remove_keeps_the_item(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add(slack, fake_slack, "Alpha")
    button = ask_to_remove(slack, 1, "Alpha")
    click = slack.click("remove_cancel", value=button["value"], container="message")
    assert click.status == 200
    response = fake_slack.wait_for("response_url")[-1]
    assert "Nothing was removed" in response.args["text"]
    assert q.numbers(db) == [1]
    assert "Alpha" in run(slack, "list").text


def test_remove_mentions_the_evidence_it_will_delete(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    add(slack, fake_slack, "Alpha")
    change(slack, fake_slack, "note 1 ran the first session")
    reply = run(slack, "remove 1")
    assert "1 evidence note" in reply.text


# --- list ------------------------------------------------------------------------------------


def seed_three(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    add(slack, fake_slack, "Mentor the new hire from <@U2|dana> area coaching due 2026-12-15")
    add(slack, fake_slack, "Write the onboarding guide")
    add(slack, fake_slack, "Run the planning retro due friday")
    change(slack, fake_slack, "done 2 shipped it")


def test_list_shows_open_before_done_with_details(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    seed_three(slack, fake_slack)
    listing = run(slack, "list").text
    assert "1 of 3 done" in listing
    open_at = listing.index("*Open*")
    done_at = listing.index("*Done*")
    assert open_at < listing.index("Mentor the new hire") < done_at
    assert open_at < listing.index("Run the planning retro") < done_at
    assert done_at < listing.index("Write the onboarding guide")
    # Sooner due date first among open items.
    assert listing.index("Run the planning retro") < listing.index("Mentor the new hire")
    mentor_line = next(line for line in listing.splitlines() if "Mentor the new hire" in line)
    assert "<@U2>" in mentor_line
    assert "coaching" in mentor_line
    assert "15 Dec 2026" in mentor_line
    assert "overdue" not in listing


def test_list_marks_overdue_items_once_the_date_passes(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    seed_three(slack, fake_slack)
    clock.now = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)  # the Saturday after
    listing = run(slack, "list").text
    lines = listing.splitlines()
    retro = next(line for line in lines if "Run the planning retro" in line)
    mentor = next(line for line in lines if "Mentor the new hire" in line)
    assert "overdue" in retro.lower()
    assert "overdue" not in mentor.lower()


def test_list_when_empty_says_how_to_start(slack: SlackDriver, db: Database) -> None:
    reply = run(slack, "list")
    assert "empty" in reply.text.lower()
    assert "/mgr-goal add" in reply.text
    assert q.counts(db)["member"] == 0


# --- done / undo / note / show ---------------------------------------------------------------


def test_done_with_evidence(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    add(slack, fake_slack, "Write the onboarding guide")
    add(slack, fake_slack, "Run the retro")
    reply, home = change(slack, fake_slack, "done 1 shipped the guide")
    assert "#1 is done" in reply.text
    assert "1 of 2 done" in reply.text
    stored = q.item(db, 1)
    assert stored.status == "done"
    assert stored.done_at is not None
    assert [n.text for n in stored.notes] == ["shipped the guide"]
    assert "1 of 2 done" in home


def test_done_twice_says_already_done(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add(slack, fake_slack, "Write the onboarding guide")
    change(slack, fake_slack, "done 1 shipped the guide")
    reply = run(slack, "done 1 shipped it again")
    assert "already done" in reply.text
    assert q.note_texts(db, 1) == ["shipped the guide"]


def test_done_accepts_hash_number(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    add(slack, fake_slack, "Write the onboarding guide")
    change(slack, fake_slack, "done #1")
    assert q.item(db, 1).status == "done"
    assert q.note_texts(db, 1) == []


def test_undo_reopens(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    add(slack, fake_slack, "Write the onboarding guide")
    change(slack, fake_slack, "done 1")
    reply, home = change(slack, fake_slack, "undo 1")
    assert "#1 is open again" in reply.text
    stored = q.item(db, 1)
    assert (stored.status, stored.done_at) == ("open", None)
    assert "0 of 1 done" in home


def test_undo_on_open_item_says_so(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    add(slack, fake_slack, "Write the onboarding guide")
    reply = run(slack, "undo 1")
    assert "still open" in reply.text


def test_note_adds_evidence(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    add(slack, fake_slack, "Alpha")
    add(slack, fake_slack, "Run lunch-and-learns")
    reply, home = change(slack, fake_slack, "note 2 ran the first session, 12 people came")
    assert "Evidence saved on #2" in reply.text
    assert q.note_texts(db, 2) == ["ran the first session, 12 people came"]
    assert q.item(db, 2).status == "open"
    assert "1 note" in home


def test_note_without_text_is_an_error(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add(slack, fake_slack, "Alpha")
    add(slack, fake_slack, "Run lunch-and-learns")
    reply = run(slack, "note 2")
    assert "evidence" in reply.text.lower()
    assert "/mgr-goal note 3" in reply.text  # says how to do it right
    assert q.counts(db)["note"] == 0


def test_show_lists_every_note(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    add(slack, fake_slack, "Alpha")
    add(slack, fake_slack, "Run lunch-and-learns area knowledge sharing")
    change(slack, fake_slack, "note 2 ran the first session")
    change(slack, fake_slack, "note 2 second session, 12 people came")
    reply = run(slack, "show 2")
    assert "Run lunch-and-learns" in reply.text
    assert "knowledge sharing" in reply.text
    assert "ran the first session" in reply.text
    assert "second session, 12 people came" in reply.text
    assert "Alpha" not in reply.text


def test_show_without_notes_says_how_to_add_one(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    add(slack, fake_slack, "Alpha")
    reply = run(slack, "show 1")
    assert "No evidence yet" in reply.text and "/mgr-goal note 1" in reply.text


# --- modals ----------------------------------------------------------------------------------


def test_edit_opens_a_modal_prefilled_with_the_item(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add(slack, fake_slack, "Alpha")
    add(slack, fake_slack, "Mentor the new hire from <@U2|dana> area coaching due 2026-12-15")
    view = open_modal(slack, fake_slack, "edit 2")
    assert view["callback_id"] == "item_modal"
    assert "#2" in view["title"]["text"]
    assert input_element(view, "text")["initial_value"] == "Mentor the new hire"
    assert input_element(view, "asked_by")["initial_user"] == "U2"
    assert input_element(view, "area")["initial_option"]["value"] == "coaching"
    assert input_element(view, "due")["initial_date"] == "2026-12-15"
    assert json.loads(view["private_metadata"]) == {"item_id": q.item(db, 2).id}


def test_setup_opens_the_setup_modal(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    view = open_modal(slack, fake_slack, "setup")
    assert view["callback_id"] == "setup_modal"
    block_ids = {b.get("block_id") for b in view["blocks"]}
    assert {"target_role", "manager", "why", "checkin_day", "checkin_time"} <= block_ids


# --- Home tab --------------------------------------------------------------------------------


def test_home_is_republished_after_each_change(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    _, home = change(slack, fake_slack, "add Write the onboarding guide")
    assert "Write the onboarding guide" in home and "0 of 1 done" in home
    _, home = change(slack, fake_slack, "add Run the planning retro")
    assert "Run the planning retro" in home and "0 of 2 done" in home
    _, home = change(slack, fake_slack, "note 2 booked the room")
    assert "1 note" in home
    _, home = change(slack, fake_slack, "done 1 shipped")
    assert "1 of 2 done" in home
    _, home = change(slack, fake_slack, "undo 1")
    assert "0 of 2 done" in home
    assert all(c.args["user_id"] == "U1" for c in fake_slack.calls_to("views.publish"))
