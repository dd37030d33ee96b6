"""Choosing the weekly move: deterministic rules, checked over simulated years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.content.library import LibraryError, load_library
from bot.domain.areas import SkillArea
from bot.domain.moves import CatchUp, Effort, MoveKind, Proposal, choose_move
from tests.support.move_states import member_state as state

LIBRARY = load_library()
BY_ID = {m.id: m for m in LIBRARY}
START = dt.date(2026, 1, 5)


def test_library_has_thirty_moves_across_all_areas() -> None:
    regular = [m for m in LIBRARY if m.kind is MoveKind.REGULAR]
    assert len(regular) >= 30
    assert {m.area for m in regular} == set(SkillArea)


weeks = st.lists(
    st.tuples(
        st.booleans(),  # has manager
        st.booleans(),  # core work behind
        st.dictionaries(st.sampled_from(list(SkillArea)), st.none() | st.integers(0, 60)),
    ),
    min_size=52,
    max_size=52,
)


@settings(max_examples=60, deadline=None)
@given(weeks)
def test_a_year_of_checkins_never_repeats_and_covers_every_area(plan: list) -> None:
    history: list[Proposal] = []
    since_reflection = 0
    for index, (has_manager, behind, evidence) in enumerate(plan):
        today = START + dt.timedelta(weeks=index)
        open_items = {
            area: None if days is None else today - dt.timedelta(days=days)
            for area, days in evidence.items()
        }
        choice = choose_move(
            LIBRARY,
            state=state(
                has_manager=has_manager,
                core_work_behind=behind,
                checkins_since_reflection=since_reflection,
                open_item_evidence=open_items,
            ),
            history=history,
            today=today,
        )
        recent = {p.move_id for p in history if today - p.on < dt.timedelta(weeks=8)}
        # The monthly update is the one move meant to repeat inside 8 weeks.
        assert choice.move.id not in recent or choice.move.kind is MoveKind.MANAGER_UPDATE
        if behind:
            assert choice.core_work_first and choice.move.effort is Effort.SMALL
        since_reflection = 0 if choice.move.kind is MoveKind.REFLECTION else since_reflection + 1
        history.append(Proposal(choice.move.id, today))
    areas_by_week = [BY_ID[p.move_id].area for p in history]
    for start in range(len(areas_by_week) - 11):
        assert set(areas_by_week[start : start + 12]) == set(SkillArea), start


def test_first_checkin_of_the_month_is_the_manager_update() -> None:
    history = [Proposal("teach-the-team", dt.date(2026, 11, 30))]
    choice = choose_move(
        LIBRARY, state=state(has_manager=True), history=history, today=dt.date(2026, 12, 7)
    )
    assert choice.move.kind is MoveKind.MANAGER_UPDATE
    no_manager = choose_move(LIBRARY, state=state(), history=history, today=dt.date(2026, 12, 7))
    assert no_manager.move.kind is MoveKind.REGULAR


def test_every_thirteenth_checkin_is_a_reflection() -> None:
    choice = choose_move(
        LIBRARY, state=state(checkins_since_reflection=12), history=[], today=START
    )
    assert choice.move.kind is MoveKind.REFLECTION


def test_area_with_stalest_open_item_evidence_comes_first() -> None:
    today = dt.date(2026, 6, 1)
    history = [
        Proposal(m.id, today - dt.timedelta(weeks=i % 5 + 1))
        for i, m in enumerate(m for m in LIBRARY if m.kind is MoveKind.REGULAR)
        if m.area is not SkillArea.COACHING
    ][:6]
    evidence = {
        SkillArea.COMMUNICATION: today - dt.timedelta(days=3),
        SkillArea.BUSINESS_SENSE: today - dt.timedelta(days=40),
    }
    choice = choose_move(
        LIBRARY, state=state(open_item_evidence=evidence), history=history, today=today
    )
    assert choice.move.area in (SkillArea.BUSINESS_SENSE, SkillArea.COACHING)


def test_swap_excludes_moves_already_shown() -> None:
    first = choose_move(LIBRARY, state=state(), history=[], today=START)
    second = choose_move(
        LIBRARY,
        state=state(),
        history=[Proposal(first.move.id, START)],
        today=START,
        exclude=frozenset({first.move.id}),
    )
    assert second.move.id != first.move.id


def test_override_file_adds_and_replaces(tmp_path: Path) -> None:
    extra = tmp_path / "moves.toml"
    extra.write_text(
        '[[move]]\nid = "teach-the-team"\ntitle = "Teach"\nwhat = "Do it."\nwhy = "Because."\n'
        'area = "knowledge_sharing"\neffort = "small"\n\n'
        '[[move]]\nid = "our-own"\ntitle = "Ours"\nwhat = "Do ours."\nwhy = "Ours."\n'
        'area = "coaching"\neffort = "large"\n'
    )
    library = {m.id: m for m in load_library(extra)}
    assert library["teach-the-team"].title == "Teach"
    assert library["our-own"].effort is Effort.LARGE
    assert len(library) == len(LIBRARY) + 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[move]]\nid = "x"\n', "needs a non-empty `title`"),
        ('[[move]]\nid="x"\ntitle="t"\nwhat="w"\nwhy="y"\narea="golf"\neffort="small"\n', "golf"),
        ("not toml [", "not valid TOML"),
        (
            '[[move]]\nid="x"\nkind="catch_up"\ntitle="Catch up"\nwhat="{last}"\nwhy="y"\n'
            'area="visibility"\neffort="small"\n',
            "must name {who}",
        ),
        (
            '[[move]]\nid="x"\nkind="catch_up"\ntitle="See {who}"\nwhat="On {when}"\n'
            'why="y"\narea="visibility"\neffort="small"\n',
            "unknown placeholder",
        ),
        (
            '[[move]]\nid="x"\ntitle="t"\nwhat="w"\nwhy="y"\narea="coaching"\neffort="small"\n'
            'colour="red"\n',
            "unknown field",
        ),
    ],
)
def test_bad_override_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text(text)
    with pytest.raises(LibraryError, match=message):
        load_library(extra)


# --- half-year simulations: the monthly update and breadth ---------------------------------

HISTORY_WEEKS = 14  # what the check-in service passes: the member's last 14 check-ins


def simulate(
    *,
    start: dt.date,
    weeks: int,
    seed: str = "T1:U1",
    has_manager: bool,
    behind: list[bool] | None = None,
    evidence: dict[SkillArea, dt.date | None] | None = None,
    since_reflection: int = 0,
    stale: CatchUp | None = None,
    sent_months: frozenset[tuple[int, int]] = frozenset(),
) -> list[tuple[dt.date, MoveKind, SkillArea]]:
    """Weekly check-ins through the pure chooser, fed the way the check-in service feeds it.

    `stale` is a stakeholder who stays uncontacted throughout; `sent_months` are the (year,
    month) pairs in which the member had already sent their monthly update."""
    history: list[Proposal] = []
    proposed: list[tuple[dt.date, MoveKind, SkillArea]] = []
    for week in range(weeks):
        today = start + dt.timedelta(weeks=week)
        open_items = {
            area: when if when is not None and when <= today else None
            for area, when in (evidence or {}).items()
        }
        choice = choose_move(
            LIBRARY,
            state=state(
                seed=seed,
                has_manager=has_manager,
                core_work_behind=bool(behind and behind[week]),
                checkins_since_reflection=since_reflection,
                open_item_evidence=open_items,
                update_sent_this_month=(today.year, today.month) in sent_months,
                stale_stakeholder=stale,
            ),
            history=history[-HISTORY_WEEKS:],
            today=today,
        )
        move = choice.move
        since_reflection = 0 if move.kind is MoveKind.REFLECTION else since_reflection + 1
        history.append(Proposal(move.id, today))
        proposed.append((today, move.kind, move.area))
    return proposed


@pytest.mark.parametrize("since_reflection", [0, 5, 8, 12])
def test_the_manager_update_comes_once_in_every_month_and_never_in_a_reflection_week(
    since_reflection: int,
) -> None:
    proposed = simulate(
        start=dt.date(2026, 11, 2), weeks=26, has_manager=True, since_reflection=since_reflection
    )
    months = {(day.year, day.month) for day, _, _ in proposed}
    updates = [
        (day.year, day.month) for day, kind, _ in proposed if kind is MoveKind.MANAGER_UPDATE
    ]
    assert sorted(updates) == sorted(months), updates
    # The reflection keeps its every-13th-check-in weeks: the update never takes one.
    reflections = [
        week for week, (_, kind, _) in enumerate(proposed) if kind is MoveKind.REFLECTION
    ]
    assert reflections == [w for w in range(26) if (since_reflection + w) % 13 == 12]


def test_a_reflection_on_the_first_checkin_of_a_month_moves_the_update_to_the_next() -> None:
    # 12 check-ins since the last reflection: Monday 1 February 2027 is the reflection's.
    proposed = simulate(start=dt.date(2027, 2, 1), weeks=3, has_manager=True, since_reflection=12)
    assert [kind for _, kind, _ in proposed] == [
        MoveKind.REFLECTION,
        MoveKind.MANAGER_UPDATE,
        MoveKind.REGULAR,
    ]


member_plans = st.fixed_dictionaries(
    {
        "seed": st.text(alphabet="TU0123456789", min_size=2, max_size=8),
        "has_manager": st.booleans(),
        "start": st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
        "since_reflection": st.integers(0, 12),
        "behind": st.lists(st.booleans(), min_size=30, max_size=30),
        # Areas with open items, each with its newest evidence this many days from the start.
        "evidence": st.dictionaries(
            st.sampled_from(list(SkillArea)), st.none() | st.integers(-90, 210)
        ),
    }
)


@settings(max_examples=300, deadline=None)
@given(member_plans)
@example(  # a list only in visibility, with a manager: 4 areas when overdue meant 6 weeks
    {
        "seed": "00",
        "has_manager": True,
        "start": dt.date(2026, 1, 14),
        "since_reflection": 2,
        "behind": [False] * 30,
        "evidence": {SkillArea.VISIBILITY: None},
    }
)
def test_any_twelve_weeks_propose_at_least_five_areas(plan: dict) -> None:
    """Breadth: whatever the list holds, 12 weeks in a row cover 5 of the 6 areas or more.

    Every proposal counts with its move's area, the manager update and reflection included.
    """
    start = plan["start"]
    proposed = simulate(
        start=start,
        weeks=30,
        seed=plan["seed"],
        has_manager=plan["has_manager"],
        behind=plan["behind"],
        since_reflection=plan["since_reflection"],
        evidence={
            area: None if days is None else start + dt.timedelta(days=days)
            for area, days in plan["evidence"].items()
        },
    )
    areas = [area for _, _, area in proposed]
    for first in range(len(areas) - 11):
        window = areas[first : first + 12]
        assert len(set(window)) >= 5, (first, [a.value for a in window])


# --- stakeholder catch-ups ------------------------------------------------------------------

CAROL = CatchUp("U3", last_contact=dt.date(2026, 10, 12), added=dt.date(2026, 9, 1))


def test_a_stale_stakeholder_is_proposed_as_a_catch_up_about_them() -> None:
    choice = choose_move(
        LIBRARY, state=state(stale_stakeholder=CAROL), history=[], today=dt.date(2026, 12, 7)
    )
    assert choice.move.kind is MoveKind.CATCH_UP
    assert choice.move.about == CAROL
    nobody = choose_move(LIBRARY, state=state(), history=[], today=dt.date(2026, 12, 7))
    assert nobody.move.kind is MoveKind.REGULAR and nobody.move.about is None


@pytest.mark.parametrize("has_manager", [False, True])
def test_a_catch_up_comes_once_a_month_and_never_in_the_update_week(has_manager: bool) -> None:
    # Monday 2 November 2026, 26 weeks: 7 calendar months.
    proposed = simulate(start=dt.date(2026, 11, 2), weeks=26, has_manager=has_manager, stale=CAROL)
    months = sorted({(day.year, day.month) for day, _, _ in proposed})
    catch_ups = [(d.year, d.month) for d, kind, _ in proposed if kind is MoveKind.CATCH_UP]
    assert catch_ups == months
    for day, kind, _ in proposed:
        if kind is MoveKind.CATCH_UP:
            first_of_month = day.day <= 7
            # The first check-in of a month is the update's when there is a manager.
            assert not (has_manager and first_of_month), day
    if has_manager:
        updates = [(d.year, d.month) for d, kind, _ in proposed if kind is MoveKind.MANAGER_UPDATE]
        assert updates == months


def test_a_swapped_away_catch_up_still_counts_for_the_month() -> None:
    today = dt.date(2026, 12, 14)
    history = [Proposal("stakeholder-catch-up", dt.date(2026, 12, 7))]
    choice = choose_move(
        LIBRARY, state=state(stale_stakeholder=CAROL), history=history, today=today
    )
    assert choice.move.kind is MoveKind.REGULAR
    next_month = choose_move(
        LIBRARY,
        state=state(stale_stakeholder=CAROL),
        history=history,
        today=dt.date(2027, 1, 4),
    )
    assert next_month.move.kind is MoveKind.CATCH_UP


def test_a_swap_never_offers_a_catch_up() -> None:
    choice = choose_move(
        LIBRARY,
        state=state(stale_stakeholder=CAROL),
        history=[],
        today=START,
        exclude=frozenset({"teach-the-team"}),
    )
    assert choice.move.kind is MoveKind.REGULAR


def test_a_member_behind_on_core_work_may_still_get_the_small_catch_up() -> None:
    choice = choose_move(
        LIBRARY,
        state=state(stale_stakeholder=CAROL, core_work_behind=True),
        history=[],
        today=START,
    )
    assert choice.move.kind is MoveKind.CATCH_UP and choice.core_work_first


def test_an_update_sent_this_month_is_not_proposed_again() -> None:
    today = dt.date(2026, 12, 7)
    sent = state(has_manager=True, update_sent_this_month=True)
    assert choose_move(LIBRARY, state=sent, history=[], today=today).move.kind is MoveKind.REGULAR
    with_stale = state(has_manager=True, update_sent_this_month=True, stale_stakeholder=CAROL)
    choice = choose_move(LIBRARY, state=with_stale, history=[], today=today)
    assert choice.move.kind is MoveKind.CATCH_UP
    not_sent = state(has_manager=True)
    choice = choose_move(LIBRARY, state=not_sent, history=[], today=today)
    assert choice.move.kind is MoveKind.MANAGER_UPDATE


def test_months_with_the_update_already_sent_take_the_catch_up_first() -> None:
    december = frozenset({(2026, 12)})
    proposed = simulate(
        start=dt.date(2026, 11, 30), weeks=7, has_manager=True, stale=CAROL, sent_months=december
    )
    kinds = [(day, kind) for day, kind, _ in proposed]
    assert kinds[:3] == [
        (dt.date(2026, 11, 30), MoveKind.MANAGER_UPDATE),
        (dt.date(2026, 12, 7), MoveKind.CATCH_UP),
        (dt.date(2026, 12, 14), MoveKind.REGULAR),
    ]
    assert (dt.date(2027, 1, 4), MoveKind.MANAGER_UPDATE) in kinds
    assert (dt.date(2027, 1, 11), MoveKind.CATCH_UP) in kinds
    assert not any(k is MoveKind.MANAGER_UPDATE for d, k in kinds if d.month == 12)


@settings(max_examples=200, deadline=None)
@given(member_plans)
def test_with_a_stale_stakeholder_a_catch_up_comes_once_in_every_month(plan: dict) -> None:
    """A stakeholder nobody talks to for 30 weeks: one catch-up and one update a month at
    most, and breadth still holds once the first weeks' list focus is over (a catch-up a
    month adds visibility weeks, so windows from the 5th check-in on; a new member's first
    12 weeks may cover only 4 areas when the list is in one area)."""
    start = plan["start"]
    proposed = simulate(
        start=start,
        weeks=30,
        seed=plan["seed"],
        has_manager=plan["has_manager"],
        behind=plan["behind"],
        since_reflection=plan["since_reflection"],
        stale=CAROL,
    )
    by_month: dict[tuple[int, int], list[MoveKind]] = {}
    for day, kind, _ in proposed:
        by_month.setdefault((day.year, day.month), []).append(kind)
    for month, kinds in by_month.items():
        assert kinds.count(MoveKind.CATCH_UP) <= 1, month
        assert kinds.count(MoveKind.MANAGER_UPDATE) <= 1, month
    areas = [area for _, _, area in proposed]
    for first in range(4, len(areas) - 11):
        window = areas[first : first + 12]
        assert len(set(window)) >= 5, (first, [a.value for a in window])
