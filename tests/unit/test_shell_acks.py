"""What the shell makes of the app's HTTP answer: Slack accepts JSON or plain text."""

from __future__ import annotations

import pytest

from bot.devtools.session import _json_or_text


@pytest.mark.parametrize(
    ("body", "read"),
    [
        (
            '{"text": "Added", "response_type": "ephemeral"}',
            {"text": "Added", "response_type": "ephemeral"},
        ),
        (
            '{"response_action": "errors", "errors": {"b": "x"}}',
            {"response_action": "errors", "errors": {"b": "x"}},
        ),
        ("Something went wrong", {"text": "Something went wrong"}),  # plain text: a message
        ("[1, 2]", {"text": "[1, 2]"}),  # JSON, but not a message or a response_action
    ],
)
def test_an_ack_body_is_read_as_json_or_shown_as_text(body: str, read: dict[str, object]) -> None:
    assert _json_or_text(body) == read
