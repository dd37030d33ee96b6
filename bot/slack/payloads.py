"""Slack payloads read once into small typed values, so handlers never index dicts.

Everything in a payload is untrusted: ids that don't parse become -1 (an id no row has), so the
ownership check in the service answers "not found" instead of a crash.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.domain.areas import SkillArea
from bot.slack import ids

NO_ID = -1
_MAX_ID_DIGITS = 10


def parse_id(value: object) -> int:
    """A database id from a button value or a modal's metadata; anything else is NO_ID."""
    if isinstance(value, bool):
        return NO_ID
    text = str(value) if isinstance(value, int | str) else ""
    # ASCII only: str.isdigit() also takes "²" (which int() refuses) and "١٢" (which it reads).
    if text.isascii() and text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return NO_ID


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _time(value: object) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _area(value: object) -> SkillArea | None:
    try:
        return SkillArea(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class CommandPayload:
    """A `/mgr-goal …` request."""

    text: str
    channel_id: str
    trigger_id: str

    @classmethod
    def of(cls, body: Mapping[str, Any]) -> CommandPayload:
        return cls(
            text=str(body.get("text") or ""),
            channel_id=str(body.get("channel_id") or ""),
            trigger_id=str(body.get("trigger_id") or ""),
        )


@dataclass(frozen=True)
class ActionPayload:
    """A button press or a menu choice.

    `value` is the button's value, or the chosen option's value for a menu.
    """

    action_id: str
    value: str
    trigger_id: str

    @classmethod
    def of(cls, body: Mapping[str, Any], action: Mapping[str, Any]) -> ActionPayload:
        option = action.get("selected_option") or {}
        value = option.get("value") if isinstance(option, dict) else None
        return cls(
            action_id=str(action.get("action_id") or ""),
            value=str(value if value is not None else action.get("value") or ""),
            trigger_id=str(body.get("trigger_id") or ""),
        )

    @property
    def target_id(self) -> int:
        """The row the button is about (check-in, blurb request…), from its value."""
        return parse_id(self.value)

    @property
    def menu_choice(self) -> tuple[str, int]:
        """An overflow option's "<choice>:<id>" value, as (choice, id)."""
        choice, _, raw_id = self.value.partition(":")
        return choice, parse_id(raw_id)


def _mapping(value: object) -> Mapping[str, Any]:
    """`value` if it is a JSON object, else an empty one: a forged payload can put any JSON
    type where Slack puts an object."""
    return value if isinstance(value, dict) else {}


def _element_value(element: Mapping[str, Any]) -> object:
    kind = element.get("type")
    if kind == "plain_text_input":
        return element.get("value")
    if kind == "users_select":
        return element.get("selected_user")
    if kind in ("static_select", "radio_buttons"):
        return _mapping(element.get("selected_option")).get("value")
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "timepicker":
        return element.get("selected_time")
    if kind == "checkboxes":
        options = element.get("selected_options")
        return [_mapping(o).get("value") for o in options] if isinstance(options, list) else []
    if kind == "conversations_select":
        return element.get("selected_conversation")
    return None


def state_blocks(view: object) -> Mapping[str, object]:
    """A submitted view's `state.values`: each input block's raw state, by block id."""
    return _mapping(_mapping(_mapping(view).get("state")).get("values"))


@dataclass(frozen=True)
class Submission:
    """A modal submission: its view id, callback id, metadata and each input's value.

    Every input block holds one element with action id `ids.INPUT`; values are keyed by
    block id.
    """

    view_id: str
    callback_id: str
    metadata: Mapping[str, object] = field(default_factory=dict)
    values: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, view: Mapping[str, Any]) -> Submission:
        values = {
            block_id: _element_value(_mapping(_mapping(elements).get(ids.INPUT)))
            for block_id, elements in state_blocks(view).items()
        }
        return cls(
            view_id=str(view.get("id") or ""),
            callback_id=str(view.get("callback_id") or ""),
            metadata=read_metadata(view),
            values=values,
        )

    def text(self, block_id: str) -> str:
        """A text input's value; "" when empty."""
        value = self.values.get(block_id)
        return value if isinstance(value, str) else ""

    def optional(self, block_id: str) -> str | None:
        """A select's or text input's value; None when nothing was chosen."""
        value = self.values.get(block_id)
        return value if isinstance(value, str) and value else None

    def chosen_id(self, block_id: str) -> int | None:
        """A menu's chosen row id (an item); None when nothing was chosen, NO_ID when forged."""
        value = self.optional(block_id)
        return parse_id(value) if value else None

    def number(self, block_id: str) -> int:
        """A select's whole-number value (a weekday index); NO_ID when it isn't one."""
        return parse_id(self.values.get(block_id))

    def date(self, block_id: str) -> dt.date | None:
        return _date(self.values.get(block_id))

    def unreadable_date(self, block_id: str) -> bool:
        """A date picker sent something that isn't a date (only a forged payload does)."""
        return self.values.get(block_id) is not None and self.date(block_id) is None

    def time(self, block_id: str) -> dt.time | None:
        return _time(self.values.get(block_id))

    def area(self, block_id: str) -> SkillArea | None:
        return _area(self.values.get(block_id))

    def choices(self, block_id: str) -> list[str]:
        """The checked boxes' values."""
        value = self.values.get(block_id)
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def metadata_id(self, key: str) -> int:
        """The id the modal was opened for (`{"item_id": 12}`); NO_ID when missing or forged.

        The builders write ids as JSON numbers, so a string there was not written by us."""
        value = self.metadata.get(key)
        return parse_id(value) if isinstance(value, int) else NO_ID

    def optional_id(self, key: str) -> int | None:
        """None when the metadata says `{key: null}` (a modal that adds rather than edits),
        else `metadata_id(key)`."""
        if key in self.metadata and self.metadata[key] is None:
            return None
        return self.metadata_id(key)


@dataclass(frozen=True)
class UserChange:
    """A `user_change` event: whose Slack profile changed, in which team, their time zone (None
    when the event has none) and whether Slack now reports them deleted."""

    user_id: str
    team_id: str
    timezone: str | None
    deleted: bool = False

    @classmethod
    def of(cls, event: Mapping[str, Any]) -> UserChange | None:
        """None when the event has no user object with a string id."""
        user = event.get("user")
        if not isinstance(user, Mapping):
            return None
        tz, user_id = user.get("tz"), user.get("id")
        if not isinstance(user_id, str):
            return None
        return cls(
            user_id=user_id,
            team_id=str(user.get("team_id") or ""),
            timezone=tz if isinstance(tz, str) else None,
            deleted=user.get("deleted") is True,
        )


def read_metadata(view: Mapping[str, Any]) -> dict[str, object]:
    """The private_metadata a modal was opened with; a forged or missing value yields {}."""
    try:
        value = json.loads(str(view.get("private_metadata") or "{}"))
    except (ValueError, RecursionError):
        # ValueError: not JSON, or a number past Python's 4,300-digit limit; RecursionError:
        # arrays nested deeper than the decoder goes.
        return {}
    return value if isinstance(value, dict) else {}
