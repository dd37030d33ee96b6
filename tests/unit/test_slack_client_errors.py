"""SlackClient raises the Messenger port's errors, never the Slack SDK's."""

from __future__ import annotations

from typing import Any, cast

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse

from bot.services.messenger import SendFailed, Unreachable
from bot.slack.blocks.messages import Message
from bot.slack.client import SlackClient

MESSAGE = Message(text="hello")


def api_error(body: dict[str, Any], status: int = 200) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/x",
        req_args={},
        data=body,
        headers={},
        status_code=status,
    )
    return SlackApiError("refused", response)


class Web:
    """Stands in for WebClient: every call raises `error` (WebClient's retries already spent)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __getattr__(self, name: str) -> Any:
        def call(**_: Any) -> Any:
            raise self.error

        return call


def client(error: Exception) -> SlackClient:
    return SlackClient(cast(WebClient, Web(error)))


def test_an_error_answer_is_send_failed_with_slacks_code() -> None:
    with pytest.raises(SendFailed) as raised:
        client(api_error({"ok": False, "error": "not_in_channel"})).post_message(
            channel="C1", message=MESSAGE
        )
    assert raised.value.code == "not_in_channel"


def test_an_answer_without_a_code_is_named_by_its_status() -> None:
    with pytest.raises(SendFailed) as raised:
        client(api_error({"ok": False}, status=500)).post_in_thread(
            channel="C1", thread_ts="1.2", message=MESSAGE
        )
    assert raised.value.code == "http 500"


@pytest.mark.parametrize("error", [SlackClientError("connection reset"), TimeoutError("timed out")])
def test_no_answer_is_unreachable(error: Exception) -> None:
    with pytest.raises(Unreachable) as raised:
        client(error).post_dm(user_id="U1", message=MESSAGE)
    assert raised.value.detail == repr(error)


def test_looking_someone_up_still_answers_none_where_it_did() -> None:
    assert (
        client(api_error({"ok": False, "error": "user_not_found"})).user_profile(user_id="U1")
        is None
    )
    assert (
        client(api_error({"ok": False, "error": "ratelimited"})).user_timezone(user_id="U1") is None
    )
    with pytest.raises(SendFailed):
        client(api_error({"ok": False, "error": "ratelimited"})).user_profile(user_id="U1")
