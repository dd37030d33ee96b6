"""domain.delivery.classify: the one reading of Slack's error code for a scheduled send."""

from __future__ import annotations

import pytest

from bot.domain.delivery import TOKEN_ERRORS, Outcome, Recipient, classify


@pytest.mark.parametrize("to", ["person", "channel"])
@pytest.mark.parametrize("code", sorted(TOKEN_ERRORS))
def test_a_token_error_is_the_bots_whoever_it_was_for(code: str, to: Recipient) -> None:
    assert classify(code, to=to) is Outcome.TOKEN_REJECTED


@pytest.mark.parametrize(
    ("code", "to"),
    [
        ("user_not_found", "person"),
        ("user_disabled", "person"),
        ("cannot_dm_bot", "person"),
        ("messages_tab_disabled", "person"),
        ("channel_not_found", "person"),
        ("is_archived", "person"),
        ("not_in_channel", "channel"),
        ("access_denied", "channel"),
        ("channel_not_found", "channel"),
        ("is_archived", "channel"),
    ],
)
def test_a_recipient_that_cant_be_reached_is_undeliverable(code: str, to: Recipient) -> None:
    assert classify(code, to=to) is Outcome.UNDELIVERABLE


@pytest.mark.parametrize(
    ("code", "to"),
    [
        # Each list is its recipient's: a person's error says nothing about a channel, and back.
        ("user_not_found", "channel"),
        ("messages_tab_disabled", "channel"),
        ("not_in_channel", "person"),
        ("access_denied", "person"),
        ("ratelimited", "person"),
        ("fatal_error", "channel"),
        ("http 500", "channel"),
        ("", "person"),
    ],
)
def test_anything_else_is_a_failure_worth_retrying(code: str, to: Recipient) -> None:
    assert classify(code, to=to) is Outcome.FAILED
