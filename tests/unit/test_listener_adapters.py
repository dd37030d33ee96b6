"""`on_press` and `on_submit`: ack, read the payload into a Press or a Modal, and answer a
UserError the way the registration says. Bolt itself is left out: a stand-in app keeps the
listener each registers, and the test calls it the way Bolt would, by keyword."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pytest
from slack_bolt import Ack, App

from bot.db import Database
from bot.services.errors import FieldErrors, UserError
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.presses import Press, on_press
from bot.slack.submissions import AlreadySubmitted, Modal, inline_errors, on_submit

NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
DEPS = Deps(db=cast(Database, None), library=[], clock=lambda: NOW)
ACTOR = Actor(team_id="T1", user_id="U1")
MESSENGER = cast(SlackClient, None)


class StandInApp:
    """Keeps what `app.action(id)` / `app.view(id)` were handed."""

    def __init__(self) -> None:
        self.listeners: dict[str, Callable[..., None]] = {}

    def _keep(self, key: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
        def keep(listener: Callable[..., None]) -> Callable[..., None]:
            self.listeners[key] = listener
            return listener

        return keep

    action = _keep
    view = _keep


def pressed(handler: Callable[[Press], None], refuse: Callable[[Press, UserError], None]) -> Ack:
    app = StandInApp()
    on_press(cast(App, app), handler, "a_button", refuse=refuse)
    ack = Ack()
    app.listeners["a_button"](
        ack=ack,
        body={"trigger_id": "TR1"},
        action={"action_id": "a_button", "value": "42"},
        respond=lambda **_: None,
        deps=DEPS,
        actor=ACTOR,
        messenger=MESSENGER,
    )
    return ack


def test_a_press_is_acked_read_and_its_refusal_told() -> None:
    seen: list[tuple[int, str, dt.datetime]] = []
    refused: list[str] = []

    def handler(press: Press) -> None:
        seen.append((press.payload.target_id, press.payload.trigger_id, press.now))
        raise UserError("That check-in isn't yours.")

    ack = pressed(handler, lambda press, error: refused.append(str(error)))
    assert ack.response is not None
    assert seen == [(42, "TR1", NOW)]
    assert refused == ["That check-in isn't yours."]


def submitted(handler: Callable[[Modal], None], refuse: Any = None) -> Ack:
    app = StandInApp()
    refuse = refuse or inline_errors({"text": "text_block"}, fallback="other_block")
    on_submit(cast(App, app), handler, "a_modal", refuse=refuse)
    ack = Ack()
    view = {"id": "V1", "callback_id": "a_modal", "private_metadata": '{"item_id": 7}'}
    app.listeners["a_modal"](ack=ack, view=view, deps=DEPS, actor=ACTOR, messenger=MESSENGER)
    return ack


def errors_of(ack: Ack) -> Any:
    assert ack.response is not None
    return ack.response.body


def test_a_refused_form_is_answered_inline_on_its_fields() -> None:
    def handler(modal: Modal) -> None:
        assert modal.form.metadata_id("item_id") == 7 and modal.scope["user_id"] == "U1"
        raise FieldErrors({"text": "Say what it is.", "due": "Pick a date."})

    body = errors_of(submitted(handler))
    assert '"text_block": "Say what it is."' in body and '"other_block": "Pick a date."' in body


def test_a_repeated_submission_is_only_acked() -> None:
    def handler(modal: Modal) -> None:
        raise AlreadySubmitted

    ack = submitted(handler)
    assert ack.response is not None and ack.response.body == ""


def test_a_refusal_after_the_ack_is_not_swallowed() -> None:
    def handler(modal: Modal) -> None:
        modal.close()
        raise UserError("too late to say so on the form")

    with pytest.raises(UserError):
        submitted(handler)
