"""What every button press and modal submission hands its listener besides the payload."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.services.messenger import Messenger
from bot.slack.context import Actor, Deps, Scope
from bot.slack.home_tab import after_change, refresh_home


@dataclass(frozen=True)
class Turn:
    """The app's dependencies, who is acting, the Messenger, and the request's one `now`."""

    deps: Deps
    actor: Actor
    messenger: Messenger
    now: dt.datetime

    @property
    def scope(self) -> Scope:
        """The actor's keys, as every service takes them (`**turn.scope`)."""
        return self.actor.scope

    def session(self) -> AbstractContextManager[Session]:
        """One transaction for the use case."""
        return self.deps.db.session()

    def refresh_home(self) -> None:
        refresh_home(self.deps, self.messenger, self.actor)

    def after_change(self, *, enrolled: bool) -> None:
        """After the answer: a new member's Slack time zone, then their Home tab."""
        after_change(self.deps, self.messenger, self.actor, enrolled=enrolled)
