"""The Home tab and the item and setup modals, built from plain values (no database)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from bot.domain.items import ItemStatus
from bot.models import CampaignItem, EvidenceNote, Member, Win
from bot.services.home import Evidence, Home
from bot.slack import ids
from bot.slack.blocks import modals
from bot.slack.blocks.home import home_view
from tests.support.blockkit import check_view
from tests.support.readers import overflow_values, text_of

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def _member(**extra: Any) -> Member:
    values: dict[str, Any] = {
        "id": 1,
        "team_id": "T1",
        "user_id": "U1",
        "timezone": "Europe/Berlin",
        "checkin_weekday": 0,
        "checkin_time": dt.time(9, 0),
        "paused": False,
        "next_checkin_at": NOW + dt.timedelta(days=7),
    }
    return Member(**(values | extra))


def _item(item_id: int, text: str, *, status: ItemStatus = ItemStatus.OPEN) -> CampaignItem:
    return CampaignItem(
        id=item_id,
        member_id=1,
        number=item_id,
        text=text,
        status=status,
        created_at=NOW,
        done_at=NOW if status is ItemStatus.DONE else None,
        notes=[],
    )


def _view(home: Home) -> dict[str, Any]:
    view = home_view(home, now=NOW).to_dict()
    check_view(view)
    return view


def test_a_new_person_sees_setup_add_and_how_to_start() -> None:
    view = _view(Home(member=None, items=[], today=TODAY))
    shown = text_of(view)
    assert view["type"] == "home"
    assert "Your campaign" in shown
    assert "No open items" in shown
    assert "Once you're set up" in shown
    assert "No wins yet" in shown
    assert overflow_values(view) == []


def test_open_items_have_a_menu_each_and_done_items_are_listed_after() -> None:
    items = [
        _item(1, "Run the retro"),
        _item(2, "Mentor the new hire"),
        _item(3, "Present the roadmap", status=ItemStatus.DONE),
    ]
    view = _view(Home(member=_member(target_role="EM"), items=items, today=TODAY))
    shown = text_of(view)
    assert "Your path to EM" in shown
    assert "1 of 3 done" in shown
    choices = [ids.MENU_DONE, ids.MENU_EVIDENCE, ids.MENU_EDIT, ids.MENU_REMOVE]
    assert overflow_values(view) == [[f"{c}:{n}" for c in choices] for n in (1, 2)]
    assert shown.index("Present the roadmap") > shown.index("Done (1)")


def test_wins_say_where_shared_wins_go() -> None:
    win = Win(id=7, member_id=1, text="Shipped it", happened_on=TODAY, shared=True)
    evidence = Evidence(wins=[(win, None)], win_total=1, team_channel="C1", team_digest_on=True)
    view = _view(Home(member=_member(), items=[], today=TODAY, evidence=evidence))
    shown = text_of(view)
    assert "Wins (1)" in shown
    assert "Shipped it" in shown
    assert "<#C1>'s weekly digest" in shown
    assert [f"{ids.MENU_UNSHARE}:7", f"{ids.MENU_BLURB}:7"] in overflow_values(view)


def test_the_item_modal_adds_with_null_id_and_edits_with_the_items_id() -> None:
    add = modals.item_modal().to_dict()
    edit = modals.item_modal(_item(4, "Run the retro")).to_dict()
    check_view(add)
    check_view(edit)
    assert json.loads(add["private_metadata"]) == {"item_id": None}
    assert json.loads(edit["private_metadata"]) == {"item_id": 4}
    text_block = next(b for b in edit["blocks"] if b["block_id"] == ids.TEXT_BLOCK)
    assert text_block["element"]["initial_value"] == "Run the retro"
    shown = {b["block_id"] for b in add["blocks"]}
    assert shown == {ids.TEXT_BLOCK, ids.ASKED_BY_BLOCK, ids.AREA_BLOCK, ids.DUE_BLOCK}


def test_every_setup_field_error_lands_on_a_block_the_setup_modal_has() -> None:
    view = modals.setup_modal(_member(checkin_weekday=2, checkin_time=dt.time(8, 30))).to_dict()
    check_view(view)
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert set(ids.SETUP_FIELDS.values()) <= set(blocks)
    day = blocks[ids.CHECKIN_DAY_BLOCK]["element"]["initial_option"]["value"]
    assert day == "2"
    assert blocks[ids.CHECKIN_TIME_BLOCK]["element"]["initial_time"] == "08:30"


def test_the_remove_modal_counts_the_notes_that_go_with_the_item() -> None:
    item = _item(5, "Old idea")
    item.notes = [EvidenceNote(text="a", created_at=NOW), EvidenceNote(text="b", created_at=NOW)]
    view = modals.remove_modal(item, today=TODAY).to_dict()
    check_view(view)
    assert view["title"]["text"] == "Remove #5?"
    assert "and its 2 evidence notes? This can't be undone." in text_of(view)
    assert json.loads(view["private_metadata"]) == {"item_id": 5}
