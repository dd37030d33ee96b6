"""The check-in state machine: every answer from every state, with no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from bot.domain import checkins as t
from bot.domain.checkins import CheckinKind, CheckinRefused, CheckinState, Pulse

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)  # a Monday
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class Row:
    kind: str = CheckinKind.CHECKIN
    state: str = CheckinState.SENT
    answered_at: dt.datetime | None = None


NOT_WAITING = [s for s in CheckinState if s is not CheckinState.SENT]


def test_swap_keeps_a_sent_checkin_waiting_and_marks_it_answered() -> None:
    assert t.swap(Row(), now=NOW) == t.Answered(CheckinState.SENT, NOW)


@pytest.mark.parametrize("state", NOT_WAITING)
def test_swap_is_refused_once_the_checkin_is_not_waiting(state: CheckinState) -> None:
    with pytest.raises(CheckinRefused, match="already answered"):
        t.swap(Row(state=state), now=NOW)


def test_swap_is_refused_on_the_pause_prompt() -> None:
    with pytest.raises(CheckinRefused):
        t.swap(Row(kind=CheckinKind.PAUSE_PROMPT), now=NOW)


def test_the_first_answer_time_is_kept() -> None:
    earlier = NOW - dt.timedelta(hours=3)
    assert t.swap(Row(answered_at=earlier), now=NOW).answered_at == earlier


def test_swapped_moves_lists_every_move_shown_the_new_one_last() -> None:
    assert t.swapped_moves([], "b") == "b"
    assert t.swapped_moves(["a", "b"], "c") == "a,b,c"


def test_snooze_is_due_again_tomorrow_at_the_members_time() -> None:
    snoozed = t.snooze(Row(), now=NOW, at=dt.time(9, 0), zone=BERLIN, next_checkin=None)
    assert snoozed.state is CheckinState.PENDING
    assert snoozed.due_at == dt.datetime(2026, 12, 8, 8, 0, tzinfo=dt.UTC)  # 09:00 in Berlin


def test_snooze_late_at_night_skips_a_moment_already_past() -> None:
    # 23:30 UTC on Monday is 00:30 Tuesday in Berlin: "tomorrow" is Wednesday.
    late = dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)
    snoozed = t.snooze(Row(), now=late, at=dt.time(0, 15), zone=BERLIN, next_checkin=None)
    assert snoozed.due_at == dt.datetime(2026, 12, 8, 23, 15, tzinfo=dt.UTC)


def test_snooze_is_refused_when_the_next_checkin_comes_first() -> None:
    with pytest.raises(CheckinRefused, match="nothing to snooze to"):
        t.snooze(
            Row(), now=NOW, at=dt.time(9, 0), zone=BERLIN, next_checkin=NOW + dt.timedelta(hours=1)
        )


@pytest.mark.parametrize("state", NOT_WAITING)
def test_snooze_is_refused_once_the_checkin_is_not_waiting(state: CheckinState) -> None:
    with pytest.raises(CheckinRefused):
        t.snooze(Row(state=state), now=NOW, at=dt.time(9, 0), zone=BERLIN, next_checkin=None)


@pytest.mark.parametrize("state", [CheckinState.SENT, CheckinState.PENDING])
def test_skip_works_while_sent_or_snoozed(state: CheckinState) -> None:
    assert t.skip(Row(state=state), now=NOW) == t.Answered(CheckinState.SKIPPED, NOW)


@pytest.mark.parametrize(
    "state",
    [CheckinState.DONE, CheckinState.SKIPPED, CheckinState.UNDELIVERABLE, CheckinState.EXPIRED],
)
def test_skip_is_refused_after_an_answer_or_a_failed_delivery(state: CheckinState) -> None:
    with pytest.raises(CheckinRefused):
        t.skip(Row(state=state), now=NOW)


@pytest.mark.parametrize("state", list(CheckinState))
def test_a_pulse_leaves_the_state_as_it_is(state: CheckinState) -> None:
    chosen, answered = t.pulse(Row(state=state), chosen="behind", now=NOW)
    assert chosen is Pulse.BEHIND
    assert answered == t.Answered(state, NOW)


def test_an_unknown_pulse_is_refused() -> None:
    with pytest.raises(CheckinRefused, match="on track, stretched or behind"):
        t.pulse(Row(), chosen="sideways", now=NOW)


def test_did_it_completes_the_checkin_once() -> None:
    assert t.did_it(Row(), now=NOW) == t.Answered(CheckinState.DONE, NOW)
    with pytest.raises(CheckinRefused, match="already logged"):
        t.did_it(Row(state=CheckinState.DONE), now=NOW)


@pytest.mark.parametrize("state", NOT_WAITING)
def test_the_did_it_modal_opens_only_for_a_waiting_checkin(state: CheckinState) -> None:
    t.may_do(Row())
    with pytest.raises(CheckinRefused):
        t.may_do(Row(state=state))


def test_the_pause_prompt_is_answered_once() -> None:
    prompt = Row(kind=CheckinKind.PAUSE_PROMPT)
    assert t.answer_pause_prompt(prompt, now=NOW) == t.Answered(CheckinState.DONE, NOW)
    with pytest.raises(CheckinRefused, match="already answered that"):
        t.answer_pause_prompt(Row(kind=CheckinKind.PAUSE_PROMPT, state="done"), now=NOW)


def test_a_checkin_is_not_a_pause_prompt() -> None:
    with pytest.raises(CheckinRefused):
        t.answer_pause_prompt(Row(), now=NOW)


def test_three_silent_weeks_ask_to_pause() -> None:
    silent = [Row(), Row(), Row()]
    assert t.unanswered_streak(silent) == 3
    assert t.should_ask_to_pause(silent)
    assert not t.should_ask_to_pause([Row(), Row(answered_at=NOW), Row()])
    assert t.unanswered_streak([Row(state=CheckinState.PENDING), Row()]) == 0
    assert t.unanswered_streak([Row(kind=CheckinKind.PAUSE_PROMPT), Row()]) == 0


def test_states_are_the_strings_the_database_holds() -> None:
    assert CheckinState.SENT == "sent"
    assert CheckinKind.PAUSE_PROMPT == "pause_prompt"
