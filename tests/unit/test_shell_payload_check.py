"""The teardown check (tests/support/blockkit.py) fails a payload `mgrbot shell` couldn't use:
a control it can't press, a field it can't fill, a value the bot wouldn't read back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.devtools import forms
from bot.devtools.fake_slack import Call, FakeSlack
from tests.support.blockkit import SAMPLE_ANSWERS, check_payloads

TITLE = {"type": "plain_text", "text": "A form"}
OPTIONS = [{"text": {"type": "plain_text", "text": "Coaching"}, "value": "coaching"}]


@pytest.fixture
def recorded() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def said(fake: FakeSlack, *blocks: dict[str, Any]) -> None:
    """The bot posted a message with these blocks."""
    args = {
        "channel": "UKOFI",
        "text": "fallback",
        "blocks": json.dumps(list(blocks)),
        "unfurl_links": False,
        "unfurl_media": False,
    }
    fake.calls.append(Call("chat.postMessage", args, "/api/chat.postMessage"))


def opened(fake: FakeSlack, *inputs: dict[str, Any]) -> None:
    """The bot opened a modal with these input elements, one input block each."""
    blocks = [
        {
            "type": "input",
            "block_id": f"field{n}",
            "label": {"type": "plain_text", "text": f"Field {n}"},
            "element": element,
        }
        for n, element in enumerate(inputs)
    ]
    view = {
        "type": "modal",
        "callback_id": "a_modal",
        "title": TITLE,
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": blocks,
    }
    fake.calls.append(Call("views.open", {"trigger_id": "1", "view": json.dumps(view)}, ""))


def section(accessory: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "section",
        "block_id": "b1",
        "text": {"type": "plain_text", "text": "An item"},
        "accessory": accessory,
    }


BUTTON = {
    "type": "button",
    "action_id": "home_add_item",
    "value": "add",
    "text": {"type": "plain_text", "text": "Add item"},
}
OVERFLOW = {"type": "overflow", "action_id": "home_item_menu", "options": OPTIONS}
SUPPORTED_INPUTS = [
    {"type": "plain_text_input", "action_id": "value", "initial_value": "Ran the retro"},
    {"type": "users_select", "action_id": "value"},
    {"type": "conversations_select", "action_id": "value"},
    {"type": "static_select", "action_id": "value", "options": OPTIONS},
    {"type": "radio_buttons", "action_id": "value", "options": OPTIONS},
    {"type": "checkboxes", "action_id": "value", "options": OPTIONS},
    {"type": "datepicker", "action_id": "value", "initial_date": "2026-12-07"},
    {"type": "timepicker", "action_id": "value", "initial_time": "09:00"},
]


def test_buttons_menus_and_every_field_kind_the_shell_fills_pass(recorded: FakeSlack) -> None:
    said(recorded, section(OVERFLOW), {"type": "actions", "elements": [BUTTON]})
    opened(recorded, *SUPPORTED_INPUTS)

    check_payloads(recorded)


def test_the_check_has_a_sample_answer_for_every_kind_the_shell_fills() -> None:
    assert set(SAMPLE_ANSWERS) == forms.KINDS


@pytest.mark.parametrize(
    "element",
    [
        {"type": "datepicker", "action_id": "pick_day"},
        {"type": "users_select", "action_id": "pick_person"},
        {"type": "multi_static_select", "action_id": "pick_many", "options": OPTIONS},
    ],
    ids=lambda e: e["type"],
)
def test_an_element_the_shell_cannot_press_fails_the_check(
    recorded: FakeSlack, element: dict[str, Any]
) -> None:
    said(recorded, {"type": "actions", "block_id": "b1", "elements": [BUTTON, element]})

    with pytest.raises(AssertionError, match=f"mgrbot shell can't press the {element['type']}"):
        check_payloads(recorded)


def test_a_menu_accessory_the_shell_cannot_press_fails_the_check(recorded: FakeSlack) -> None:
    said(recorded, section({"type": "conversations_select", "action_id": "pick_channel"}))

    with pytest.raises(AssertionError, match="can't press the conversations_select"):
        check_payloads(recorded)


def test_a_button_without_words_to_press_it_by_fails_the_check(recorded: FakeSlack) -> None:
    unlabelled = {**BUTTON, "text": {"type": "plain_text", "text": " "}}
    said(recorded, {"type": "actions", "elements": [unlabelled]})

    with pytest.raises(AssertionError, match="no label"):
        check_payloads(recorded)


@pytest.mark.parametrize(
    ("element", "complaint"),
    [
        ({"type": "multi_static_select", "action_id": "value", "options": OPTIONS}, "can't fill"),
        ({"type": "multi_users_select", "action_id": "value"}, "can't fill"),
        ({"type": "number_input", "action_id": "value", "is_decimal_allowed": False}, "can't fill"),
        (
            {
                "type": "static_select",
                "action_id": "value",
                "option_groups": [
                    {"label": {"type": "plain_text", "text": "G"}, "options": OPTIONS}
                ],
            },
            "can't put '1'",
        ),
        ({"type": "plain_text_input", "action_id": "elsewhere"}, "the bot reads None"),
    ],
    ids=["multi_static_select", "multi_users_select", "number_input", "option_groups", "action_id"],
)
def test_a_field_the_shell_cannot_fill_fails_the_check(
    recorded: FakeSlack, element: dict[str, Any], complaint: str
) -> None:
    opened(recorded, SUPPORTED_INPUTS[0], element)

    with pytest.raises(AssertionError, match=complaint):
        check_payloads(recorded)
