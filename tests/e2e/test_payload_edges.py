"""Payload fields outside a form's values: signed as Slack signs them, answered, never a 500."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from bot.slack.middleware import refuse_unstorable_text
from tests.support.campaign_queries import items
from tests.support.home_helpers import count, modal_after
from tests.support.slack_requests import SlackDriver, event_payload

NUL = "\x00"


def open_add_form(slack: SlackDriver, fake_slack: FakeSlack) -> dict[str, Any]:
    before = count(fake_slack, "views.open")
    assert slack.command("add").status == 200
    return modal_after(fake_slack, before=before)


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_form_with_an_overlong_view_id_is_stored_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    view = open_add_form(slack, fake_slack)
    caplog.clear()

    first = slack.submit(view, {ids.TEXT_BLOCK: "Mentor the new hire"}, view_id="V" * 65)
    again = slack.submit(view, {ids.TEXT_BLOCK: "Mentor the new hire"}, view_id="V" * 65)

    assert (first.status, again.status) == (200, 200), first.body
    assert errors_logged(caplog) == []
    assert [i.text for i in items(db)] == ["Mentor the new hire"]


def test_a_form_whose_view_id_holds_a_nul_is_answered_alike_on_both_engines(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    view = open_add_form(slack, fake_slack)
    caplog.clear()

    reply = slack.submit(view, {ids.TEXT_BLOCK: "Mentor the new hire"}, view_id=f"V1{NUL}")

    assert reply.status == 200, reply.body
    assert errors_logged(caplog) == []
    assert items(db) == []


class _Ack:
    def __init__(self) -> None:
        self.response: object = None

    def __call__(self, **kwargs: Any) -> object:
        self.response = kwargs or "acked"
        return self.response


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_home_opened", "user": f"U1{NUL}", "tab": "home"},
        {"type": "user_change", "user": {"id": f"U1{NUL}", "tz": "Asia/Tokyo"}},
        {"type": "user_change", "user": {"id": "U1", "tz": "Asia/\ud800"}},
    ],
)
def test_an_event_holding_unstorable_text_never_reaches_a_listener(event: dict[str, Any]) -> None:
    """Postgres refuses a NUL in a query parameter; such an event is acked and dropped."""
    reached: list[bool] = []
    ack = _Ack()

    refuse_unstorable_text(event_payload(event), ack, lambda: reached.append(True))

    assert reached == []
    assert ack.response is not None
