"""The team digest shows exactly the wins their owners chose to share, and nothing else.

Random members (in this workspace or another, with this channel, another one or none as their
team channel) log random wins, shared or not, and toggle sharing at random times. The digest
content for one channel and window (`shared_wins` plus the summary and thread messages) must:

- never show the text of a private win, a win shared outside the window, a win of someone whose
  team channel is elsewhere, or a win from another workspace, nor name anyone who has no win in it;
- show every win shared in the window, escaped, unless the thread ends in "…and N more", in
  which case exactly N are left out.

Each win's text starts with a unique marker like `[[7]]` (the brackets never occur otherwise),
so finding a marker means finding that win.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.db import Database
from bot.domain.areas import SkillArea
from bot.domain.slack_text import escape
from bot.models import WIN_MAX, Base
from bot.services import digests, members, wins
from bot.slack.blocks.digest import details_message, summary_message
from bot.slack.blocks.messages import Message
from tests.support.blockkit import check_message
from tests.support.readers import data_text

TEAM, OTHER_TEAM = "T1", "T2"
CHANNEL, OTHER_CHANNEL = "CTEAM", "COTHER"
BASE = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
START = BASE + dt.timedelta(days=3)  # the digest window [START, END)
END = START + dt.timedelta(days=7)
SPAN = 14 * 24 * 60  # minutes after BASE that things may happen
MORE = re.compile(r"…and (\d+) more")


@dataclass(frozen=True)
class MemberSpec:
    team: str
    channel: str | None


@dataclass(frozen=True)
class WinSpec:
    owner: int  # index into the members (modulo their number)
    body: str
    repeat: int
    area: SkillArea | None
    at: int  # minutes after BASE it was logged
    shared: bool  # as logged
    toggles: tuple[tuple[int, bool], ...]  # (minutes after logging, share or unshare)


@dataclass(frozen=True)
class Logged:
    user_id: str
    team: str
    channel: str | None
    text: str
    marker: str
    shared: bool
    shared_at: dt.datetime | None

    @property
    def in_digest(self) -> bool:
        return (
            self.team == TEAM
            and self.channel == CHANNEL
            and self.shared
            and self.shared_at is not None
            and START <= self.shared_at < END
        )


# Text people type: anything printable, Slack's control characters and markup, newlines; no NUL
# (Postgres refuses it) and no square brackets (kept for the markers).
TEXT = st.lists(
    st.one_of(
        st.characters(
            exclude_categories=("Cs", "Cc"), exclude_characters="[]", max_codepoint=0x1FAFF
        ),
        st.sampled_from(list("<>&@!#|^*_~`\n ")),
        st.sampled_from(["<!channel>", "<!here>", "<@U1>", "&lt;", "&amp;", ":tada:", "🎉"]),
    ),
    max_size=40,
).map("".join)
# The first member always shares into the channel, so most examples have a digest to check.
MEMBERS = st.lists(
    st.builds(
        MemberSpec,
        team=st.sampled_from([TEAM, TEAM, TEAM, OTHER_TEAM]),
        channel=st.sampled_from([CHANNEL, CHANNEL, OTHER_CHANNEL, None]),
    ),
    max_size=4,
).map(lambda rest: [MemberSpec(TEAM, CHANNEL), *rest])
WINDOW_MINUTES = st.integers(
    int((START - BASE).total_seconds() // 60) - 5, int((END - BASE).total_seconds() // 60) + 5
)
MINUTES = st.one_of(WINDOW_MINUTES, st.integers(0, SPAN))
WINS = st.lists(
    st.builds(
        WinSpec,
        owner=st.integers(0, 4),
        body=TEXT,
        repeat=st.integers(1, 15),
        area=st.none() | st.sampled_from(list(SkillArea)),
        at=MINUTES,
        shared=st.booleans(),
        toggles=st.lists(st.tuples(st.integers(0, SPAN // 2), st.booleans()), max_size=3).map(
            tuple
        ),
    ),
    min_size=1,
    max_size=40,
)


def clean(db: Database) -> None:
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


def seed(db: Database, people: list[MemberSpec], specs: list[WinSpec]) -> list[Logged]:
    """Log every win through the service, then apply its share toggles in time order."""
    logged: list[Logged] = []
    with db.session() as session:
        found = []
        for index, person in enumerate(people):
            member = members.enroll(session, team_id=person.team, user_id=f"U{index}", now=BASE)
            member.team_channel_id = person.channel
            found.append(member)
        session.flush()
        for number, spec in enumerate(specs):
            index = spec.owner % len(people)
            person, member = people[index], found[index]
            marker = f"[[{number}]]"
            text = f"{marker} {spec.body * spec.repeat}"[:WIN_MAX]
            logged_at = BASE + dt.timedelta(minutes=spec.at)
            win = wins.log_win(
                session,
                team_id=person.team,
                user_id=member.user_id,
                text=text,
                area=spec.area,
                share=spec.shared,
                happened_on=BASE.date(),
                now=logged_at,
            )
            for after, share in sorted(spec.toggles):
                wins.set_shared(
                    session, win=win, shared=share, now=logged_at + dt.timedelta(minutes=after)
                )
            logged.append(
                Logged(
                    user_id=member.user_id,
                    team=person.team,
                    channel=person.channel,
                    text=win.text,
                    marker=marker,
                    shared=win.shared,
                    shared_at=win.shared_at,
                )
            )
    return logged


def expected_share_state(spec: WinSpec) -> tuple[bool, dt.datetime | None]:
    """What sharing should be after the toggles: the last share time counts, unsharing clears."""
    logged_at = BASE + dt.timedelta(minutes=spec.at)
    shared, shared_at = spec.shared, logged_at if spec.shared else None
    for after, share in sorted(spec.toggles):
        if share != shared:
            shared, shared_at = share, (logged_at + dt.timedelta(minutes=after)) if share else None
    return shared, shared_at


def rendered(message: Message) -> str:
    return data_text(message.to_dict())


def check_digest(db: Database, logged: list[Logged]) -> str:
    """Check the digest for CHANNEL over [START, END); returns what kind of digest it was."""
    with db.session() as session:
        shown = digests.shared_wins(session, team_id=TEAM, channel_id=CHANNEL, start=START, end=END)
    expected = [w for w in logged if w.in_digest]
    left_out = [w for w in logged if not w.in_digest]

    # The query: exactly the wins shared into this channel in the window, oldest share first.
    assert sorted(w.text for w in shown) == sorted(w.text for w in expected)
    order = sorted(expected, key=lambda w: (w.shared_at, logged.index(w)))
    assert [w.text for w in shown] == [w.text for w in order]

    if not shown:
        return "empty"  # an empty week posts nothing
    summary, details = summary_message(shown), details_message(shown)
    check_message(summary.to_dict())
    check_message(details.to_dict())
    summary_text, details_text = rendered(summary), rendered(details)
    everything = summary_text + "\n" + details_text

    # Nothing private, out of the window, from elsewhere, or from another workspace leaks.
    for win in left_out:
        assert win.marker not in everything, f"{win} leaked"
    named = {w.user_id for w in expected}
    for user in {w.user_id for w in logged} - named:
        assert f"<@{user}>" not in everything, f"{user} has nothing in the digest"
    # The summary carries counts and names, never a win's text.
    assert all(w.marker not in summary_text for w in expected)
    assert f"{len(shown)} win" in summary_text
    more = MORE.search(summary_text)
    hidden_people = int(more.group(1)) if more else 0
    assert sum(f"<@{user}>" in summary_text for user in named) == len(named) - hidden_people

    # The thread: every shared win, escaped, unless "…and N more" leaves out exactly N.
    truncated = MORE.search(details_text)
    missing = int(truncated.group(1)) if truncated else 0
    present = [w for w in expected if escape(w.text) in details_text]
    assert len(present) == len(expected) - missing
    assert {w.marker for w in expected if w.marker in details_text} == {w.marker for w in present}
    if truncated:
        assert 0 < missing < len(expected) + 1
        assert len(details.blocks) <= 50
    return f"{min(len(shown), 5)}{'+' if len(shown) >= 5 else ''} wins" + (
        ", thread cut short" if truncated else ""
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=MEMBERS, specs=WINS)
def test_digest_shows_exactly_the_wins_shared_into_the_channel_in_the_window(
    db: Database, people: list[MemberSpec], specs: list[WinSpec]
) -> None:
    clean(db)
    logged = seed(db, people, specs)
    # Sharing ends up as the owner left it (and the stored rows agree with the model).
    for spec, win in zip(specs, logged, strict=True):
        assert (win.shared, win.shared_at) == expected_share_state(spec)
    event(check_digest(db, logged))


def test_a_week_too_big_for_one_thread_ends_in_and_n_more_without_leaking(db: Database) -> None:
    """Sixty long shared wins and sixty long private ones, all in the window."""
    people = [MemberSpec(TEAM, CHANNEL) for _ in range(3)]
    specs = [
        WinSpec(
            owner=n % 3,
            body="<!channel> & <https://evil.example|x> ",
            repeat=20,
            area=None,
            at=3 * 24 * 60 + 60 + n,
            shared=n % 2 == 0,
            toggles=(),
        )
        for n in range(120)
    ]
    logged = seed(db, people, specs)
    assert sum(w.in_digest for w in logged) == 60
    with db.session() as session:
        shown = digests.shared_wins(session, team_id=TEAM, channel_id=CHANNEL, start=START, end=END)
    assert MORE.search(rendered(details_message(shown))), "expected the thread to be cut short"
    assert check_digest(db, logged) == "5+ wins, thread cut short"


def test_unsharing_before_the_digest_takes_a_win_back_and_resharing_moves_it(
    db: Database,
) -> None:
    people = [MemberSpec(TEAM, CHANNEL)]
    in_window = 4 * 24 * 60
    specs = [
        # Shared, then made private inside the window: gone.
        WinSpec(0, "taken back", 1, None, in_window, True, ((60, False),)),
        # Shared before the window (an earlier digest had it), reshared inside it: shown again.
        WinSpec(0, "reshared", 1, None, 0, True, ((in_window, False), (in_window + 5, True))),
        # Shared inside the window, then reshared after it ends: belongs to the next digest.
        WinSpec(0, "next week", 1, None, in_window, True, ((60, False), (8 * 24 * 60, True))),
        # Private all along.
        WinSpec(0, "private", 1, None, in_window, False, ()),
    ]
    logged = seed(db, people, specs)
    assert [w.in_digest for w in logged] == [False, True, False, False]
    check_digest(db, logged)
