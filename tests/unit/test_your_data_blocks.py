"""Forget-me's confirm names each kind it deletes with its count, leaves out the kinds with
none, and says what stays; the departed check refuses a DM before any Web API call."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

import pytest
from slack_sdk import WebClient

from bot.services.departures import REFUSAL_CODE, could_not_dm
from bot.services.messenger import SendFailed, Unreachable
from bot.services.your_data import ForgetPlan
from bot.slack import ids
from bot.slack.blocks import your_data as blocks
from bot.slack.blocks.messages import notice
from bot.slack.client import SlackClient
from tests.support.blockkit import check_view
from tests.support.readers import text_of

NOTHING = ForgetPlan(**dict.fromkeys(ForgetPlan.__dataclass_fields__, 0))


def test_the_confirm_counts_each_kind_and_leaves_out_empty_ones() -> None:
    plan = replace(NOTHING, items=3, evidence=1, wins=1, manager_links=1, blurbs_written=2)
    view = blocks.forget_modal(plan).to_dict()
    check_view(view)
    assert view["callback_id"] == ids.FORGET_MODAL
    shown = text_of(view)
    assert "3 list items (1 evidence note)" in shown
    assert "1 win" in shown and "check-in" not in shown
    assert "1 manager link (removed on both sides)" in shown
    assert "2 blurbs you wrote for others stay with them" in shown
    assert "digest posts" in shown


def test_someone_with_only_settings_is_told_so() -> None:
    assert blocks.deleted_lines(NOTHING) == ["• your settings (nothing else is stored)"]
    assert not NOTHING.anything


class NoCalls:
    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"called {name}")


def test_a_departed_person_gets_no_dm_and_no_file() -> None:
    client = SlackClient(cast(WebClient, NoCalls()), departed=lambda user: user == "U9")
    with pytest.raises(SendFailed) as refused:
        client.post_dm(user_id="U9", message=notice("hi"))
    assert refused.value.code == REFUSAL_CODE
    with pytest.raises(SendFailed):
        client.upload_to_dm(user_id="U9", files=[], comment="c")


def test_the_ask_says_why_it_was_not_sent() -> None:
    assert "no longer in this Slack workspace" in could_not_dm(
        SendFailed(REFUSAL_CODE), sent="the ask"
    )
    assert "Try again" in could_not_dm(Unreachable("timeout"), sent="the ask")
