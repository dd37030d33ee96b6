"""Blurb builders: the colleague's DM and what it becomes, the modals, the replies."""

from __future__ import annotations

import datetime as dt
import json

from bot.models import BlurbRequest, Member
from bot.slack import ids
from bot.slack.blocks import blurbs as blurb_blocks
from tests.support.blockkit import check_message, check_view
from tests.support.slack_requests import data_text

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
SNEAKY = "the <!channel> migration & <https://evil.example|docs>"


def _request(**fields: object) -> BlurbRequest:
    values: dict[str, object] = {
        "id": 7,
        "member": Member(team_id="T1", user_id="U1"),
        "colleague_user_id": "U2",
        "about": "the migration",
        "state": "open",
        "expires_at": NOW + dt.timedelta(days=14),
        "may_share": True,
        "created_at": NOW,
    }
    values.update(fields)
    return BlurbRequest(**values)


def _buttons(payload: dict[str, object]) -> list[dict[str, object]]:
    blocks = payload.get("blocks") or []
    assert isinstance(blocks, list)
    return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]


def test_the_request_dm_names_the_requester_and_carries_the_request_id_on_three_buttons() -> None:
    message = blurb_blocks.request_message(_request(), requester="U1").to_dict()
    check_message(message)
    assert "<@U1>" in data_text(message) and "*the migration*" in data_text(message)
    assert [(b["action_id"], b["value"]) for b in _buttons(message)] == [
        (ids.BLURB_WRITE, "7"),
        (ids.BLURB_NOT_NOW, "7"),
        (ids.BLURB_NEVER, "7"),
    ]
    assert "confirm" in _buttons(message)[2]


def test_what_they_helped_with_is_escaped_everywhere() -> None:
    request = _request(about=SNEAKY, blurb=SNEAKY)
    for message in (
        blurb_blocks.request_message(request, requester="U1"),
        blurb_blocks.request_written(request),
        blurb_blocks.request_declined(request, cooldown_days=30),
        blurb_blocks.request_expired(request),
        blurb_blocks.received_message(request),
    ):
        text = data_text(message.to_dict())
        assert "<!channel>" not in text and "<https://evil" not in text
    assert "<!channel>" not in blurb_blocks.asked_text(colleague_user_id="U2", about=SNEAKY)
    assert "<!channel>" not in blurb_blocks.blurb_line(request)


def test_a_closed_request_dm_has_no_buttons_left_and_says_how_it_closed() -> None:
    request = _request()
    outcomes = {
        "Thank you!": blurb_blocks.request_written(request),
        "can't ask you again for 30 days": blurb_blocks.request_declined(request, cooldown_days=30),
        "expired after 14 days": blurb_blocks.request_expired(request),
    }
    for said, message in outcomes.items():
        payload = message.to_dict()
        check_message(payload)
        assert _buttons(payload) == []
        assert said in data_text(payload) and "<@U1>" in data_text(payload)


def test_the_ask_modal_keeps_the_win_in_its_metadata() -> None:
    view = blurb_blocks.ask_modal(about="the migration", win_id=12).to_dict()
    check_view(view)
    assert view["callback_id"] == ids.BLURB_ASK_MODAL
    assert json.loads(view["private_metadata"]) == {"win_id": 12}
    blocks = [b["block_id"] for b in view["blocks"]]
    assert blocks == [ids.BLURB_COLLEAGUE_BLOCK, ids.BLURB_ABOUT_BLOCK]
    assert view["blocks"][1]["element"]["initial_value"] == "the migration"


def test_the_write_modal_is_for_the_requester_and_sharing_starts_on() -> None:
    view = blurb_blocks.write_modal(_request()).to_dict()
    check_view(view)
    assert json.loads(view["private_metadata"]) == {"request_id": 7}
    assert "For <@U1>" in data_text(view)
    share = view["blocks"][2]["element"]
    assert [o["value"] for o in share["initial_options"]] == [ids.SHARE_OPTION]


def test_the_received_blurb_quotes_it_and_says_whether_it_may_be_shared() -> None:
    shared = data_text(blurb_blocks.received_message(_request(blurb="Great\nhelp")).to_dict())
    assert ">Great\n>help" in shared and "You may share it" in shared
    private = blurb_blocks.received_message(_request(blurb="x", may_share=False)).to_dict()
    assert "It's for you only." in data_text(private)


def test_the_replies_say_what_happened() -> None:
    asked = blurb_blocks.asked_text(colleague_user_id="U2", about="the migration")
    assert asked.startswith("I've asked <@U2> for a blurb about *the migration*.")
    assert "expires in 14 days" in asked
    assert "blurbs on" in data_text(blurb_blocks.opted_out_notice().to_dict())
