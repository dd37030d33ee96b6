"""Every modal submission: read into a `Modal`, taken effect once, refused one way.

Slack can deliver one submission twice: a double click on Submit, or Submit pressed again after
an answer that took too long. Each opened modal has its own view id, so a listener registered
with `on_submit(app, listener, callback_id, refuse=...)` stores what the form says inside
`modal.once()`, whose first statement records that view id. A repeat, concurrent or later,
finds it, and the listener only acks: the modal closes as it did the first time, and nothing is
stored twice.

A `UserError` the listener raises before it acks is answered the way its registration says:
inline on the form's fields (`inline_errors`), or the modal replaced by a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_bolt import Ack, App
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.services import submission_keys
from bot.services.errors import FieldErrors, UserError
from bot.slack.blocks.modals import notice_modal
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.payloads import Submission
from bot.slack.turns import Turn

Stored = TypeVar("Stored")


class AlreadySubmitted(Exception):
    """This modal's submission was stored already."""


@contextmanager
def once(deps: Deps, actor: Actor, view: Mapping[str, Any]) -> Iterator[Session]:
    """The transaction a submission stores its change in, claimed for this modal first.

    Raises AlreadySubmitted on a repeat. An error inside rolls the claim back with everything
    else, so a form refused with inline errors can be corrected and submitted again.
    """
    with deps.db.session() as session:
        claimed = submission_keys.claim(
            session,
            team_id=actor.team_id,
            view_id=str(view.get("id") or ""),
            callback_id=str(view.get("callback_id") or ""),
            now=deps.clock(),
        )
        if not claimed:
            raise AlreadySubmitted
        yield session


@dataclass(frozen=True)
class Modal(Turn):
    """One submitted modal: its form, who submitted it, and the ways to answer (once)."""

    ack: Ack
    view: Mapping[str, Any]
    form: Submission

    def once(self) -> AbstractContextManager[Session]:
        """The transaction that stores the form, claimed for this modal (see the module)."""
        return once(self.deps, self.actor, self.view)

    def save(self, store: Callable[[Session], Stored]) -> Stored:
        """Store the form inside `once()` and close the modal; what `store` returned."""
        with self.once() as session:
            stored = store(session)
        self.close()
        return stored

    def close(self) -> None:
        self.ack()

    def update(self, view: View) -> None:
        """The modal, replaced by `view` (Slack shows it in place of the form)."""
        self.ack(response_action="update", view=view.to_dict())


Refusal = Callable[[Modal, UserError], None]
ModalHandler = Callable[[Modal], None]


def inline(
    error: UserError,
    fields: Mapping[str, str],
    *,
    fallback: str,
    blocks: Collection[str] | None = None,
) -> dict[str, str]:
    """`ack(response_action="errors", errors=…)` for a service's refusal.

    `fields` maps the service's field names to the modal's block ids (one map per modal, in
    `bot.slack.ids`); a field the modal doesn't show (not in `fields`, or its block not among
    the view's `blocks`: Slack rejects errors on a missing block), and a refusal not about any
    one field (a plain UserError), land on `fallback`.
    """
    if not isinstance(error, FieldErrors):
        return {fallback: str(error)}
    shown: dict[str, str] = {}
    for name, problem in error.problems.items():
        block = fields.get(name, fallback)
        if blocks is not None and block not in blocks:
            block = fallback
        shown[block] = f"{shown[block]} {problem}" if block in shown else problem
    return shown


def _block_ids(view: Mapping[str, Any]) -> set[str] | None:
    """The submitted view's block ids; None when the payload carries no blocks to check."""
    blocks = view.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        return None
    return {b["block_id"] for b in blocks if isinstance(b, dict) and b.get("block_id")}


def inline_errors(fields: Mapping[str, str], *, fallback: str) -> Refusal:
    """Refuse on the form: each field's problem on its block (`fields`, from `bot.slack.ids`),
    anything not about one field (a stale form…) on `fallback`."""

    def refuse(modal: Modal, error: UserError) -> None:
        errors = inline(error, fields, fallback=fallback, blocks=_block_ids(modal.view))
        modal.ack(response_action="errors", errors=errors)

    return refuse


def refuse_in_notice(modal: Modal, error: UserError) -> None:
    """The form, replaced by a notice saying why (there is nothing on it to correct)."""
    modal.update(notice_modal(refusal_text(error)))


def on_submit(app: App, handler: ModalHandler, callback_id: str, *, refuse: Refusal) -> None:
    """Register `handler` for the modal `callback_id`.

    A repeated submission is acked (unless the handler already did) and does nothing more; a
    UserError raised before the handler acked is answered by `refuse`, one after it propagates.
    """

    # Bolt passes a listener the arguments it names: its own, and the context's entries.
    def listener(
        ack: Ack, view: dict[str, Any], deps: Deps, actor: Actor, messenger: SlackClient
    ) -> None:
        modal = Modal(deps, actor, messenger, deps.clock(), ack, view, Submission.of(view))
        try:
            handler(modal)
        except AlreadySubmitted:
            if ack.response is None:
                ack()
        except UserError as exc:
            if ack.response is not None:
                raise
            refuse(modal, exc)

    app.view(callback_id)(listener)
