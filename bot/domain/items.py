"""A campaign item's status and the moves between its states.

The column stays a string; `ItemStatus` values compare equal to what is stored, so the
services load a row, ask a transition for the next status, and save it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol, TypeVar


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class AlreadyDone(ValueError):
    """Completing an item that is done already (a second click from a stale Home tab)."""


class StillOpen(ValueError):
    """Reopening an item that was never completed."""


def complete(status: str) -> ItemStatus:
    """Open → done."""
    if status == ItemStatus.DONE:
        raise AlreadyDone
    return ItemStatus.DONE


def reopen(status: str) -> ItemStatus:
    """Done → open (`/mgr-goal undo`)."""
    if status == ItemStatus.OPEN:
        raise StillOpen
    return ItemStatus.OPEN


def is_open(status: str) -> bool:
    return status == ItemStatus.OPEN


class HasStatus(Protocol):
    """What the list helpers read of an item (a `bot.models.CampaignItem` is one)."""

    @property
    def status(self) -> str: ...


T = TypeVar("T", bound=HasStatus)


def open_ones(items: Iterable[T]) -> list[T]:
    """The open items, in the order given."""
    return [i for i in items if i.status == ItemStatus.OPEN]


def done_ones(items: Iterable[T]) -> list[T]:
    """The done items, in the order given."""
    return [i for i in items if i.status == ItemStatus.DONE]
