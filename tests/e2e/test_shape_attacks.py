"""A hostile or careless Slack user against the typed payload readers (round 2 of issue 10).

Every value below is signed the way Slack signs it and posted to /slack/events. Each one used
to end in an unhandled exception (a 500, or a traceback after the ack and no answer at all):
ids written in digits `int()` can't read, form state holding the wrong JSON types, and modal
metadata the JSON decoder gives up on. Each is now answered like any other bad value.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pytest

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from tests.support.clock import FrozenClock
from tests.support.home_helpers import (
    count,
    home_after,
    item_snapshot,
    modal_after,
    row_counts,
    seed_items,
)
from tests.support.readers import text_of
from tests.support.slack_requests import (
    FORM,
    SlackDriver,
    interactive_body,
    view_submission_payload,
)

# "²" passes str.isdigit() but int() refuses it; "١" (Arabic-Indic one) and "𝟏" (mathematical
# bold one) int() reads as 1, so a button naming item "١" used to act on item 1.
NOT_ASCII_DIGITS = ["²", "١", "𝟏"]


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


# --- ids in button and menu values ---------------------------------------------------------------


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_a_remove_button_naming_an_item_in_other_digits_is_refused(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
    value: str,
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    before = item_snapshot(db, item_id)

    reply = slack.click(ids.REMOVE_CONFIRM, value=value, container="message")

    assert reply.status == 200, reply.body
    [answer] = fake_slack.wait_for("response_url")
    assert "isn't on your list" in text_of(answer.args)
    assert item_snapshot(db, item_id) == before
    assert errors_logged(caplog) == []


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_a_home_menu_naming_an_item_in_other_digits_is_refused(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
    value: str,
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    before = item_snapshot(db, item_id)

    reply = slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_DONE}:{value}")

    assert reply.status == 200, reply.body
    notice = modal_after(fake_slack, before=0)
    assert notice.get("callback_id") is None, notice
    home_after(fake_slack, before=0)  # the last thing the bot does
    assert item_snapshot(db, item_id) == before
    assert errors_logged(caplog) == []


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_a_blurb_button_naming_a_request_in_other_digits_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    reply = slack.click(ids.BLURB_WRITE, value=value, user="U2", container="message")

    assert reply.status == 200, reply.body
    [answer] = fake_slack.wait_for("response_url")
    assert "wasn't sent to you" in text_of(answer.args)
    assert errors_logged(caplog) == []


# --- item numbers typed in a command --------------------------------------------------------------


@pytest.mark.parametrize("text", ["done ²", "show ²", "note ² shipped it", "undo ²", "edit ²"])
def test_an_item_number_typed_in_superscript_is_not_an_item_number(
    slack: SlackDriver, db: Database, clock: FrozenClock, text: str
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    before = item_snapshot(db, item_id)

    reply = slack.command(text)

    assert reply.status == 200, reply.body
    assert "`²` isn't an item number" in reply.text, reply.text
    assert item_snapshot(db, item_id) == before


def test_an_item_number_typed_in_arabic_indic_digits_still_names_the_item(
    slack: SlackDriver, db: Database, clock: FrozenClock
) -> None:
    """Typed text is read as the person meant it: "١" is the digit one in their script."""
    [item_id] = seed_items(db, clock.now, ["Run the retro"])

    reply = slack.command("show ١")

    assert reply.status == 200, reply.body
    assert "Run the retro" in reply.text
    assert item_snapshot(db, item_id) is not None


# --- form state holding the wrong JSON types ------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _put(block_id: str, element: object) -> Mutation:
    def mutate(view: dict[str, Any]) -> None:
        view["state"]["values"][block_id] = {ids.INPUT: element}

    return mutate


def _replace(key: str, value: object) -> Mutation:
    def mutate(view: dict[str, Any]) -> None:
        view[key] = value

    return mutate


def _replace_values(value: object) -> Mutation:
    def mutate(view: dict[str, Any]) -> None:
        view["state"]["values"] = value

    return mutate


BAD_STATES = [
    pytest.param(_replace("state", [1]), id="state-is-a-list"),
    pytest.param(_replace_values([1]), id="values-is-a-list"),
    pytest.param(_replace_values("x"), id="values-is-a-string"),
    pytest.param(_put(ids.AREA_BLOCK, "x"), id="element-is-a-string"),
    pytest.param(
        _put(ids.AREA_BLOCK, {"type": "static_select", "selected_option": "x"}),
        id="selected-option-is-a-string",
    ),
    pytest.param(
        _put(ids.AREA_BLOCK, {"type": "checkboxes", "selected_options": "xy"}),
        id="selected-options-is-a-string",
    ),
    pytest.param(
        _put(ids.AREA_BLOCK, {"type": "checkboxes", "selected_options": ["x", 1]}),
        id="selected-options-hold-strings",
    ),
    # Round 1 reads every block in the state, not only the ones a listener asks for, so a
    # block the modal never had must not break the ones it has.
    pytest.param(
        _put("not_our_block", {"type": "checkboxes", "selected_options": [None]}),
        id="extra-block-with-junk",
    ),
]


def open_add_form(slack: SlackDriver, fake_slack: FakeSlack) -> dict[str, Any]:
    before = count(fake_slack, "views.open")
    assert slack.command("add").status == 200
    return modal_after(fake_slack, before=before)


@pytest.mark.parametrize("mutate", BAD_STATES)
def test_a_form_whose_state_holds_the_wrong_json_types_is_answered(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    caplog: pytest.LogCaptureFixture,
    mutate: Mutation,
) -> None:
    view = open_add_form(slack, fake_slack)
    published = count(fake_slack, "views.publish")
    payload = view_submission_payload(
        view, {ids.TEXT_BLOCK: "Mentor the new hire"}, view_id="VJUNK1", trigger_id="t1"
    )
    mutate(payload["view"])

    reply = slack.post(interactive_body(payload), FORM)

    assert reply.status == 200, reply.body
    if reply.body:
        assert reply.json().get("response_action") == "errors", reply.body
        assert row_counts(db)[1] == 0
    else:  # stored: the Home tab is republished after the ack
        home_after(fake_slack, before=published)
        assert row_counts(db)[1] == 1
    assert errors_logged(caplog) == []


# --- metadata the JSON decoder gives up on --------------------------------------------------------


@pytest.mark.parametrize(
    "metadata",
    [
        pytest.param('{"item_id": ' + "1" * 5000 + "}", id="number-past-4300-digits"),
        pytest.param("[" * 3000 + "]" * 3000, id="arrays-nested-3000-deep"),
        pytest.param('{"item_id": ' + "[" * 3000 + "]" * 3000 + "}", id="deep-inside-an-object"),
    ],
)
def test_metadata_the_json_decoder_gives_up_on_is_refused(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
    metadata: str,
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    before = item_snapshot(db, item_id)
    opened = count(fake_slack, "views.open")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_EDIT}:{item_id}")
    view = modal_after(fake_slack, before=opened)

    reply = slack.submit(view, {ids.TEXT_BLOCK: "Changed"}, private_metadata=metadata)

    assert reply.status == 200, reply.body
    assert reply.json().get("response_action") == "errors", reply.body
    assert item_snapshot(db, item_id) == before
    assert errors_logged(caplog) == []


# --- left for the owner of bot/slack/listeners/views.py -------------------------------------------


def test_a_setup_form_with_a_superscript_weekday_is_refused_inline(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    before = count(fake_slack, "views.open")
    slack.click(ids.HOME_SETUP)
    view = modal_after(fake_slack, before=before)

    reply = slack.submit(view, {ids.CHECKIN_DAY_BLOCK: "²", ids.CHECKIN_TIME_BLOCK: "09:00"})

    assert reply.status == 200, reply.body
    assert reply.json()["errors"] == {ids.CHECKIN_DAY_BLOCK: "Pick a weekday."}
    assert errors_logged(caplog) == []


@pytest.mark.parametrize("user", ["U1", ["U1"]], ids=["a-string", "a-list"])
def test_a_user_change_event_whose_user_is_not_an_object_is_dropped(
    slack: SlackDriver,
    db: Database,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
    user: object,
) -> None:
    seed_items(db, clock.now, ["Run the retro"])

    reply = slack.event({"type": "user_change", "user": user})

    assert reply.status == 200, reply.body
    # Nothing is sent back to Slack either way, so give the listener a moment after the ack.
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and not errors_logged(caplog):
        time.sleep(0.02)
    assert errors_logged(caplog) == []
