"""The promotion packet's layout (golden Markdown for a rich history) and its PDF."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain import packet as p
from bot.domain.areas import SkillArea
from bot.services import packet_pdf

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "packet.md"
D = dt.date


def rich_history() -> p.Content:
    """Five months of a campaign: items from the manager, two stakeholders and the member,
    evidence, wins in every area (shared and private), testimonials, conversations, updates."""
    items = (
        p.Item(
            1,
            "Run the team retro",
            p.AskedBy.MANAGER,
            "Dana Whitfield",
            True,
            D(2026, 6, 12),
            SkillArea.COACHING,
            (p.Evidence(D(2026, 6, 12), "Ran it; two actions agreed"),),
        ),
        p.Item(
            2,
            "Mentor the new hire",
            p.AskedBy.MANAGER,
            "Dana Whitfield",
            True,
            D(2026, 8, 3),
            SkillArea.COACHING,
            (
                p.Evidence(D(2026, 7, 1), "Weekly 1:1s since June"),
                p.Evidence(D(2026, 8, 3), "Shipped her first feature"),
            ),
        ),
        p.Item(
            3,
            "Present the Q3 roadmap",
            p.AskedBy.STAKEHOLDER,
            "Carol Ng",
            False,
            None,
            SkillArea.COMMUNICATION,
        ),
        p.Item(
            4,
            "Write the on-call guide",
            p.AskedBy.STAKEHOLDER,
            "Ravi Patel",
            True,
            D(2026, 5, 20),
            SkillArea.KNOWLEDGE_SHARING,
            (p.Evidence(D(2026, 5, 20), "Guide used in three incidents"),),
        ),
        p.Item(
            5,
            "Cost review of the build farm",
            p.AskedBy.SELF,
            "me",
            True,
            D(2026, 9, 9),
            SkillArea.BUSINESS_SENSE,
        ),
        p.Item(6, "Fix the flaky deploy", p.AskedBy.SELF, "me", False, None, None),
        p.Item(
            7,
            "תיעוד תהליך השחרור",
            p.AskedBy.SELF,
            "me",
            True,
            D(2026, 10, 1),
            SkillArea.PROBLEM_SOLVING,
            (p.Evidence(D(2026, 10, 1), "שוחרר בזמן"),),
        ),
    )
    wins = (
        p.Win("Coached Sam through the incident review", D(2026, 5, 2), SkillArea.COACHING, True),
        p.Win("Demo to sales went well", D(2026, 6, 18), SkillArea.COMMUNICATION, True),
        p.Win("Brown-bag on tracing", D(2026, 7, 9), SkillArea.KNOWLEDGE_SHARING, True),
        p.Win("Cut CI spend 20%", D(2026, 8, 21), SkillArea.BUSINESS_SENSE, True),
        p.Win("Found the memory leak 🎉", D(2026, 9, 2), SkillArea.PROBLEM_SOLVING, True),
        p.Win("Wrote the eng blog post", D(2026, 9, 30), SkillArea.VISIBILITY, True),
        p.Win("Calmed a tense planning meeting", D(2026, 10, 6), SkillArea.COACHING, False),
        p.Win("Helped support with a hotfix", D(2026, 10, 8), None, True),
    )
    return p.Content(
        member="Kofi Mensah",
        made_on=D(2026, 11, 2),
        target_role="Engineering manager",
        target_date=D(2027, 3, 31),
        why="I like growing people more than I like growing code.",
        items=items,
        wins=wins,
        testimonials=(
            p.Testimonial("Sam Okafor", "Kofi made my first on-call week calm.", D(2026, 6, 1)),
        ),
        stakeholders=(
            p.StakeholderLog(
                "Carol Ng",
                "runs platform",
                (
                    p.Contact(D(2026, 5, 10), "wants the roadmap earlier"),
                    p.Contact(D(2026, 9, 14)),
                ),
            ),
            p.StakeholderLog("Ravi Patel", None, ()),
        ),
        updates=(
            p.SentUpdate(
                D(2026, 6, 30), ("Dana Whitfield", "Carol Ng"), "June: retro run.\nNext: roadmap."
            ),
            p.SentUpdate(D(2026, 9, 30), ("Dana Whitfield",), "September: CI costs down."),
        ),
    )


def test_markdown_matches_the_golden_file() -> None:
    text = p.markdown(rich_history())
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()


def test_summary_comes_first_with_bars_and_counts() -> None:
    text = p.markdown(rich_history())
    summary, _, rest = text.partition("\n---\n")
    assert "Target role: Engineering manager" in summary
    assert "Progress: 5 of 7 items done" in summary
    assert "coaching           ██████████ 4" in summary  # 3 notes + 1 shared win
    assert "Wins: 7 · Testimonials: 1 · Stakeholders: 2 · Months with an update sent: 2" in summary
    assert rest.index("Asked by Dana Whitfield (manager)") < rest.index("Asked by Carol Ng")
    assert rest.index("Asked by Ravi Patel") < rest.index("My own items")


def test_private_wins_only_when_asked() -> None:
    assert "Calmed a tense planning meeting" not in p.markdown(rich_history())
    with_private = p.markdown(rich_history(), p.Options(private_wins=True))
    assert "Calmed a tense planning meeting (private)" in with_private


def test_since_leaves_out_what_happened_before() -> None:
    text = p.markdown(rich_history(), p.Options(since=D(2026, 8, 1)))
    assert "since Sat 1 Aug 2026" in text
    assert "Run the team retro" not in text  # done in June
    assert "Mentor the new hire" in text and "Present the Q3 roadmap" in text  # done later; open
    assert "Demo to sales" not in text and "Cut CI spend" in text
    assert "wants the roadmap earlier" not in text and "Mon 14 Sep 2026" in text
    assert "June: retro run." not in text and "September: CI costs down." in text
    assert "Kofi made my first on-call week calm." not in text  # written on 1 June


def test_since_keeps_testimonials_written_from_that_day() -> None:
    text = p.markdown(rich_history(), p.Options(since=D(2026, 6, 1)))
    assert "Kofi made my first on-call week calm." in text


def test_sections_can_be_left_out() -> None:
    options = p.Options(leave_out=frozenset({p.Section.WINS, p.Section.UPDATES}))
    text = p.markdown(rich_history(), options)
    assert "## Wins by skill area" not in text and "## Updates sent" not in text
    assert "## Testimonials" in text and "## Stakeholder log" in text


def test_list_says_open_done_or_done_on_a_day() -> None:
    content = p.Content(
        member="Sam",
        made_on=D(2026, 10, 1),
        items=(
            p.Item(1, "Open one", p.AskedBy.SELF, "me", False),
            p.Item(2, "Done, day unknown", p.AskedBy.SELF, "me", True),
            p.Item(3, "Done on a day", p.AskedBy.SELF, "me", True, D(2026, 9, 9)),
        ),
    )
    text = p.markdown(content)
    assert "- #1 Open one: open\n" in text
    assert "- #2 Done, day unknown: done\n" in text
    assert "- #3 Done on a day: done " in text


def test_bar_is_scaled_and_never_empty_for_a_count() -> None:
    assert p.bar(0, 0) == "░" * 10
    assert p.bar(1, 100) == "█" + "░" * 9
    assert p.bar(5, 10) == "█" * 5 + "░" * 5


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_opens_with_the_summary_first_and_rtl_text() -> None:
    content = rich_history()
    data = packet_pdf.render(p.document(content), title="Promotion packet")
    pages, text = _pdf_text(data)
    assert pages >= 2
    first = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Kofi Mensah" in first and "Engineering manager" in first
    assert "The list, by who asked" not in first
    assert "תיעוד" in text or "דועית" in text  # the Hebrew item (logical or visual order)
    assert "Page 1 of" in first


def test_pdf_for_200_items_and_1000_wins_stays_under_1_mb() -> None:
    areas = list(SkillArea)
    items = tuple(
        p.Item(
            n,
            f"Item {n}: a longer line about what was done",
            p.AskedBy.SELF,
            "me",
            n % 2 == 0,
            D(2026, 6, 1),
            areas[n % 6],
            (p.Evidence(D(2026, 6, 2), "proof"),),
        )
        for n in range(1, 201)
    )
    wins = tuple(
        p.Win(f"Win {n} 🎉 שלום", D(2026, 1, 1) + dt.timedelta(days=n % 300), areas[n % 6], True)
        for n in range(1000)
    )
    content = p.Content(member="Kofi", made_on=D(2026, 12, 1), items=items, wins=wins)
    data = packet_pdf.render(p.document(content), title="x")
    assert len(data) < 1_000_000
    pages, _ = _pdf_text(data)
    assert pages > 10


@pytest.mark.parametrize(
    "text",
    ["🎉👩🏽‍💻🇬🇭", "مرحبا بالعالم", "שלום עולם", "Ünïcödé ẞ ǅ", "\u200f\u202e mixed", "𝕏 𓀀 ☃", ""],
)
def test_pdf_survives_any_script(text: str) -> None:
    content = p.Content(member=text, made_on=D(2026, 12, 1), target_role=text, why=text)
    pages, _ = _pdf_text(packet_pdf.render(p.document(content), title=text))
    assert pages >= 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=40,
    )
)
def test_pdf_never_crashes_on_unicode(text: str) -> None:
    content = p.Content(
        member=text,
        made_on=D(2026, 12, 1),
        why=text,
        items=(
            p.Item(
                1,
                text,
                p.AskedBy.STAKEHOLDER,
                text,
                True,
                D(2026, 1, 1),
                None,
                (p.Evidence(D(2026, 1, 1), text),),
            ),
        ),
        wins=(p.Win(text, D(2026, 1, 1), None, True),),
    )
    data = packet_pdf.render(p.document(content), title=text)
    assert data.startswith(b"%PDF")


def test_page_one_leads_with_the_strongest_done_items_and_their_newest_evidence() -> None:
    summary = p.markdown(rich_history()).partition("\n---\n")[0]
    lines = summary.splitlines()
    start = lines.index("**Highlights:**  ")
    assert [line.split(":")[0] for line in lines[start + 1 : start + 4]] == [
        "- #2 Mentor the new hire",
        "- #7 תיעוד תהליך השחרור",
        "- #1 Run the team retro",
    ]
    assert lines[start + 4].startswith("**Evidence by skill area")


def test_reflections_are_private_unless_asked_and_follow_since() -> None:
    history = replace(
        rich_history(),
        reflections=(
            p.ReflectionNote(D(2026, 7, 1), "not sure", "Coaching Ana", "Status meetings"),
            p.ReflectionNote(D(2026, 10, 1), "yes", "Running the retro", None),
        ),
    )
    assert "Reflections" not in p.markdown(history)
    shown = p.markdown(history, p.Options(reflections=True))
    assert "## Reflections" in shown
    assert "Wed 1 Jul 2026: still want this? not sure" in shown
    assert "  - Energised: Coaching Ana" in shown and "  - Drained: Status meetings" in shown
    later = p.markdown(history, p.Options(reflections=True, since=D(2026, 9, 1)))
    assert "Jul 2026: still want" not in later and "Thu 1 Oct 2026: still want this? yes" in later
