"""Every queued row's states spell "pending" as the one queue claims it."""

from __future__ import annotations

from bot.domain.checkins import CheckinState
from bot.domain.digests import DigestPostState
from bot.domain.retry import QueueState


def test_each_queued_kind_is_pending_in_the_queues_own_spelling() -> None:
    assert CheckinState.PENDING == QueueState.PENDING
    assert DigestPostState.PENDING == QueueState.PENDING
