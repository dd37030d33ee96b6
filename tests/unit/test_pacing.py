from __future__ import annotations

from bot.jobs.pacing import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_slots_are_spaced_by_the_rate() -> None:
    fake = FakeTime()
    pacer = Pacer(4, clock=fake.clock, sleep=fake.sleep)
    for _ in range(5):
        pacer.wait()
    assert fake.slept == [0.25, 0.25, 0.25, 0.25]
    assert fake.now == 101.0


def test_idle_time_is_not_banked_into_a_burst() -> None:
    fake = FakeTime()
    pacer = Pacer(2, clock=fake.clock, sleep=fake.sleep)
    pacer.wait()
    fake.now += 10
    pacer.wait()
    pacer.wait()
    assert fake.slept == [0.5]


def test_no_rate_never_waits() -> None:
    fake = FakeTime()
    pacer = Pacer(None, clock=fake.clock, sleep=fake.sleep)
    for _ in range(100):
        pacer.wait()
    assert fake.slept == []
