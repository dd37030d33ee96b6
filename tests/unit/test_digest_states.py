"""Digest post states: a pending post settles once; settled states are final."""

from __future__ import annotations

import pytest

from bot.domain.digests import AlreadySettled, DigestPostState, delivered, undeliverable


def test_a_pending_post_settles_as_sent_empty_or_undeliverable() -> None:
    pending = DigestPostState.PENDING
    assert delivered(pending, posted=True) is DigestPostState.SENT
    assert delivered(pending, posted=False) is DigestPostState.EMPTY
    assert undeliverable(pending) is DigestPostState.UNDELIVERABLE


@pytest.mark.parametrize(
    "state", [DigestPostState.SENT, DigestPostState.EMPTY, DigestPostState.UNDELIVERABLE]
)
def test_settled_states_are_final(state: DigestPostState) -> None:
    assert state.settled
    with pytest.raises(AlreadySettled):
        delivered(state, posted=True)
    with pytest.raises(AlreadySettled):
        undeliverable(state)


def test_states_are_the_strings_the_database_holds() -> None:
    assert DigestPostState("pending") is DigestPostState.PENDING
    assert DigestPostState.SENT == "sent" and not DigestPostState.PENDING.settled
