"""A manager link's states: only pending and active can be left, every way out is final, and
only an active link grants anything."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import manager_links as links
from bot.domain.manager_links import LinkState, Transition, WrongState

State = LinkState
TRANSITIONS: list[tuple[Transition, State, State]] = [
    (links.accept, State.PENDING, State.ACTIVE),
    (links.decline, State.PENDING, State.DECLINED),
    (links.withdraw, State.PENDING, State.WITHDRAWN),
    (links.unsend, State.PENDING, State.UNSENT),
    (links.expire, State.PENDING, State.EXPIRED),
    (links.end, State.ACTIVE, State.ENDED),
]
FINAL = {State.DECLINED, State.WITHDRAWN, State.ENDED, State.UNSENT, State.EXPIRED}


@pytest.mark.parametrize(("transition", "origin", "to"), TRANSITIONS)
def test_each_transition_leaves_its_origin_for_its_target(
    transition: Transition, origin: State, to: State
) -> None:
    assert transition(origin) == to


@given(
    st.sampled_from(TRANSITIONS),
    st.lists(st.sampled_from(TRANSITIONS), max_size=6),
)
def test_any_sequence_of_answers_starting_pending_never_leaves_a_final_state(
    first: tuple[Transition, State, State], rest: list[tuple[Transition, State, State]]
) -> None:
    state = State.PENDING
    for transition, _, _ in [first, *rest]:
        try:
            new = transition(state)
        except WrongState as refused:
            assert refused.state == state
            continue
        assert state not in FINAL
        state = new


@pytest.mark.parametrize(("transition", "origin", "_to"), TRANSITIONS)
@pytest.mark.parametrize("state", list(State))
def test_a_transition_from_any_other_state_is_refused(
    transition: Transition, origin: State, _to: State, state: State
) -> None:
    if state == origin:
        return
    with pytest.raises(WrongState):
        transition(state)


@pytest.mark.parametrize("state", list(State))
def test_only_an_active_link_grants_access(state: State) -> None:
    assert links.grants_access(state) is (state == State.ACTIVE)


def test_states_are_the_strings_the_database_holds() -> None:
    assert [s.value for s in State] == [
        "pending",
        "active",
        "declined",
        "withdrawn",
        "ended",
        "unsent",
        "expired",
    ]


def test_a_request_expires_14_days_after_it_was_asked() -> None:
    asked = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    assert links.expires_at(asked) == dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
