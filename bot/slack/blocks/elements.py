"""Block Kit pieces more than one builder uses: the form around a modal's inputs, its inputs
(each read back through `ids.INPUT`), the item and skill-area menus, and buttons."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.areas import SkillArea
from bot.models import CampaignItem
from bot.slack import ids
from bot.slack.blocks.limits import OPTION_TEXT, clip

# Slack's most options one static menu may hold.
MENU_OPTIONS = 100


def form(
    *,
    callback_id: str,
    title: str,
    blocks: Sequence[Block],
    metadata: dict[str, object] | None = None,
    submit: str = "Save",
    close: str = "Cancel",
) -> View:
    """A modal that submits; `metadata` comes back as `Submission.of(view).metadata`."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=title,
        submit=submit,
        close=close,
        private_metadata=None if metadata is None else json.dumps(metadata, separators=(",", ":")),
        blocks=list(blocks),
    )


def field(
    block_id: str,
    label: str,
    element: InputInteractiveElement,
    *,
    optional: bool | None = None,
    hint: str | None = None,
) -> InputBlock:
    """One input of a form; its element's `action_id` must be `ids.INPUT`."""
    return InputBlock(block_id=block_id, label=label, optional=optional, hint=hint, element=element)


def text_input(
    block_id: str,
    label: str,
    *,
    max_length: int,
    multiline: bool | None = None,
    initial: str | None = None,
    placeholder: str | None = None,
    hint: str | None = None,
    optional: bool | None = None,
) -> InputBlock:
    element = PlainTextInputElement(
        action_id=ids.INPUT,
        multiline=multiline,
        max_length=max_length,
        initial_value=initial,
        placeholder=placeholder,
    )
    return field(block_id, label, element, optional=optional, hint=hint)


def menu_input(
    block_id: str,
    label: str,
    *,
    options: list[Option],
    initial: Option | None = None,
    placeholder: str | None = None,
    optional: bool | None = None,
) -> InputBlock:
    element = StaticSelectElement(
        action_id=ids.INPUT, options=options, initial_option=initial, placeholder=placeholder
    )
    return field(block_id, label, element, optional=optional)


def radio_input(block_id: str, label: str, *, options: list[Option]) -> InputBlock:
    """One of a few answers, all in view (a menu hides them behind a click)."""
    element = RadioButtonsElement(action_id=ids.INPUT, options=options)
    return field(block_id, label, element)


def person_input(block_id: str, label: str, *, initial: str | None, placeholder: str) -> InputBlock:
    """An optional pick of one person in the workspace."""
    element = UserSelectElement(
        action_id=ids.INPUT, initial_user=initial or None, placeholder=placeholder
    )
    return field(block_id, label, element, optional=True)


def date_input(
    block_id: str, label: str, *, initial: dt.date | None, optional: bool | None = None
) -> InputBlock:
    element = DatePickerElement(
        action_id=ids.INPUT, initial_date=initial.isoformat() if initial else None
    )
    return field(block_id, label, element, optional=optional)


def checkbox_input(
    block_id: str, label: str, option: Option, *, checked: bool = False, hint: str | None = None
) -> InputBlock:
    """One optional tick box (sharing, say): ticked when `checked`."""
    element = CheckboxesElement(
        action_id=ids.INPUT, options=[option], initial_options=[option] if checked else None
    )
    return field(block_id, label, element, optional=True, hint=hint)


def area_options() -> list[Option]:
    return [Option(text=area.label.capitalize(), value=area.value) for area in SkillArea]


def item_options(items: Sequence[CampaignItem]) -> list[Option]:
    """The member's items as menu options, by id; a menu holds the first 100."""
    return [
        Option(text=clip(f"#{i.number} {i.text}", OPTION_TEXT), value=str(i.id))
        for i in items[:MENU_OPTIONS]
    ]


def button(
    text: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: ConfirmObject | None = None,
) -> ButtonElement:
    return ButtonElement(text=text, action_id=action_id, value=value, style=style, confirm=confirm)
