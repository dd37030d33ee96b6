"""Stakeholder-ask builders: the DM to the person asked and what it becomes, the answer form,
the member's DM about the new items."""

from __future__ import annotations

import datetime as dt

from bot.models import TEXT_MAX, CampaignItem, Member, StakeholderAsk
from bot.slack import ids
from bot.slack.blocks import stakeholder_asks as ask_blocks
from tests.support.blockkit import check_message, check_view
from tests.support.slack_requests import data_text

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
SNEAKY = "lead of <!channel> & <https://evil.example|docs>"


def _ask(role: str | None = "Engineering Manager") -> StakeholderAsk:
    return StakeholderAsk(
        id=7,
        team_id="T1",
        member=Member(team_id="T1", user_id="U1", target_role=role),
        stakeholder_user_id="U3",
        state="open",
        expires_at=NOW + dt.timedelta(days=14),
        created_at=NOW,
    )


def test_the_dm_names_who_asks_the_role_and_carries_the_ask_id_on_two_buttons() -> None:
    message = ask_blocks.ask_message(_ask()).to_dict()
    check_message(message)
    text = data_text(message)
    assert "is working toward *Engineering Manager* and asked me to ask you" in text
    assert "Each answer goes on <@U1>'s list as asked by you." in text
    buttons = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (ids.STAKEHOLDER_ASK_ANSWER, "7"),
        (ids.STAKEHOLDER_ASK_NOT_NOW, "7"),
    ]


def test_a_role_is_escaped_and_no_role_reads_naturally() -> None:
    sneaky = data_text(ask_blocks.ask_message(_ask(SNEAKY)).to_dict())
    assert "<!channel>" not in sneaky and "&lt;!channel&gt; &amp;" in sneaky
    assert "working toward their first management role and" in data_text(
        ask_blocks.ask_message(_ask(None)).to_dict()
    )


def test_closed_dms_have_no_buttons() -> None:
    for message in (
        ask_blocks.ask_answered(_ask()),
        ask_blocks.ask_declined(_ask(), cooldown_days=30),
        ask_blocks.ask_expired(_ask()),
    ):
        payload = message.to_dict()
        check_message(payload)
        assert all(b["type"] != "actions" for b in payload["blocks"])


def test_the_answer_form_has_three_short_answers_the_first_required_and_an_area() -> None:
    view = ask_blocks.answer_modal(_ask()).to_dict()
    check_view(view)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == [*ids.STAKEHOLDER_ANSWER_BLOCKS, ids.AREA_BLOCK]
    for n, block in enumerate(ids.STAKEHOLDER_ANSWER_BLOCKS):
        assert inputs[block]["element"]["max_length"] == TEXT_MAX
        assert inputs[block].get("optional", False) is (n > 0)
    assert inputs[ids.AREA_BLOCK]["optional"] is True
    assert view["private_metadata"] == '{"ask_id":7}'


def test_the_members_dm_lists_each_item_from_the_stakeholder_escaped() -> None:
    items = [
        CampaignItem(number=3, text="Run the retro", area="coaching"),
        CampaignItem(number=4, text=SNEAKY),
    ]
    message = ask_blocks.answered_dm(stakeholder_user_id="U3", items=items).to_dict()
    check_message(message)
    text = data_text(message)
    assert "from <@U3>" in text and "*#3* Run the retro" in text
    assert "<!channel>" not in text and "*#4* lead of &lt;!channel&gt;" in text
