"""The member's case, read for the last steps (issue 13): when to propose the promotion
conversation, which done items speak loudest, how confident they feel, what their own
reflections say. Pure: no Slack, no database, no clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# The list is "nearly done" at 80%. A list of one or two items is no case yet (one item ticked
# off would be 100%), so the share only counts from 3 items on: 3 is the smallest list where
# "most of what they asked for" means more than one thing.
READY_SHARE = 0.8
READY_MIN_ITEMS = 3
# The target date is close: 30 days or less away. One that passed up to 30 days ago still
# counts (the conversation is overdue, not off); one that passed longer ago is stale, and the
# member should set a new one first.
READY_WITHIN = dt.timedelta(days=30)


def is_ready(*, done: int, total: int, target_date: dt.date | None, today: dt.date) -> bool:
    """Time to propose the promotion conversation: the list is at least 80% done (3 items or
    more), or the target date is 30 days away or less (and not passed long ago)."""
    if total >= READY_MIN_ITEMS and done >= READY_SHARE * total:
        return True
    if target_date is None:
        return False
    return abs(target_date - today) <= READY_WITHIN


@dataclass(frozen=True)
class ItemFacts:
    """A done list item as the talking points need it."""

    number: int
    text: str
    area: str | None
    evidence: tuple[str, ...]  # newest first
    newest_evidence: dt.date | None
    done_on: dt.date | None


def strongest(items: Sequence[ItemFacts], *, n: int = 3) -> list[ItemFacts]:
    """The done items that make the strongest talking points: those with evidence, the most
    evidence notes first (more notes, more to show), then the most recent evidence (fresh in
    everyone's mind), then the lowest number (stable)."""
    backed = [i for i in items if i.evidence]
    return sorted(
        backed,
        key=lambda i: (-len(i.evidence), -(i.newest_evidence or dt.date.min).toordinal(), i.number),
    )[:n]


class Confidence(StrEnum):
    LOW = "low"
    OKAY = "okay"
    STRONG = "strong"


@dataclass(frozen=True)
class Recalled:
    """One of the member's own wins or evidence notes, for a look back."""

    on: dt.date
    text: str


LOOK_BACK = 3


def look_back(recalled: Sequence[Recalled], *, n: int = LOOK_BACK) -> list[Recalled]:
    """The newest `n` of the member's wins and evidence notes, newest first."""
    return sorted(recalled, key=lambda r: r.on, reverse=True)[:n]


class StillWant(StrEnum):
    YES = "yes"
    NOT_SURE = "not_sure"
    NO = "no"


UNSURE_STREAK = 3


def offers_pause(newest_first: Sequence[str]) -> bool:
    """After saving a reflection: offer to pause when the latest three are "not sure" or
    "no". Once per streak: only when this one makes it three (a fourth in a row says nothing
    new, and asking again would nag)."""
    streak = 0
    for answer in newest_first:
        if answer == StillWant.YES:
            break
        streak += 1
    return streak == UNSURE_STREAK
