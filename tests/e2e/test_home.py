"""The App Home tab: what a new person and a member see, its buttons and each item's menu."""

from __future__ import annotations

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
from tests.support.readers import action_ids, overflow_values, text_of
from tests.support.slack_requests import SlackDriver

MENU_CHOICES = [ids.MENU_DONE, ids.MENU_EVIDENCE, ids.MENU_EDIT, ids.MENU_REMOVE]


def open_home(slack: SlackDriver, fake_slack: FakeSlack, user: str = "U1") -> dict:
    before = count(fake_slack, "views.publish")
    reply = slack.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    assert reply.status == 200, reply.body
    return home_after(fake_slack, before=before, user=user)


def test_new_person_sees_onboarding_with_setup_and_add_buttons(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    home = open_home(slack, fake_slack, user="U3")
    shown = text_of(home)
    assert "Set up" in shown
    assert "Add item" in shown
    assert "No open items" in shown
    assert {ids.HOME_SETUP, ids.HOME_ADD_ITEM} <= action_ids(home)
    assert overflow_values(home) == []
    # Looking at the Home tab is not signing up.
    assert row_counts(db) == (0, 0, 0)


def test_member_sees_progress_open_items_with_menus_and_done_items(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    texts = [
        "Run the retro",
        "Mentor the new hire",
        "Present the roadmap to sales",
        "Fix the on-call handover",
        "Teach a lunch-and-learn",
    ]
    item_ids = seed_items(db, clock.now, texts, done=[1, 3])

    home = open_home(slack, fake_slack)
    shown = text_of(home)
    assert "2 of 5 done" in shown
    for text in texts:
        assert text in shown

    open_ids = [item_ids[i] for i in (0, 2, 4)]
    assert overflow_values(home) == [
        [f"{choice}:{item_id}" for choice in MENU_CHOICES] for item_id in open_ids
    ]
    # Done items are listed under their own heading, after the open ones, without a menu.
    done_at = shown.index("Done (2)")
    assert shown.index("Mentor the new hire") > done_at
    assert shown.index("Fix the on-call handover") > done_at
    assert shown.index("Run the retro") < done_at


def test_home_shows_only_your_own_items(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    seed_items(db, clock.now, ["U1's secret plan"], user="U1")
    seed_items(db, clock.now, ["U2's own item"], user="U2")
    home = open_home(slack, fake_slack, user="U2")
    shown = text_of(home)
    assert "U2's own item" in shown
    assert "secret plan" not in shown


def test_messages_tab_publishes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    seed_items(db, clock.now, ["Run the retro"])
    reply = slack.event(
        {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"},
        event_id="EvMessages",
    )
    assert reply.status == 200
    # A later Home visit is answered; by then the Messages visit must not have published.
    slack.event(
        {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"},
        event_id="EvHome",
    )
    fake_slack.wait_for("views.publish")
    assert len(fake_slack.calls_to("views.publish")) == 1


@pytest.mark.parametrize(
    ("action_id", "callback_id"),
    [(ids.HOME_ADD_ITEM, ids.ITEM_MODAL), (ids.HOME_SETUP, ids.SETUP_MODAL)],
)
def test_home_buttons_open_their_modal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, action_id: str, callback_id: str
) -> None:
    reply = slack.click(action_id, value="x")
    assert reply.status == 200
    view = modal_after(fake_slack, before=0)
    assert view["callback_id"] == callback_id
    assert row_counts(db) == (0, 0, 0)


def test_menu_done_marks_the_item_done_and_republishes(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    first, second = seed_items(db, clock.now, ["Run the retro", "Mentor the new hire"])

    before = count(fake_slack, "views.publish")
    reply = slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_DONE}:{first}")
    assert reply.status == 200
    home = home_after(fake_slack, before=before)

    snapshot = item_snapshot(db, first)
    assert snapshot is not None and snapshot["status"] == "done"
    assert item_snapshot(db, second)["status"] == "open"  # type: ignore[index]
    shown = text_of(home)
    assert "1 of 2 done" in shown
    assert overflow_values(home) == [[f"{c}:{second}" for c in MENU_CHOICES]]
    assert shown.index("Run the retro") > shown.index("Done (1)")
    assert count(fake_slack, "views.open") == 0


def test_menu_done_twice_explains_instead_of_failing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"], done=[0])
    done_at = item_snapshot(db, item_id)

    # A second click from a Home tab that hadn't refreshed yet.
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_DONE}:{item_id}")
    notice = modal_after(fake_slack, before=0)
    home_after(fake_slack, before=0)  # and the stale Home is refreshed
    assert "already done" in text_of(notice)
    assert item_snapshot(db, item_id) == done_at


def test_menu_edit_opens_the_prefilled_item_modal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_EDIT}:{item_id}")
    view = modal_after(fake_slack, before=0)
    assert view["callback_id"] == ids.ITEM_MODAL
    text_input = next(b for b in view["blocks"] if b.get("block_id") == ids.TEXT_BLOCK)
    assert text_input["element"]["initial_value"] == "Run the retro"


def test_menu_on_a_removed_item_says_so(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    keep, gone = seed_items(db, clock.now, ["Run the retro", "Old idea"])
    reply = slack.command("remove 2")
    assert "Remove #2?" in reply.text
    before = count(fake_slack, "views.publish")
    slack.click(ids.REMOVE_CONFIRM, value=str(gone), container="message")
    home_after(fake_slack, before=before)

    before = count(fake_slack, "views.publish")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_DONE}:{gone}")
    notice = modal_after(fake_slack, before=0)
    home_after(fake_slack, before=before)
    assert "isn't on your list" in text_of(notice)
    assert item_snapshot(db, keep)["status"] == "open"  # type: ignore[index]
