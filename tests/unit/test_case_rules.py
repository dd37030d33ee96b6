"""Issue 13's pure rules: when the promotion conversation is proposed, the strongest talking
points, the look-back week's small move, and the kind offer to pause."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.library import load_library
from bot.domain.case import (
    ItemFacts,
    Recalled,
    StillWant,
    is_ready,
    look_back,
    offers_pause,
    strongest,
)
from bot.domain.moves import Effort, MoveKind, Proposal, choose_move
from tests.support.move_states import member_state as state

LIBRARY = load_library()
BY_ID = {m.id: m for m in LIBRARY}
TODAY = dt.date(2026, 11, 30)
READY_ID = "ask-for-the-role"


def chosen(history: list[Proposal] | None = None, **overrides: object) -> str:
    return choose_move(
        LIBRARY, state=state(**overrides), history=history or [], today=TODAY
    ).move.id


def test_the_library_has_one_ready_move() -> None:
    [ready] = [m for m in LIBRARY if m.kind is MoveKind.READY]
    assert ready.id == READY_ID and ready.effort is Effort.MEDIUM


def test_ready_at_eighty_percent_from_three_items_on() -> None:
    assert is_ready(done=4, total=5, target_date=None, today=TODAY)
    assert is_ready(done=3, total=3, target_date=None, today=TODAY)
    assert not is_ready(done=3, total=4, target_date=None, today=TODAY)  # 75%
    # One or two items are no case yet, even all done.
    assert not is_ready(done=2, total=2, target_date=None, today=TODAY)
    assert not is_ready(done=0, total=0, target_date=None, today=TODAY)


def test_ready_thirty_days_before_the_target_date_and_not_long_after() -> None:
    def at(days: int) -> bool:
        return is_ready(done=0, total=0, target_date=TODAY + dt.timedelta(days=days), today=TODAY)

    assert at(30) and at(1) and at(0) and at(-30)
    assert not at(31) and not at(-31)


def test_the_chooser_proposes_the_conversation_when_ready_and_not_twice_in_eight_weeks() -> None:
    assert chosen(ready=True) == READY_ID
    assert BY_ID[chosen(ready=False)].kind is MoveKind.REGULAR
    seven_weeks_ago = [Proposal(READY_ID, TODAY - dt.timedelta(weeks=7))]
    assert chosen(seven_weeks_ago, ready=True) != READY_ID
    eight_weeks_ago = [Proposal(READY_ID, TODAY - dt.timedelta(weeks=8))]
    assert chosen(eight_weeks_ago, ready=True) == READY_ID


def test_order_reflection_then_ready_then_update_then_catch_up() -> None:
    reflection = next(m.id for m in LIBRARY if m.kind is MoveKind.REFLECTION)
    update = next(m.id for m in LIBRARY if m.kind is MoveKind.MANAGER_UPDATE)
    assert chosen(ready=True, has_manager=True, checkins_since_reflection=12) == reflection
    assert chosen(ready=True, has_manager=True) == READY_ID
    # The update only moves to the next check-in.
    after = [Proposal(READY_ID, TODAY - dt.timedelta(days=7))]
    assert chosen(after, ready=True, has_manager=True) == update


def test_a_swap_never_offers_the_conversation() -> None:
    choice = choose_move(
        LIBRARY, state=state(ready=True), history=[], today=TODAY, exclude=frozenset({"x"})
    )
    assert choice.move.kind is MoveKind.REGULAR


def test_a_look_back_week_gets_a_small_move_and_no_ready_prompt() -> None:
    choice = choose_move(LIBRARY, state=state(looks_back=True, ready=True), history=[], today=TODAY)
    assert choice.move.effort is Effort.SMALL and choice.move.id != READY_ID
    # Unlike core work behind, the look back doesn't put core work first.
    assert not choice.core_work_first


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.booleans(), min_size=20, max_size=20),
    st.lists(st.booleans(), min_size=20, max_size=20),
)
def test_over_twenty_weeks_ready_comes_at_most_once_per_eight(
    ready: list[bool], low: list[bool]
) -> None:
    history: list[Proposal] = []
    for week, (is_ready_now, looks_back_now) in enumerate(zip(ready, low, strict=True)):
        today = TODAY + dt.timedelta(weeks=week)
        choice = choose_move(
            LIBRARY,
            state=state(ready=is_ready_now, looks_back=looks_back_now),
            history=history,
            today=today,
        )
        if looks_back_now:
            assert choice.move.effort is Effort.SMALL
        if choice.move.id == READY_ID:
            assert is_ready_now
            assert all(
                today - p.on >= dt.timedelta(weeks=8) for p in history if p.move_id == READY_ID
            )
        history.append(Proposal(choice.move.id, today))


def facts(number: int, notes: int, newest: int | None, done: bool = True) -> ItemFacts:
    return ItemFacts(
        number=number,
        text=f"Item {number}",
        area=None,
        evidence=tuple(f"note {n}" for n in range(notes)),
        newest_evidence=None if newest is None else TODAY - dt.timedelta(days=newest),
        done_on=TODAY if done else None,
    )


def test_strongest_most_evidence_then_most_recent() -> None:
    items = [facts(1, 1, 1), facts(2, 3, 50), facts(3, 3, 10), facts(4, 0, None), facts(5, 2, 5)]
    assert [i.number for i in strongest(items)] == [3, 2, 5]
    assert strongest([facts(4, 0, None)]) == []


def test_look_back_is_the_three_newest() -> None:
    days = [Recalled(TODAY - dt.timedelta(days=d), f"d{d}") for d in (5, 1, 9, 3)]
    assert [r.text for r in look_back(days)] == ["d1", "d3", "d5"]


def test_three_unsure_reflections_in_a_row_offer_a_pause_once() -> None:
    unsure, no, yes = StillWant.NOT_SURE, StillWant.NO, StillWant.YES
    assert offers_pause([unsure, no, unsure])
    assert offers_pause([unsure, unsure, no, yes, no])
    assert not offers_pause([unsure, unsure])
    assert not offers_pause([unsure, yes, unsure, unsure])
    assert not offers_pause([unsure, unsure, unsure, unsure])  # asked at the third already
