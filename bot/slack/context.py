"""What every listener is handed: the app's dependencies, who is acting, and the Messenger.

`provide(deps)` is a global middleware that puts them in Bolt's context; Bolt passes context
entries to listeners by parameter name, so a listener just declares `deps: Deps`,
`actor: Actor` and `messenger: SlackClient`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from slack_bolt import BoltContext

from bot.content.library import load_library
from bot.db import Database
from bot.domain.moves import STALE_AFTER, Move
from bot.services import departures
from bot.slack.client import SlackClient

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Deps:
    db: Database
    library: list[Move] = field(default_factory=load_library)
    clock: Clock = utc_now
    # STAKEHOLDER_STALE_WEEKS: when `/mgr-goal checkin` may propose a catch-up.
    stale_after: dt.timedelta = STALE_AFTER

    def move(self, move_id: str) -> Move | None:
        return next((m for m in self.library if m.id == move_id), None)


class Scope(TypedDict):
    """A member's keys, as every service takes them (`**actor.scope`)."""

    team_id: str
    user_id: str


@dataclass(frozen=True)
class Actor:
    """Who is acting, taken from Slack's signed request, never from a payload value."""

    team_id: str
    user_id: str

    @classmethod
    def of(cls, context: BoltContext) -> Actor:
        team = context.team_id or context.enterprise_id or ""
        return cls(team_id=team, user_id=context.user_id or "")

    @property
    def scope(self) -> Scope:
        return Scope(team_id=self.team_id, user_id=self.user_id)


def provide(deps: Deps) -> Callable[..., None]:
    """Middleware: `deps`, `actor` and `messenger` for every listener."""

    def middleware(context: BoltContext, next: Callable[[], None]) -> None:
        context["deps"] = deps
        context["actor"] = Actor.of(context)
        context["messenger"] = SlackClient(context.client, departed=departures.checker(deps.db))
        next()

    return middleware
