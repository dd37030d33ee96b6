"""Modals: add and edit an item, setup, evidence and removal, including inline field errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from tests.support.clock import FrozenClock
from tests.support.home_helpers import (
    count,
    home_after,
    item_snapshot,
    items_of,
    member_of,
    modal_after,
    row_counts,
    seed_items,
)
from tests.support.readers import input_block, text_of
from tests.support.slack_requests import SlackDriver


def open_item_modal(slack: SlackDriver, fake_slack: FakeSlack, command: str = "add") -> dict:
    before = count(fake_slack, "views.open")
    reply = slack.command(command)
    assert reply.status == 200, reply.body
    assert reply.text == "", f"the modal replaces a reply, got {reply.body!r}"
    return modal_after(fake_slack, before=before)


def open_setup_modal(slack: SlackDriver, fake_slack: FakeSlack) -> dict:
    view = open_item_modal(slack, fake_slack, "setup")
    assert view["callback_id"] == ids.SETUP_MODAL
    return view


def test_add_without_text_opens_the_item_modal_and_saving_stores_the_item(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_item_modal(slack, fake_slack)
    assert view["callback_id"] == ids.ITEM_MODAL
    assert {ids.TEXT_BLOCK, ids.ASKED_BY_BLOCK, ids.AREA_BLOCK, ids.DUE_BLOCK} <= {
        b.get("block_id") for b in view["blocks"]
    }

    before = count(fake_slack, "views.publish")
    reply = slack.submit(
        view,
        {
            ids.TEXT_BLOCK: "  Mentor the new hire through their first project  ",
            ids.ASKED_BY_BLOCK: "U2",
            ids.AREA_BLOCK: "coaching",
            ids.DUE_BLOCK: "2026-12-15",
        },
    )
    assert reply.status == 200
    assert reply.body == "", f"a good submission just closes the modal, got {reply.body!r}"

    home = home_after(fake_slack, before=before)
    assert "Mentor the new hire through their first project" in text_of(home)

    [item] = items_of(db)
    assert item.number == 1
    assert item.text == "Mentor the new hire through their first project"
    assert item.asked_by_user_id == "U2"
    assert item.area == "coaching"
    assert item.due_date == dt.date(2026, 12, 15)
    assert item.status == "open"
    # The first thing stored enrols the person with their Slack time zone.
    member = member_of(db)
    assert member is not None and member.timezone == "Europe/Berlin"


def prefilled(view: dict) -> dict[str, str | None]:
    """The values Slack submits for the setup modal when the person changes nothing."""
    element = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    return {
        ids.ROLE_BLOCK: element[ids.ROLE_BLOCK].get("initial_value"),
        ids.TARGET_DATE_BLOCK: element[ids.TARGET_DATE_BLOCK].get("initial_date"),
        ids.MANAGER_BLOCK: element[ids.MANAGER_BLOCK].get("initial_user"),
        ids.WHY_BLOCK: element[ids.WHY_BLOCK].get("initial_value"),
        ids.CHECKIN_DAY_BLOCK: element[ids.CHECKIN_DAY_BLOCK]["initial_option"]["value"],
        ids.CHECKIN_TIME_BLOCK: element[ids.CHECKIN_TIME_BLOCK]["initial_time"],
    }


def test_a_target_date_that_has_passed_doesnt_block_other_changes(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    first = open_setup_modal(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    saved = {
        ids.ROLE_BLOCK: "Team lead",
        ids.TARGET_DATE_BLOCK: "2026-12-15",
        ids.CHECKIN_DAY_BLOCK: "0",
        ids.CHECKIN_TIME_BLOCK: "09:00",
    }
    assert slack.submit(first, saved).body == ""
    home_after(fake_slack, before=before)

    clock.now = dt.datetime(2027, 2, 1, 15, 0, tzinfo=dt.UTC)  # the target date has passed
    view = open_setup_modal(slack, fake_slack)
    values = prefilled(view)
    assert values[ids.TARGET_DATE_BLOCK] == "2026-12-15"
    before = count(fake_slack, "views.publish")
    reply = slack.submit(view, {**values, ids.CHECKIN_DAY_BLOCK: "3"})
    assert reply.status == 200
    assert reply.body == "", reply.body
    home_after(fake_slack, before=before)
    member = member_of(db)
    assert member is not None
    assert (member.checkin_weekday, member.target_date) == (3, dt.date(2026, 12, 15))

    again = open_setup_modal(slack, fake_slack)
    reply = slack.submit(again, {**prefilled(again), ids.TARGET_DATE_BLOCK: "2027-01-15"})
    assert reply.json().get("response_action") == "errors", reply.body
    assert set(reply.json()["errors"]) == {ids.TARGET_DATE_BLOCK}
    assert "future" in reply.json()["errors"][ids.TARGET_DATE_BLOCK]
    member = member_of(db)
    assert member is not None
    assert member.target_date == dt.date(2026, 12, 15)


@pytest.mark.parametrize(
    ("values", "bad_block"),
    [
        pytest.param({ids.TEXT_BLOCK: "   \n  "}, ids.TEXT_BLOCK, id="blank-text"),
        # Slack's client enforces max_length, but a forged submission does not.
        pytest.param({ids.TEXT_BLOCK: "x" * 301}, ids.TEXT_BLOCK, id="301-chars"),
        pytest.param({ids.TEXT_BLOCK: "y" * 5000}, ids.TEXT_BLOCK, id="5000-chars"),
        pytest.param(
            {ids.TEXT_BLOCK: "Run the retro", ids.DUE_BLOCK: "2026-11-22"},
            ids.DUE_BLOCK,
            id="due-yesterday",
        ),
        pytest.param(
            {ids.TEXT_BLOCK: "Run the retro", ids.ASKED_BY_BLOCK: "<!channel>"},
            ids.ASKED_BY_BLOCK,
            id="forged-asked-by",
        ),
    ],
)
def test_bad_item_submission_shows_inline_error_and_stores_nothing(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    values: dict[str, str],
    bad_block: str,
) -> None:
    view = open_item_modal(slack, fake_slack)
    reply = slack.submit(view, values)
    assert reply.status == 200
    body = reply.json()
    assert body.get("response_action") == "errors", reply.body
    assert set(body["errors"]) == {bad_block}
    message = body["errors"][bad_block]
    assert isinstance(message, str) and 0 < len(message) <= 200
    assert row_counts(db) == (0, 0, 0)


def test_due_today_is_accepted(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    view = open_item_modal(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    reply = slack.submit(view, {ids.TEXT_BLOCK: "Run the retro", ids.DUE_BLOCK: "2026-11-23"})
    assert reply.body == ""
    home_after(fake_slack, before=before)
    assert [i.due_date for i in items_of(db)] == [dt.date(2026, 11, 23)]


def test_edit_opens_prefilled_modal_and_saving_keeps_the_number(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    first, second = seed_items(db, clock.now, ["Run the retro", "Teach the team on-call"])

    view = open_item_modal(slack, fake_slack, "edit 2")
    assert view["callback_id"] == ids.ITEM_MODAL
    assert "#2" in view["title"]["text"]
    assert json.loads(view["private_metadata"]) == {"item_id": second}
    text_input = input_block(view, ids.TEXT_BLOCK)["element"]
    assert text_input["initial_value"] == "Teach the team on-call"

    before = count(fake_slack, "views.publish")
    reply = slack.submit(
        view,
        {ids.TEXT_BLOCK: "Teach the whole team on-call", ids.AREA_BLOCK: "knowledge_sharing"},
    )
    assert reply.body == ""
    home = home_after(fake_slack, before=before)
    assert "Teach the whole team on-call" in text_of(home)

    items = items_of(db)
    assert [(i.id, i.number, i.text) for i in items] == [
        (first, 1, "Run the retro"),
        (second, 2, "Teach the whole team on-call"),
    ]
    assert items[1].area == "knowledge_sharing"


def test_edit_modal_prefills_every_field(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    before = count(fake_slack, "views.publish")
    reply = slack.command("add Run the retro from <@U2|bob> area coaching due 2026-12-15")
    assert "Added" in reply.text, reply.body
    home_after(fake_slack, before=before)
    view = open_item_modal(slack, fake_slack, "edit 1")
    assert input_block(view, ids.ASKED_BY_BLOCK)["element"]["initial_user"] == "U2"
    area = input_block(view, ids.AREA_BLOCK)["element"]["initial_option"]
    assert area["value"] == "coaching"
    assert input_block(view, ids.DUE_BLOCK)["element"]["initial_date"] == "2026-12-15"


def test_edit_with_text_too_long_shows_error_and_keeps_the_item(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    seed_items(db, clock.now, ["Run the retro"])
    view = open_item_modal(slack, fake_slack, "edit 1")
    reply = slack.submit(view, {ids.TEXT_BLOCK: "z" * 301})
    assert reply.json().get("response_action") == "errors"
    assert ids.TEXT_BLOCK in reply.json()["errors"]
    assert [i.text for i in items_of(db)] == ["Run the retro"]


def test_setup_modal_saves_the_profile_and_home_shows_the_goal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_setup_modal(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    reply = slack.submit(
        view,
        {
            ids.ROLE_BLOCK: "Engineering manager",
            ids.TARGET_DATE_BLOCK: "2027-06-30",
            ids.MANAGER_BLOCK: "U2",
            ids.WHY_BLOCK: "I love helping people grow",
            ids.CHECKIN_DAY_BLOCK: "2",
            ids.CHECKIN_TIME_BLOCK: "08:30",
        },
    )
    assert reply.status == 200
    assert reply.body == "", reply.body

    home = home_after(fake_slack, before=before)
    shown = text_of(home)
    assert "Engineering manager" in shown
    assert "<@U2>" not in shown  # asked to link, not linked: they haven't accepted
    assert "I love helping people grow" in shown
    assert "Wednesday" in shown and "08:30" in shown

    member = member_of(db)
    assert member is not None
    assert member.target_role == "Engineering manager"
    assert member.target_date == dt.date(2027, 6, 30)
    assert member.manager_user_id is None
    assert member.why == "I love helping people grow"
    assert member.checkin_weekday == 2
    assert member.checkin_time == dt.time(8, 30)


def test_setup_modal_reopens_with_saved_answers(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_setup_modal(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    slack.submit(
        view,
        {
            ids.ROLE_BLOCK: "Team lead",
            ids.MANAGER_BLOCK: "U2",
            ids.CHECKIN_DAY_BLOCK: "4",
            ids.CHECKIN_TIME_BLOCK: "16:45",
        },
    )
    home_after(fake_slack, before=before)

    again = open_setup_modal(slack, fake_slack)
    assert input_block(again, ids.ROLE_BLOCK)["element"]["initial_value"] == "Team lead"
    assert input_block(again, ids.MANAGER_BLOCK)["element"]["initial_user"] == "U2"
    day = input_block(again, ids.CHECKIN_DAY_BLOCK)["element"]["initial_option"]
    assert day["value"] == "4"
    assert input_block(again, ids.CHECKIN_TIME_BLOCK)["element"]["initial_time"] == "16:45"


@pytest.mark.parametrize(
    ("values", "bad_block"),
    [
        pytest.param({ids.MANAGER_BLOCK: "U1"}, ids.MANAGER_BLOCK, id="self-as-manager"),
        pytest.param({ids.TARGET_DATE_BLOCK: "2025-01-01"}, ids.TARGET_DATE_BLOCK, id="past-date"),
        pytest.param({ids.ROLE_BLOCK: "r" * 101}, ids.ROLE_BLOCK, id="role-too-long"),
        pytest.param({ids.WHY_BLOCK: "w" * 1001}, ids.WHY_BLOCK, id="why-too-long"),
        pytest.param({ids.CHECKIN_DAY_BLOCK: "9"}, ids.CHECKIN_DAY_BLOCK, id="forged-weekday"),
    ],
)
def test_bad_setup_submission_shows_inline_error_on_that_field(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    values: dict[str, str],
    bad_block: str,
) -> None:
    view = open_setup_modal(slack, fake_slack)
    good = {
        ids.ROLE_BLOCK: "Engineering manager",
        ids.CHECKIN_DAY_BLOCK: "2",
        ids.CHECKIN_TIME_BLOCK: "08:30",
    }
    reply = slack.submit(view, {**good, **values})
    assert reply.status == 200
    body = reply.json()
    assert body.get("response_action") == "errors", reply.body
    assert set(body["errors"]) == {bad_block}
    assert row_counts(db) == (0, 0, 0)


def test_evidence_from_home_menu_saves_a_note(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])

    before_open = count(fake_slack, "views.open")
    reply = slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_EVIDENCE}:{item_id}")
    assert reply.status == 200
    view = modal_after(fake_slack, before=before_open)
    assert view["callback_id"] == ids.EVIDENCE_MODAL
    assert "Run the retro" in text_of(view)

    before = count(fake_slack, "views.publish")
    reply = slack.submit(view, {ids.EVIDENCE_BLOCK: "Ran it; 9 people came, 3 actions agreed"})
    assert reply.body == "", reply.body
    home = home_after(fake_slack, before=before)
    assert "1 note" in text_of(home)

    snapshot = item_snapshot(db, item_id)
    assert snapshot is not None
    assert snapshot["notes"] == ["Ran it; 9 people came, 3 actions agreed"]


@pytest.mark.parametrize("note", ["   ", "n" * 2001], ids=["blank", "2001-chars"])
def test_bad_evidence_shows_inline_error_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, note: str
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    before_open = count(fake_slack, "views.open")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_EVIDENCE}:{item_id}")
    view = modal_after(fake_slack, before=before_open)
    reply = slack.submit(view, {ids.EVIDENCE_BLOCK: note})
    body = reply.json()
    assert body.get("response_action") == "errors", reply.body
    assert set(body["errors"]) == {ids.EVIDENCE_BLOCK}
    assert row_counts(db)[2] == 0


def test_remove_from_home_menu_asks_then_removes(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    keep, remove = seed_items(db, clock.now, ["Run the retro", "Fix the <!here> & on-call mess"])

    before_open = count(fake_slack, "views.open")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_REMOVE}:{remove}")
    view = modal_after(fake_slack, before=before_open)
    assert view["callback_id"] == ids.REMOVE_MODAL
    assert "#2" in view["title"]["text"]
    shown = text_of(view)
    assert "&lt;!here&gt; &amp; on-call" in shown
    assert "<!here>" not in shown
    # Opening the confirmation changes nothing.
    assert [i.id for i in items_of(db)] == [keep, remove]

    before = count(fake_slack, "views.publish")
    reply = slack.submit(view, {})
    assert reply.body == "", reply.body
    home = home_after(fake_slack, before=before)
    assert "on-call mess" not in text_of(home)
    assert [(i.id, i.number) for i in items_of(db)] == [(keep, 1)]


def test_numbers_are_not_reused_after_a_removal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    _, second = seed_items(db, clock.now, ["One", "Two"])
    before_open = count(fake_slack, "views.open")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_REMOVE}:{second}")
    view = modal_after(fake_slack, before=before_open)
    before = count(fake_slack, "views.publish")
    slack.submit(view, {})
    home_after(fake_slack, before=before)

    add = open_item_modal(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    slack.submit(add, {ids.TEXT_BLOCK: "Three"})
    home_after(fake_slack, before=before)
    assert [(i.number, i.text) for i in items_of(db)] == [(1, "One"), (3, "Three")]
