"""The monthly update's draft, from a scripted month: golden text, and the rules around it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.updates import (
    UPDATE_MAX,
    AddedItem,
    DoneItem,
    Month,
    OpenItem,
    WinLine,
    draft_text,
    private_lines,
)

NOV = dt.date(2026, 11, 4)

MONTH = Month(
    role="Engineering Manager",
    since=NOV,
    done=(
        DoneItem(
            3,
            "Run the Q1 planning retro",
            dt.date(2026, 11, 12),
            ("Shipped the retro doc", "8 people came\nand stayed"),
        ),
        DoneItem(5, "Write the on-call guide", dt.date(2026, 11, 30)),
    ),
    added=(
        AddedItem(6, "Mentor the new hire", "Dana"),
        AddedItem(7, "Present at all-hands", "Carol"),
        AddedItem(8, "Tidy the runbooks", None),
    ),
    wins=(
        WinLine("Walked the new hire through a deploy", dt.date(2026, 11, 10), shared=True),
        WinLine("Calmed the payments escalation", dt.date(2026, 11, 18), shared=False),
    ),
    open_items=(
        OpenItem(4, "Present the roadmap", dt.date(2026, 12, 15)),
        OpenItem(6, "Mentor the new hire", None),
        OpenItem(7, "Present at all-hands", None),
        OpenItem(8, "Tidy the runbooks", None),
    ),
    total_items=8,
)

GOLDEN = """\
My progress toward Engineering Manager since 4 Nov.

Checked off my list
• #3 Run the Q1 planning retro (12 Nov): Shipped the retro doc; 8 people came and stayed
• #5 Write the on-call guide (30 Nov)

New on my list
• #6 Mentor the new hire (Dana asked for this)
• #7 Present at all-hands (Carol asked for this)
• #8 Tidy the runbooks (my own)

Wins
• 10 Nov: Walked the new hire through a deploy
• [private] 18 Nov: Calmed the payments escalation

What's next
• #4 Present the roadmap (due 15 Dec)
• #6 Mentor the new hire
• #7 Present at all-hands
• 4 open, 4 of 8 done

One ask
• What's one thing you'd most like to see from me next month?"""


def test_a_scripted_month_drafts_the_golden_text() -> None:
    assert draft_text(MONTH) == GOLDEN


def test_the_private_win_is_tagged_and_only_it() -> None:
    assert private_lines(GOLDEN) == ["• [private] 18 Nov: Calmed the payments escalation"]
    untagged = GOLDEN.replace("[private] ", "")
    assert private_lines(untagged) == []


def test_a_quiet_month_still_says_what_was_done_and_what_is_next() -> None:
    quiet = Month(
        role=None,
        since=NOV,
        done=(),
        added=(),
        wins=(),
        open_items=(),
        total_items=0,
    )
    text = draft_text(quiet)
    assert text.startswith("My progress toward my first management role since 4 Nov.")
    assert "• Nothing checked off this time." in text
    assert "New on my list" not in text and "Wins" not in text
    assert "One ask" in text


def test_long_lists_end_in_and_n_more() -> None:
    many = Month(
        role="EM",
        since=NOV,
        done=tuple(DoneItem(n, f"Item {n}", NOV) for n in range(1, 21)),
        added=(),
        wins=tuple(WinLine(f"Win {n}", NOV, shared=True) for n in range(30)),
        open_items=(),
        total_items=20,
    )
    text = draft_text(many)
    assert "• …and 12 more" in text and "• …and 20 more" in text


@given(
    st.lists(st.text(max_size=300), max_size=40),
    st.lists(st.text(max_size=500), max_size=40),
)
def test_any_month_fits_the_text_box(items: list[str], wins: list[str]) -> None:
    month = Month(
        role="x" * 100,
        since=NOV,
        done=tuple(DoneItem(n, t, NOV, (t * 7,)) for n, t in enumerate(items)),
        added=tuple(AddedItem(n, t, "y" * 80) for n, t in enumerate(items)),
        wins=tuple(WinLine(t, NOV, shared=False) for t in wins),
        open_items=tuple(OpenItem(n, t, NOV) for n, t in enumerate(items)),
        total_items=len(items),
    )
    assert len(draft_text(month)) <= UPDATE_MAX
