"""Every button press and menu choice: acked at once, read into a `Press`, refused one way.

A listener registered with `on_press(app, listener, ids.X)` takes one `Press` and nothing else. A
`UserError` it raises is told to the person the way its registration says: an ephemeral notice
beside the message (the default), the message replaced by the notice, or a notice modal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.models.views import View

from bot.services.errors import UserError
from bot.slack.blocks.messages import Message, notice
from bot.slack.blocks.modals import notice_modal
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.payloads import ActionPayload
from bot.slack.turns import Turn


@dataclass(frozen=True)
class Press(Turn):
    """One press, already acked: what was pressed, who pressed it, and the ways to answer."""

    payload: ActionPayload
    respond: Respond

    def beside(self, message: Message) -> None:
        """An ephemeral message beside the one the button is on, seen only by the presser."""
        respond_with(self.respond, message, replace_original=False)

    def replace(self, message: Message) -> None:
        """The message the button is on, replaced."""
        respond_with(self.respond, message, replace_original=True)

    def open_modal(self, view: View) -> None:
        self.messenger.open_modal(trigger_id=self.payload.trigger_id, view=view)


Refusal = Callable[[Press, UserError], None]
PressHandler = Callable[[Press], None]


def refuse_beside(press: Press, error: UserError) -> None:
    """The message stays as it was; why, beside it (a stale or someone else's button)."""
    press.beside(notice(refusal_text(error)))


def refuse_in_place(press: Press, error: UserError) -> None:
    """The message (a question that is now answered either way) becomes why."""
    press.replace(notice(refusal_text(error)))


def refuse_in_modal(press: Press, error: UserError) -> None:
    """Why, in a notice modal (for a Home tab menu, which has no message to answer beside)."""
    press.open_modal(notice_modal(refusal_text(error)))


def on_press(
    app: App, handler: PressHandler, *action_ids: str, refuse: Refusal = refuse_beside
) -> None:
    """Register `handler` for `action_ids`: ack, read the payload, run it, refuse a UserError."""
    listener = _listener(handler, refuse)
    for action_id in action_ids:
        app.action(action_id)(listener)


def _listener(handler: PressHandler, refuse: Refusal) -> Callable[..., None]:
    # Bolt passes a listener the arguments it names: its own, and the context's entries.
    def listener(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        deps: Deps,
        actor: Actor,
        messenger: SlackClient,
    ) -> None:
        ack()
        payload = ActionPayload.of(body, action)
        press = Press(deps, actor, messenger, deps.clock(), payload, respond)
        try:
            handler(press)
        except UserError as exc:
            refuse(press, exc)

    return listener
