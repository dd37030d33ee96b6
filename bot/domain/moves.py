"""Leadership moves and how this week's one is chosen. Pure: no Slack, no database."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.domain.areas import SkillArea

NO_REPEAT = dt.timedelta(weeks=8)
REFLECTION_EVERY = 13  # check-ins
# An area nobody has proposed for this long jumps the queue: see _pick_area for why 5 weeks.
AREA_OVERDUE = dt.timedelta(weeks=5)
# A stakeholder not talked to for this long is proposed as a catch-up (STAKEHOLDER_STALE_WEEKS).
STALE_AFTER = dt.timedelta(weeks=6)


class Effort(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class MoveKind(StrEnum):
    REGULAR = "regular"
    MANAGER_UPDATE = "manager_update"
    REFLECTION = "reflection"
    CATCH_UP = "catch_up"
    # The promotion conversation, proposed instead of a move when the case is ready.
    READY = "ready"


@dataclass(frozen=True)
class Move:
    id: str
    title: str
    what: str
    why: str
    area: SkillArea
    effort: Effort
    kind: MoveKind = MoveKind.REGULAR
    # A catch-up move's person: its title and text are templates with {who} and {last}.
    about: CatchUp | None = None


@dataclass(frozen=True)
class CatchUp:
    """The stakeholder a catch-up move is about: their Slack user id, the day of the last
    logged conversation (None: none since they were added) and the day they were added (None
    once they are off the list), both in the member's zone."""

    user_id: str
    last_contact: dt.date | None
    added: dt.date | None


@dataclass(frozen=True)
class Proposal:
    """A move shown to the member on a day (swapped-away moves count as shown)."""

    move_id: str
    on: dt.date


@dataclass(frozen=True)
class MemberState:
    """What the chooser needs to know about a member, as plain values."""

    seed: str
    has_manager: bool
    core_work_behind: bool
    checkins_since_reflection: int
    # For each area with open campaign items: the date of its newest evidence (None: never).
    open_item_evidence: dict[SkillArea, dt.date | None]
    # A monthly update was sent in the member's current calendar month.
    update_sent_this_month: bool = False
    # The stakeholder longest without a conversation, if that is over the threshold.
    stale_stakeholder: CatchUp | None = None
    # The list is nearly done or the target date is close (bot.domain.case.is_ready).
    ready: bool = False
    # The member said their confidence is low last time: this week looks back, and its move
    # is a small one.
    looks_back: bool = False

    @property
    def small_only(self) -> bool:
        return self.core_work_behind or self.looks_back


@dataclass(frozen=True)
class Choice:
    move: Move
    core_work_first: bool


def choose_move(
    library: list[Move],
    *,
    state: MemberState,
    history: list[Proposal],
    today: dt.date,
    exclude: frozenset[str] = frozenset(),
) -> Choice:
    """This week's move.

    Rules, in order: a reflection every 13th check-in; the manager update once a month when
    a manager is set and no update was sent this month yet (the first check-in of the month,
    or the next one when the reflection takes that week); a catch-up with the stakeholder
    longest without a conversation, when that is over the threshold, at most once a month and
    never in the update's week; otherwise a regular move not shown in 8 weeks, from an area
    overdue for attention, else the area of open items with the least recent evidence, else
    the area proposed longest ago. A member whose core work is behind gets a small move (the
    update and the catch-up are) and no reflection; a week that looks back after a "low"
    confidence answer gets a small move too (the reflection is one). The promotion
    conversation (READY) comes after the reflection and before the update: see _special. A
    swap never offers a special move.
    """
    by_id = {move.id: move for move in library}
    recent = {p.move_id for p in history if today - p.on < NO_REPEAT}
    if not exclude:
        special = _special(library, state=state, history=history, recent=recent, today=today)
        if special is not None:
            return Choice(special, core_work_first=state.core_work_behind)
    every_regular = [m for m in library if m.kind is MoveKind.REGULAR]
    # After swapping through every move, start over rather than offer nothing.
    regular = [m for m in every_regular if m.id not in exclude] or every_regular
    fresh = [m for m in regular if m.id not in recent] or regular
    if state.small_only:
        fresh = [m for m in fresh if m.effort is Effort.SMALL] or fresh
    area = _pick_area(fresh, state=state, history=history, by_id=by_id, today=today)
    in_area = [m for m in fresh if m.area is area]
    last_shown = _last_shown(history)
    move = min(
        in_area,
        key=lambda m: (last_shown.get(m.id, dt.date.min), _tiebreak(state.seed, m.id)),
    )
    return Choice(move, core_work_first=state.core_work_behind)


def _special(
    library: list[Move],
    *,
    state: MemberState,
    history: list[Proposal],
    recent: set[str],
    today: dt.date,
) -> Move | None:
    """The reflection, the promotion conversation, the monthly manager update or a
    stakeholder catch-up when one is due, else None.

    Order: reflection > ready > monthly update > catch-up. The reflection comes first because
    it asks whether the member still wants this at all: no point preparing the ask before
    that. The ready prompt beats the update because it is rare (at most once per 8 weeks, the
    no-repeat window) and time-bound, while the update only moves to the next check-in. It is
    never proposed in a small-move week (its effort is medium).

    The update is due until one has been proposed this calendar month (a swapped-away one
    counts) or the member sent one, so a reflection week only moves it to the next check-in.
    A catch-up comes only when neither is due, so never in the update's week, and at most once
    a calendar month (a swapped-away one counts). Both are exempt from the 8-week no-repeat
    rule: they are meant to come every month, 4 or 5 weeks apart.
    """

    def first_of(kind: MoveKind) -> Move | None:
        return next((m for m in library if m.kind is kind), None)

    reflection = first_of(MoveKind.REFLECTION)
    if (
        reflection is not None
        and not state.core_work_behind
        and state.checkins_since_reflection >= REFLECTION_EVERY - 1
        and reflection.id not in recent
    ):
        return reflection
    this_month = {
        p.move_id for p in history if (p.on.year, p.on.month) == (today.year, today.month)
    }

    def fits(move: Move) -> bool:
        return move.id not in this_month and not (
            state.small_only and move.effort is not Effort.SMALL
        )

    ready = first_of(MoveKind.READY)
    if (
        ready is not None
        and state.ready
        and ready.id not in recent
        and not (state.small_only and ready.effort is not Effort.SMALL)
    ):
        return ready

    update = first_of(MoveKind.MANAGER_UPDATE)
    wanted = state.has_manager and not state.update_sent_this_month
    if update is not None and wanted and fits(update):
        return update
    catch_up = first_of(MoveKind.CATCH_UP)
    if catch_up is not None and state.stale_stakeholder is not None and fits(catch_up):
        return replace(catch_up, about=state.stale_stakeholder)
    return None


def _last_shown(history: list[Proposal]) -> dict[str, dt.date]:
    last: dict[str, dt.date] = {}
    for proposal in history:
        last[proposal.move_id] = max(proposal.on, last.get(proposal.move_id, dt.date.min))
    return last


def _pick_area(
    candidates: list[Move],
    *,
    state: MemberState,
    history: list[Proposal],
    by_id: dict[str, Move],
    today: dt.date,
) -> SkillArea:
    """The area of this week's regular move: breadth when an area is overdue, else focus.

    Every proposal counts with its move's area, the manager update and the reflection too
    (both are visibility moves in the packaged library, so they keep visibility fresh). An
    area not proposed for AREA_OVERDUE (5 weeks; one never proposed counts from the member's
    first check-in) goes first, longest waiting first; otherwise the areas of open items come
    first. Why 5 weeks: a new member's first 5 weeks may all follow their list, and weeks 5
    to 11 then hold at most 3 special moves (2 updates, 1 reflection), which leaves 4 weeks
    for the 4 areas still missing besides the list's and visibility. So any 12 weeks in a row
    cover at least 5 of the 6 areas whatever the list holds (6 weeks was one week short once
    the update came every month); tests/unit/test_moves.py checks it over random members.
    A monthly catch-up with a stakeholder nobody talks to adds up to 3 more visibility weeks:
    then it holds for every 12 weeks from the member's 5th check-in on.
    """
    available = {m.area for m in candidates}
    area_last: dict[SkillArea, dt.date] = {}
    for proposal in history:
        move = by_id.get(proposal.move_id)
        if move is not None:
            area_last[move.area] = max(proposal.on, area_last.get(move.area, dt.date.min))

    # An area never proposed has waited since the member's first check-in, not forever, so a
    # new member's open items steer the first weeks.
    since = min((p.on for p in history), default=today)

    def waited(area: SkillArea) -> dt.timedelta:
        return today - area_last.get(area, since)

    order = sorted(available, key=lambda a: (-waited(a).days, a.value))
    overdue = [a for a in order if waited(a) >= AREA_OVERDUE]
    if overdue:
        return overdue[0]
    needing = [a for a in order if a in state.open_item_evidence]
    if needing:
        return min(
            needing,
            key=lambda a: (state.open_item_evidence[a] or dt.date.min, -waited(a).days),
        )
    return order[0]


def _tiebreak(seed: str, move_id: str) -> str:
    """A stable per-member order, so members don't all get the same move the same week."""
    return hashlib.sha256(f"{seed}:{move_id}".encode()).hexdigest()
