"""The typed readers in `bot.slack.payloads` that listeners use instead of indexing dicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.slack import ids
from bot.slack.payloads import NO_ID, Submission, UserChange


def form(metadata: dict[str, object], **values: object) -> Submission:
    return Submission(view_id="V1", callback_id="cb", metadata=metadata, values=values)


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [({"item_id": None}, None), ({"item_id": 12}, 12), ({}, NO_ID), ({"item_id": "12"}, NO_ID)],
)
def test_optional_id_is_none_only_when_the_modal_says_null(
    metadata: dict[str, object], expected: int | None
) -> None:
    assert form(metadata).optional_id("item_id") == expected


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), ("7", 7), ("²", NO_ID)])
def test_chosen_id_reads_a_menu_choice(value: object, expected: int | None) -> None:
    assert form({}, **{ids.ITEM_BLOCK: value}).chosen_id(ids.ITEM_BLOCK) == expected


@pytest.mark.parametrize(
    ("value", "unreadable"), [(None, False), ("2026-11-20", False), ("soon", True), (5, True)]
)
def test_unreadable_date_tells_a_forged_date_from_none(value: object, unreadable: bool) -> None:
    submitted = form({}, **{ids.WIN_DATE_BLOCK: value})
    assert submitted.unreadable_date(ids.WIN_DATE_BLOCK) is unreadable
    if value == "2026-11-20":
        assert submitted.date(ids.WIN_DATE_BLOCK) == dt.date(2026, 11, 20)


def test_a_user_change_reads_who_and_their_time_zone() -> None:
    event = {"user": {"id": "U1", "team_id": "T1", "tz": "Europe/Berlin"}}
    assert UserChange.of(event) == UserChange(user_id="U1", team_id="T1", timezone="Europe/Berlin")


def test_a_user_change_reads_whether_slack_deleted_them() -> None:
    event = {"user": {"id": "U1", "team_id": "T1", "deleted": True}}
    assert UserChange.of(event) == UserChange(
        user_id="U1", team_id="T1", timezone=None, deleted=True
    )
    assert UserChange.of({"user": {"id": "U1", "deleted": "yes"}}) == UserChange(
        user_id="U1", team_id="", timezone=None
    )


@pytest.mark.parametrize(
    "event",
    [{}, {"user": "U1"}, {"user": {"id": 5, "tz": "UTC"}}],
)
def test_a_user_change_without_a_user_object_is_nothing_to_store(event: dict[str, Any]) -> None:
    assert UserChange.of(event) is None
