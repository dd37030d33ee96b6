"""bot.slack.blocks.validation: slack_sdk's validators, found once a class, still run."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import HeaderBlock, SectionBlock
from slack_sdk.models.views import View

from bot.slack.blocks import modals, validation


def slack_sdk_validator_names(obj: JsonObject) -> list[str]:
    """What slack_sdk's own validate_json runs: every validator it finds on the object."""
    return [
        name
        for name in dir(obj)
        if not name.startswith("__")
        and callable(getattr(obj, name, None))
        and hasattr(getattr(obj, name), "validator")
    ]


@pytest.mark.parametrize(
    "obj",
    [HeaderBlock(text="Hi"), SectionBlock(text="Hi"), modals.item_modal()],
    ids=["header", "section", "modal"],
)
def test_the_same_validators_run_in_the_same_order(obj: JsonObject) -> None:
    assert list(validation.validator_names(type(obj))) == slack_sdk_validator_names(obj)


def test_importing_the_builders_installs_it() -> None:
    assert JsonObject.validate_json is validation.validate_json


def test_an_invalid_object_is_still_refused() -> None:
    with pytest.raises(SlackObjectFormationError):
        HeaderBlock(text="x" * 151).to_dict()
    with pytest.raises(SlackObjectFormationError):
        View(type="modal", title="x" * 25, blocks=[]).to_dict()
