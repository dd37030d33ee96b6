"""An item's status moves: open → done (Mark done), done → open (undo), nothing else."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.domain import items
from bot.domain.items import ItemStatus


def test_completing_an_open_item_makes_it_done() -> None:
    assert items.complete(ItemStatus.OPEN) is ItemStatus.DONE


def test_completing_a_done_item_is_refused() -> None:
    with pytest.raises(items.AlreadyDone):
        items.complete(ItemStatus.DONE)


def test_reopening_a_done_item_makes_it_open() -> None:
    assert items.reopen(ItemStatus.DONE) is ItemStatus.OPEN


def test_reopening_an_open_item_is_refused() -> None:
    with pytest.raises(items.StillOpen):
        items.reopen(ItemStatus.OPEN)


def test_statuses_compare_equal_to_the_stored_strings() -> None:
    # The column stays a string: rows written before the enum read back as these states.
    assert items.complete("open") == "done"
    assert items.reopen("done") == "open"
    assert items.is_open("open") and not items.is_open("done")


def test_open_and_done_ones_keep_the_order_given() -> None:
    @dataclass
    class Row:
        status: str
        n: int

    rows = [Row("done", 1), Row("open", 2), Row("open", 3), Row("done", 4)]
    assert [r.n for r in items.open_ones(rows)] == [2, 3]
    assert [r.n for r in items.done_ones(rows)] == [1, 4]
