"""The prep modal, the reflection modal and the pause offer: valid Block Kit at the limits,
user text escaped, and "Build my packet" carrying the ready value."""

from __future__ import annotations

import datetime as dt

from bot.domain.areas import SkillArea
from bot.domain.case import ItemFacts, Recalled
from bot.models import REFLECTION_TEXT_MAX, CheckIn, Reflection
from bot.services.ready import ReadyPrep, SharedBlurb
from bot.slack import ids
from bot.slack.blocks.case import (
    pause_offer_message,
    ready_modal,
    reflection_line,
    reflection_modal,
)
from bot.slack.blocks.checkin import look_back_text
from tests.support.blockkit import check_message, check_shell_form, check_view
from tests.support.readers import buttons, markup_text

LONG = "<&>" * 700  # escapes to far more than a section holds unclipped


def fat_prep() -> ReadyPrep:
    items = [
        ItemFacts(n, LONG, "coaching", (LONG,) * 5, dt.date(2026, 11, n), dt.date(2026, 11, n))
        for n in range(1, 4)
    ]
    return ReadyPrep(
        target_role=LONG[:100],
        target_date=dt.date(2027, 1, 4),
        done=3,
        total=3,
        strongest=items,
        areas=list(SkillArea),
        testimonials=[SharedBlurb(f"U{n}", LONG) for n in range(3)],
        stakeholder_user_ids=[f"U{n}" for n in range(20)],
        manager_user_id="U9",
    )


def test_the_prep_modal_stays_valid_and_escaped_at_the_limits() -> None:
    view = ready_modal(fat_prep()).to_dict()
    check_view(view)
    markup = markup_text(view["blocks"])
    assert "<&>" not in markup and "&lt;&amp;&gt;" in markup
    assert buttons(view)[ids.PACKET_BUILD] == ids.READY_PACKET_VALUE == "ready"
    assert "Still thin" not in markup


def test_an_empty_case_says_what_is_thin() -> None:
    empty = ReadyPrep(target_role=None, target_date=None, done=0, total=0, strongest=[], areas=[])
    view = ready_modal(empty).to_dict()
    check_view(view)
    markup = markup_text(view["blocks"])
    assert "Still thin" in markup and "no target role yet" in markup
    assert "the role I'm working toward" in markup


def test_the_reflection_modal_and_the_offer() -> None:
    view = reflection_modal(CheckIn(id=7)).to_dict()
    check_view(view)
    check_shell_form(view)
    # "Still want this?" shows its three answers at once, none chosen for them
    [still] = [b["element"] for b in view["blocks"] if b.get("block_id") == ids.STILL_WANT_BLOCK]
    assert still["type"] == "radio_buttons" and "initial_option" not in still
    assert [o["value"] for o in still["options"]] == ["yes", "not_sure", "no"]
    check_message(pause_offer_message().to_dict())
    line = reflection_line(
        Reflection(still_want="no", energised="<b>" * 10, drained="x" * REFLECTION_TEXT_MAX),
        day="Mon 30 Nov 2026",
    )
    assert "<b>" not in line and "still want this: *No*" in line and len(line) < 600


def test_a_reflection_line_labels_a_known_answer_and_keeps_an_unknown_one() -> None:
    unsure = reflection_line(Reflection(still_want="not_sure"), day="Mon 30 Nov 2026")
    assert "still want this: *Not sure*" in unsure
    odd = reflection_line(Reflection(still_want="maybe<>"), day="Mon 30 Nov 2026")
    assert "still want this: *maybe&lt;&gt;*" in odd


def test_a_look_back_of_three_long_wins_fits_one_section() -> None:
    recalled = [Recalled(dt.date(2026, 11, n), LONG) for n in (3, 2, 1)]
    text = look_back_text(recalled)
    assert len(text) < 3000 and "<&>" not in text
    assert text.count("• on ") == 3 and "on Tue 3 Nov 2026 you:" in text
