"""Every modal submission takes effect once.

Slack can deliver one submission twice: a double click on Submit, or Submit pressed again after
an answer that took too long. Each opened modal has its own view id, so a listener registered
with `@view_submission(app, callback_id)` stores what the form says inside `once(...)`, whose
first statement records that view id. A repeat, concurrent or later, finds it, and the listener
only acks: the modal closes as it did the first time, and nothing is stored twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from slack_bolt import Ack, App
from sqlalchemy.orm import Session

from bot.services import submissions
from bot.services.errors import FieldErrors, UserError
from bot.services.messenger import Messenger
from bot.slack.context import Actor, Deps
from bot.slack.forms import inline
from bot.slack.home_tab import after_change

Listener = TypeVar("Listener", bound=Callable[..., None])


class AlreadySubmitted(Exception):
    """This modal's submission was stored already."""


@contextmanager
def once(deps: Deps, actor: Actor, view: dict[str, Any]) -> Iterator[Session]:
    """The transaction a submission stores its change in, claimed for this modal first.

    Raises AlreadySubmitted on a repeat. An error inside rolls the claim back with everything
    else, so a form refused with inline errors can be corrected and submitted again.
    """
    with deps.db.session() as session:
        claimed = submissions.claim(
            session,
            team_id=actor.team_id,
            view_id=str(view.get("id") or ""),
            callback_id=str(view.get("callback_id") or ""),
            now=deps.clock(),
        )
        if not claimed:
            raise AlreadySubmitted
        yield session


def view_submission(app: App, callback_id: str) -> Callable[[Listener], Listener]:
    """`@app.view(callback_id)` for a listener that stores through `once(...)`: a repeated
    submission is acked (unless the listener already did) and does nothing more."""

    def register(listener: Listener) -> Listener:
        # Bolt reads the wrapped listener's parameter names and passes those, by keyword.
        @functools.wraps(listener)
        def guarded(**kwargs: Any) -> None:
            try:
                listener(**kwargs)
            except AlreadySubmitted:
                ack: Ack = kwargs["ack"]
                if ack.response is None:
                    ack()

        app.view(callback_id)(guarded)
        return listener

    return register


def save_form(
    ack: Ack,
    view: dict[str, Any],
    deps: Deps,
    actor: Actor,
    messenger: Messenger,
    *,
    store: Callable[[Session], bool | None],
    fields: Mapping[str, str],
    fallback: str,
) -> None:
    """Store a form once, then answer: a refusal inline on its field (anything not about one
    field, like a stale form, on `fallback`), or close the modal and republish the Home.

    `store` returns True when it enrolled the person, whose time zone is then fetched.
    """
    try:
        with once(deps, actor, view) as session:
            enrolled = bool(store(session))
    except FieldErrors as exc:
        ack(response_action="errors", errors=inline(exc, fields, fallback=fallback))
        return
    except UserError as exc:
        ack(response_action="errors", errors={fallback: str(exc)})
        return
    ack()
    after_change(deps, messenger, actor, enrolled=enrolled)
