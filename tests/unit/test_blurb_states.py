"""A blurb request's states: every way out starts from open and is final."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.domain import blurbs
from bot.domain.blurbs import BlurbRequestState, NotOpen

State = BlurbRequestState
TRANSITIONS: list[tuple[Callable[[State], State], State]] = [
    (blurbs.write, State.WRITTEN),
    (blurbs.decline, State.DECLINED),
    (blurbs.never, State.OPTED_OUT),
    (blurbs.expire, State.EXPIRED),
    (blurbs.unsend, State.UNSENT),
]


@pytest.mark.parametrize(("transition", "to"), TRANSITIONS)
def test_an_open_request_moves_to_its_answer(
    transition: Callable[[State], State], to: State
) -> None:
    assert transition(State.OPEN) == to


@pytest.mark.parametrize(("transition", "_to"), TRANSITIONS)
@pytest.mark.parametrize("closed", [s for s in State if s != State.OPEN])
def test_a_closed_request_stays_closed(
    transition: Callable[[State], State], _to: State, closed: State
) -> None:
    with pytest.raises(NotOpen) as raised:
        transition(closed)
    assert raised.value.state == closed


def test_states_are_the_strings_the_database_holds() -> None:
    assert [s.value for s in State] == [
        "open",
        "written",
        "declined",
        "opted_out",
        "expired",
        "unsent",
    ]
    assert State.OPEN == "open"
