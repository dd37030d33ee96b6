"""A stakeholder ask's states: every way out starts from open and is final."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.domain import stakeholder_asks as asks
from bot.domain.stakeholder_asks import AskState, NotOpen

TRANSITIONS: list[tuple[Callable[[AskState], AskState], AskState]] = [
    (asks.answer, AskState.ANSWERED),
    (asks.decline, AskState.DECLINED),
    (asks.expire, AskState.EXPIRED),
    (asks.unsend, AskState.UNSENT),
]


@pytest.mark.parametrize(("transition", "to"), TRANSITIONS)
def test_an_open_ask_moves_to_its_answer(
    transition: Callable[[AskState], AskState], to: AskState
) -> None:
    assert transition(AskState.OPEN) == to


@pytest.mark.parametrize(("transition", "_to"), TRANSITIONS)
@pytest.mark.parametrize("closed", [s for s in AskState if s != AskState.OPEN])
def test_a_closed_ask_stays_closed(
    transition: Callable[[AskState], AskState], _to: AskState, closed: AskState
) -> None:
    with pytest.raises(NotOpen) as raised:
        transition(closed)
    assert raised.value.state == closed
